"""Benchmarks for infointerview, with ratios against a bare Textual app in the same run.

    python benchmarks/run.py [--quick]

- start-up: time until the board is painted *with its cards* in a real terminal (tmux,
  polling capture-pane for a card of the last column), for 10 and 10,000 contacts, and
  until a bare Textual "hello" app is painted; runs alternate so drift hits all alike;
- card-move latency in the same real terminal: shift+right / shift+left on the first card
  of column 3, timed from sending the key until the card is drawn on top of the other
  column (includes tmux's own overhead, ~3 ms a call here), at 10 and 10,000 contacts;
- peak memory (VmHWM) of the app after those moves;
- `infointerview demo --contacts 10000` wall time;
- importing a 20,000-row LinkedIn Connections.csv (`infointerview import linkedin`).

Needs tmux on PATH. Prints a table and the ratios with the targets of issue 3.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable
CLI = [PY, "-m", "infointerview_tui"]


def seed(path: Path, contacts: int) -> float:
    start = time.perf_counter()
    subprocess.run(
        [*CLI, "demo", "--db", str(path), "--contacts", str(contacts), "--no-open"],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def marker_for(db: Path) -> str:
    """The first card of the rightmost non-empty column: painted means cards are there."""
    conn = sqlite3.connect(db)
    try:
        row = conn.execute(
            "SELECT name FROM contact WHERE archived = 0 ORDER BY stage DESC, position, id LIMIT 1"
        ).fetchone()
    finally:
        conn.close()
    return row[0]


def time_to_paint(command: list[str], marker: str, timeout: float = 20.0) -> float:
    session = f"bench{time.monotonic_ns()}"
    shell = " ".join(f"'{c}'" for c in command)
    start = time.perf_counter()
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", "140", "-y", "42", shell], check=True
    )
    try:
        while time.perf_counter() - start < timeout:
            out = subprocess.run(
                ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True
            ).stdout
            if marker in out:
                return time.perf_counter() - start
            time.sleep(0.005)
        raise RuntimeError(f"{marker!r} never appeared for {command}")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def _capture(session: str) -> list[str]:
    return subprocess.run(
        ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True
    ).stdout.splitlines()


def _wait(session: str, predicate, timeout: float = 10.0) -> float:  # noqa: ANN001
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if predicate(_capture(session)):
            return time.perf_counter()
        time.sleep(0.002)
    raise RuntimeError("the screen never showed the expected change")


def _peak_rss_mb(session: str) -> float:
    pid = subprocess.run(
        ["tmux", "display", "-p", "-t", session, "#{pane_pid}"], capture_output=True, text=True
    ).stdout.strip()
    children = subprocess.run(["pgrep", "-P", pid], capture_output=True, text=True).stdout
    peak = 0.0
    for p in [pid, *children.split()]:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]) / 1024)
        except OSError:
            continue
    return peak


COLUMN = 28  # each of the five columns is 28 cells wide at 140 columns
CARD_ROW = 3  # header, timeline, column titles, then the first card's name


def move_latency(db: Path, moves: int) -> dict[str, float]:
    """Median real-terminal latency of a card move, and the app's peak memory."""
    session = f"move{time.monotonic_ns()}"
    command = " ".join([*CLI, "--db", str(db)])
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", "140", "-y", "42", command],
        check=True,
    )
    try:
        _wait(session, lambda lines: len(lines) > CARD_ROW and "▌" in lines[CARD_ROW])
        for _ in range(10):  # put the cursor on column 3
            if _capture(session)[CARD_ROW][2 * COLUMN] == "▌":
                break
            subprocess.run(["tmux", "send-keys", "-t", session, "l"])
            time.sleep(0.3)
        name = _capture(session)[CARD_ROW][2 * COLUMN : 3 * COLUMN].strip(" ▌▎")
        samples = []
        for i in range(moves):
            key, column = ("L", 3) if i % 2 == 0 else ("H", 2)
            lo = column * COLUMN
            start = time.perf_counter()
            subprocess.run(["tmux", "send-keys", "-t", session, key])
            end = _wait(session, lambda lines, lo=lo: name in lines[CARD_ROW][lo : lo + COLUMN])
            samples.append(end - start)
            time.sleep(0.03)
        samples.sort()
        return {
            "median_ms": statistics.median(samples) * 1000,
            "p90_ms": samples[int(len(samples) * 0.9)] * 1000,
            "peak_rss_mb": _peak_rss_mb(session),
        }
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def linkedin_import_seconds(work: Path, rows: int = 20_000) -> float:
    """Wall time of `infointerview import linkedin` for a generated export of `rows`."""
    csv = work / "Connections.csv"
    lines = [
        "Notes:",
        '"A preamble like the real export has."',
        "",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
    ]
    lines += [
        f'Person,N{i},https://www.linkedin.com/in/person-{i},,"Company {i % 700}, Inc",'
        f"Engineer,01 Jan 2024"
        for i in range(rows)
    ]
    csv.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8-sig")
    start = time.perf_counter()
    subprocess.run(
        [*CLI, "import", "linkedin", str(csv), "--db", str(work / "li.db")],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats (< 3 minutes)")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        print("benchmarks/run.py needs tmux on PATH", file=sys.stderr)
        return 2
    # A session that lives for the whole run: without it the tmux server exits whenever
    # the last measured app quits, and the next start can race its shutdown.
    anchor = f"bench-anchor{time.monotonic_ns()}"
    subprocess.run(["tmux", "new-session", "-d", "-s", anchor, "sleep 3600"], check=True)
    try:
        return _run(args.quick)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", anchor], capture_output=True)


def _run(quick: bool) -> int:
    repeats = 5 if quick else 15
    moves = 20 if quick else 60
    work = Path(tempfile.mkdtemp(prefix="infointerview-bench-"))
    small, large = work / "c10.db", work / "c10000.db"
    seed(small, 10)
    demo_10k = seed(large, 10_000)

    runs: dict[str, list[float]] = {"bare": [], "10": [], "10000": []}
    commands = {
        "bare": ([PY, str(HERE / "bare_app.py")], "Hello, benchmark"),
        "10": ([*CLI, "--db", str(small)], marker_for(small)),
        "10000": ([*CLI, "--db", str(large)], marker_for(large)),
    }
    for command, marker in commands.values():  # warm the OS caches once
        time_to_paint(command, marker)
    for _ in range(repeats):
        for name, (command, marker) in commands.items():
            runs[name].append(time_to_paint(command, marker))
    start = {k: statistics.median(v) for k, v in runs.items()}
    move_small = move_latency(small, moves)
    move_large = move_latency(large, moves)
    linkedin = linkedin_import_seconds(work)

    print(f"start-up to painted board, median of {repeats} (tmux 140x42):")
    print(f"  bare Textual app    {start['bare'] * 1000:7.0f} ms")
    print(f"  10 contacts         {start['10'] * 1000:7.0f} ms")
    print(f"  10,000 contacts     {start['10000'] * 1000:7.0f} ms")
    print(f"card move latency, median of {moves} (tmux, key sent -> card drawn):")
    print(
        f"  10 contacts         {move_small['median_ms']:7.1f} ms   "
        f"(p90 {move_small['p90_ms']:.1f} ms, peak RSS {move_small['peak_rss_mb']:.0f} MB)"
    )
    print(
        f"  10,000 contacts     {move_large['median_ms']:7.1f} ms   "
        f"(p90 {move_large['p90_ms']:.1f} ms, peak RSS {move_large['peak_rss_mb']:.0f} MB)"
    )
    print(f"demo --contacts 10000: {demo_10k:.2f} s")
    print(f"import linkedin, 20,000 rows: {linkedin:.2f} s (whole command, start-up included)")
    print("ratios (target):")
    checks = [
        ("start-up 10,000 / 10", start["10000"] / start["10"], 1.15),
        ("start-up 10 / bare Textual", start["10"] / start["bare"], 2.5),
        ("move 10,000 / 10", move_large["median_ms"] / move_small["median_ms"], 1.5),
    ]
    for label, value, target in checks:
        verdict = "ok" if value <= target else "MISSED"
        print(f"  {label:<28} {value:5.2f}x  (<= {target}x)  {verdict}")
    print(
        f"  {'move median at 10,000':<28} {move_large['median_ms']:5.1f} ms (< 50 ms)  "
        f"{'ok' if move_large['median_ms'] < 50 else 'MISSED'}"
    )
    print(
        f"  {'demo --contacts 10000':<28} {demo_10k:5.2f} s  (< 20 s)  "
        f"{'ok' if demo_10k < 20 else 'MISSED'}"
    )
    insight_screens(small, large, 3 if quick else 5)
    shutil.rmtree(work, ignore_errors=True)
    return 0


def insight_screens(small: Path, large: Path, opens: int) -> None:
    """The insights screen and the referral map (issue 13): see insight_screens.py."""
    import insight_screens as screens

    screens.report(screens.measure(small, large, opens), opens)


if __name__ == "__main__":
    sys.exit(main())
