"""How long the insights screen (`g`) and the referral map (`m`) take to show their figures.

    python benchmarks/insight_screens.py [--opens N] [--sizes 10,10000] [--db SIZE=FILE]
                                         [--prefix NAME]

In a real terminal (tmux 140x42): start the app, wait for the painted board, pause three
seconds as a user would, press the key, and time until the screen's figures are drawn
(the insights' funnel caption, which appears only once the counts are in; the map's
chain summary and its first expandable node). One open per start, so every open is a
first open; at 10 and 10,000 contacts (`--sizes`; `--db 100000=FILE` opens a copy of a
demo file made already instead of seeding one). The target (issue 13): under 300 ms at
10,000; issue 16's: at most 1.5x the smallest size's time at the largest.
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
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import CLI, _wait, marker_for, seed  # noqa: E402

TARGET_MS = 300.0
PAUSE = 3.0  # seconds between the painted board and the key, as a user would take


def first_root(db: Path) -> str:
    """The map's first row: the person found yourself who referred the most people."""
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "SELECT c.name FROM contact c WHERE c.archived = 0 AND (c.referred_by_id IS NULL "
            "OR NOT EXISTS (SELECT 1 FROM contact r WHERE r.id = c.referred_by_id AND "
            "r.archived = 0)) ORDER BY (SELECT count(*) FROM contact k WHERE k.archived = 0 "
            "AND k.referred_by_id = c.id) DESC, c.name, c.id LIMIT 1"
        ).fetchone()[0]
    finally:
        conn.close()


Shown = Callable[[list[str]], bool]


def insights_shown(db: Path) -> Shown:
    return lambda lines: any("people who reached each stage" in x for x in lines)


def map_shown(db: Path) -> Shown:
    root = first_root(db)
    return lambda lines: (
        any("found yourself" in x for x in lines)
        and any(x.lstrip(" ▶").startswith(root) for x in lines)
    )


SCREENS: dict[str, tuple[str, Callable[[Path], Shown]]] = {
    "insights": ("g", insights_shown),
    "referral map": ("m", map_shown),
}


PREFIX = ["insights"]  # tmux session names start with it (--prefix)


def open_latency(db: Path, key: str, shown: Callable[[list[str]], bool]) -> float:
    """Seconds from the key press until `shown` holds, in a fresh app on `db`."""
    session = f"{PREFIX[0]}{time.monotonic_ns()}"
    command = " ".join([*CLI, "--db", str(db)])
    board = marker_for(db)
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", "140", "-y", "42", command],
        check=True,
    )
    try:
        _wait(session, lambda lines: any(board in x for x in lines), timeout=20)
        time.sleep(PAUSE)
        start = time.perf_counter()
        subprocess.run(["tmux", "send-keys", "-t", session, key], check=True)
        return _wait(session, shown, timeout=20) - start
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def measure(dbs: dict[str, Path], opens: int) -> dict[str, dict[str, float]]:
    """Median open time (ms) of each screen at each size."""
    results: dict[str, dict[str, float]] = {}
    for name, (key, shown) in SCREENS.items():
        runs: dict[str, list[float]] = {size: [] for size in dbs}
        for _ in range(opens):
            for size, db in dbs.items():
                runs[size].append(open_latency(db, key, shown(db)))
        results[name] = {k: statistics.median(v) * 1000 for k, v in runs.items()}
    return results


def report(results: dict[str, dict[str, float]], opens: int) -> None:
    print(f"screen opens, key pressed -> figures drawn, median of {opens} (tmux 140x42):")
    for name, ms in results.items():
        sizes = list(ms)
        cells = "   ".join(f"{int(size):,}: {ms[size]:6.0f} ms" for size in sizes)
        verdict = ""
        if "10000" in ms:
            verdict += " ok" if ms["10000"] < TARGET_MS else " MISSED"
            verdict += f" (< {TARGET_MS:.0f} ms at 10,000)"
        if len(sizes) > 1:
            ratio = ms[sizes[-1]] / ms[sizes[0]]
            verdict += f"  {ratio:.2f}x ({'ok' if ratio <= 1.5 else 'MISSED'}: <= 1.5x)"
        print(f"  {name:<14} {cells} {verdict}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--opens", type=int, default=5, help="opens per screen and size")
    parser.add_argument("--sizes", default="10,10000", help="contacts, smallest first")
    parser.add_argument("--db", action="append", default=[], help="SIZE=FILE: copy FILE")
    parser.add_argument("--prefix", default="insights", help="tmux session name prefix")
    args = parser.parse_args()
    PREFIX[0] = args.prefix
    given = dict(item.split("=", 1) for item in args.db)
    work = Path(tempfile.mkdtemp(prefix="infointerview-insights-bench-"))
    dbs: dict[str, Path] = {}
    for size in args.sizes.split(","):
        dbs[size] = work / f"c{size}.db"
        if size in given:
            shutil.copyfile(given[size], dbs[size])
        else:
            seed(dbs[size], int(size))
    anchor = f"{args.prefix}-anchor{time.monotonic_ns()}"
    subprocess.run(["tmux", "new-session", "-d", "-s", anchor, "sleep 3600"], check=True)
    try:
        report(measure(dbs, args.opens), args.opens)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", anchor], capture_output=True)
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
