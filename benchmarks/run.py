"""Benchmarks for infointerview at 10, 10,000 and 100,000 contacts, in one run, in a real
terminal (tmux 140x42), with a bare Textual app measured alongside as the reference.

    python benchmarks/run.py [--quick] [--sizes 10,10000,100000]

Measured at every size:
- start-up: time until the board is painted with its cards (and the bare app's "hello"),
  alternating the commands so drift hits all alike;
- every screen of SCREENS (benchmarks/screens.py: stages 1-5, questions, agenda, and
  insights / the referral map once their keys exist), first visit and revisit, and a
  contact opened from the board: time from the key to the screen painted with its data;
- board move (L), undo (u) and end, stage 3 end: time from the key to the final picture
  (board end: End on the column with the most cards, its first card selected, so the
  highlight moves to the last card at every size; screens.py `_to_the_longest_column`);
- the board filter (/) and the command palette (ctrl+p), per typed key: echo (the input
  shows the character) and result (the pane's final picture);
- peak RSS (VmHWM) of the app after visiting all of that;
- the longest full (generation 2) garbage collection from the board's first paint to the
  end of that visit (the app writes each one's length to $INFOINTERVIEW_GC_LOG), apart
  from those the app ran itself at a pause of 0.3 s without keys (gc_policy.py),
  which are shown on their own line;
- the CLI: export json|vcard|ics|markdown, import json (of that export), import linkedin
  (a generated Connections.csv of as many rows), agenda --json: wall time and peak RSS.

Prints one table with the ratio 100,000 / 10 and the targets of issue 16, flagging misses;
with --markdown, also the same numbers as the README's Markdown table (paste it in). The
full run then times issue 13's insight screens (insight_screens.py) and the sync against
Radicale (also alone: --sync-only); --quick leaves those two out to stay under 3 minutes.
Needs tmux on PATH. Wall-clock numbers include tmux's own ~3 ms per capture.

The kanban-tui reference (another Textual board, from PyPI): its start-up is measured
alongside when its `ktui` command is found, on PATH or in $KANBAN_TUI (install it in a
venv of its own: `python -m venv /tmp/ktui && /tmp/ktui/bin/pip install kanban-tui`,
then `KANBAN_TUI=/tmp/ktui/bin/ktui`); it runs on an empty board store of its own.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cli import CLI, PY, Run, measure_commands, seed
from screens import board_ready, medians, visit_everything
from terminal import Pane, shows, time_to_paint

HERE = Path(__file__).resolve().parent
SIZES = (10, 10_000, 100_000)
QUERY_LENGTH = 4  # characters typed into the filter and the palette
GC_LOG = "INFOINTERVIEW_GC_LOG"  # infointerview_tui/gc_pauses.py
GC_PAUSE = "longest full GC pause, interacting"
GC_IDLE = "longest full GC, at a pause (idle)"
GC_LIMIT_MS = 20.0  # issue 16: no full garbage collection over 20 ms during interaction


@dataclass(frozen=True)
class Plan:
    cli_all_sizes: bool  # the command line at every size, or at the smallest and largest
    startups: int  # start-ups per command
    sessions: int  # app sessions per size (each gives one first visit per screen)
    revisits: int  # revisits per screen per session
    moves: int  # board move + undo pairs per session
    quiet: float  # seconds without change before a picture counts as final
    typing_quiet: float  # the same for the palette's results (debounced, in a thread)


QUICK = Plan(False, startups=3, sessions=1, revisits=1, moves=3, quiet=0.25, typing_quiet=1.0)
FULL = Plan(True, startups=9, sessions=5, revisits=3, moves=10, quiet=0.4, typing_quiet=1.5)


def marker_for(db: Path) -> str:
    """The first card of the rightmost non-empty column: painted means cards are there."""
    conn = sqlite3.connect(db)
    try:
        row = conn.execute(
            "SELECT name FROM contact WHERE archived = 0 ORDER BY stage DESC, position, id LIMIT 1"
        ).fetchone()
    finally:
        conn.close()
    return str(row[0])


def query_for(db: Path) -> str:
    """What to type in the filter and the palette: the start of a contact's name."""
    conn = sqlite3.connect(db)
    try:
        name = conn.execute("SELECT name FROM contact ORDER BY id LIMIT 1").fetchone()[0]
    finally:
        conn.close()
    return str(name)[:QUERY_LENGTH]


def sync_benchmark(work: Path, contacts: int = 1000) -> dict[str, float]:
    """`infointerview sync` against a local Radicale (loopback, htpasswd): the first sync
    of a demo database, then a resync with nothing changed. Needs the test extras."""
    sys.path.insert(0, str(HERE.parent))
    from tests.sync import radicale  # the tests' server: 127.0.0.1, free port, stopped

    db = work / "sync.db"
    seed(db, contacts)
    server = radicale.start(work / "radicale")
    try:
        config = work / "sync.toml"
        config.write_text(f'[sync]\nurl = "{server.url}"\nusername = "{radicale.USER}"\n')
        env = {**os.environ, "INFOINTERVIEW_DAV_PASSWORD": radicale.PASSWORD}
        command = [*CLI, "sync", "--db", str(db), "--config", str(config)]
        times = []
        for _ in range(2):
            start = time.perf_counter()
            done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
            times.append(time.perf_counter() - start)
        start = time.perf_counter()  # the same start-up without syncing, for comparison
        subprocess.run([*CLI, "agenda", "--db", str(db)], capture_output=True, check=True)
        baseline = time.perf_counter() - start
        conn = sqlite3.connect(db)
        try:
            kinds = dict(conn.execute("SELECT kind, count(*) FROM sync_item GROUP BY kind"))
        finally:
            conn.close()
        print(f"sync, demo --contacts {contacts} against Radicale on loopback:")
        print(
            f"  objects: {kinds.get('contact', 0)} vCards, {kinds.get('interview', 0)} "
            f"VEVENTs, {kinds.get('follow-up', 0)} VTODOs"
        )
        print(f"  first sync          {times[0]:7.2f} s   (target < 30 s)")
        print(f"  resync, no changes  {times[1]:7.2f} s   (target < 2 s; whole command)")
        print(f"  resync said: {done.stdout.strip()}  (the sync's own time)")
        print(f"  `infointerview agenda` on the same database, for scale: {baseline:.2f} s")
        return {"first_s": times[0], "resync_s": times[1], "agenda_s": baseline}
    finally:
        server.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="fewer repeats, no insight screens or sync (< 3 min)"
    )
    parser.add_argument(
        "--sizes", default=",".join(map(str, SIZES)), help="contact counts, smallest first"
    )
    parser.add_argument("--sync-only", action="store_true", help="only the sync benchmark")
    parser.add_argument(
        "--markdown", action="store_true", help="also print the README's table (Markdown)"
    )
    args = parser.parse_args()
    if args.sync_only:
        sync_benchmark(Path(tempfile.mkdtemp(prefix="infointerview-bench-")))
        return 0
    if shutil.which("tmux") is None:
        print("benchmarks/run.py needs tmux on PATH", file=sys.stderr)
        return 2
    sizes = tuple(int(s) for s in args.sizes.split(","))
    # A session that lives for the whole run: without it the tmux server exits whenever
    # the last measured app quits, and the next start can race its shutdown.
    anchor = f"bench-anchor{time.monotonic_ns()}"
    subprocess.run(["tmux", "new-session", "-d", "-s", anchor, "sleep 3600"], check=True)
    work = Path(tempfile.mkdtemp(prefix="infointerview-bench-"))
    try:
        return _run(QUICK if args.quick else FULL, sizes, work, args.markdown)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", anchor], capture_output=True)
        shutil.rmtree(work, ignore_errors=True)


def kanban_tui(work: Path) -> list[str] | None:
    """The command that starts kanban-tui on a store of its own, if it is installed."""
    found = os.environ.get("KANBAN_TUI") or shutil.which("ktui")
    if not found:
        return None
    home = work / "kanban-tui"
    dirs = {f"XDG_{k}_HOME": str(home / k.lower()) for k in ("DATA", "CONFIG", "STATE")}
    return ["env", *(f"{k}={v}" for k, v in dirs.items()), found]


def _run(plan: Plan, sizes: tuple[int, ...], work: Path, markdown: bool = False) -> int:
    began = time.perf_counter()
    dbs = {n: work / f"c{n}.db" for n in sizes}
    demo = {n: seed(db, n) for n, db in dbs.items()}
    commands = {"bare": ([PY, str(HERE / "bare_app.py")], shows("Hello, benchmark"))}
    reference = kanban_tui(work)
    if reference is not None:  # an empty store opens on its "Your Boards" picker
        commands["kanban-tui"] = (reference, shows("Your Boards"))
    for n, db in dbs.items():
        commands[str(n)] = ([*CLI, "--db", str(db)], board_ready(marker_for(db)))
    for command, ready in commands.values():  # warm the OS caches once
        time_to_paint(command, ready)
    starts: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(plan.startups):
        for name, (command, ready) in commands.items():
            starts[name].append(time_to_paint(command, ready) * 1000)

    table: dict[str, dict[int, float]] = {"start-up": {}}
    for n in sizes:
        table["start-up"][n] = statistics.median(starts[str(n)])
        visits = []
        for session in range(plan.sessions):
            command, ready = commands[str(n)]
            log = work / f"gc-{n}-{session}.log"  # the app writes its full collections here
            command = ["env", f"{GC_LOG}={log}", *command]
            with Pane("bench-visit", command) as pane:
                visits.append(visit_everything(pane, dbs[n], ready, query_for(dbs[n]), plan, log))
        for name, value in medians(visits).items():
            table.setdefault(name, {})[n] = value
        table.setdefault("peak RSS after visiting everything", {})[n] = max(
            v.peak_rss_mib for v in visits
        )
        table.setdefault(GC_PAUSE, {})[n] = max(
            (p for v in visits for p in v.gc_pauses_ms), default=0.0
        )
        table.setdefault(GC_IDLE, {})[n] = max(
            (p for v in visits for p in v.gc_idle_ms), default=0.0
        )
    cli_sizes = sizes if plan.cli_all_sizes else (sizes[0], sizes[-1])
    cli: dict[int, dict[str, Run]] = {n: measure_commands(dbs[n], work, n) for n in cli_sizes}
    report(plan, sizes, table, starts, cli, demo)
    if markdown:
        print()
        print(markdown_table(sizes, table, starts, cli, demo))
    if plan is not QUICK:  # (--quick stays under 3 minutes without them)
        if 10 in dbs and 10_000 in dbs:  # issue 13's protocol: first opens after a pause
            insight_screens(dbs[10], dbs[10_000], 5)
        sync_benchmark(work)
    print(f"\n(the whole run took {time.perf_counter() - began:.0f} s)")
    return 0


def insight_screens(small: Path, large: Path, opens: int) -> None:
    """The insights screen and the referral map (issue 13): see insight_screens.py."""
    import insight_screens as screens

    print()
    screens.report(screens.measure({"10": small, "10000": large}, opens), opens)


def _wait(session: str, predicate: Callable[[list[str]], bool], timeout: float = 10.0) -> float:
    """The time a tmux session's pane first satisfied `predicate` (insight_screens.py)."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        lines = subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True
        ).stdout.splitlines()
        if predicate(lines):
            return time.perf_counter()
        time.sleep(0.002)
    raise RuntimeError("the screen never showed the expected change")


def _verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def report(
    plan: Plan,
    sizes: tuple[int, ...],
    table: dict[str, dict[int, float]],
    starts: dict[str, list[float]],
    cli: dict[int, dict[str, Run]],
    demo: dict[int, float],
) -> None:
    small, large = sizes[0], sizes[-1]
    head = "".join(f"{n:>11,}" for n in sizes)
    print(
        f"Medians (ms unless marked) in tmux 140x42; {plan.sessions} session(s) a size, "
        f"{plan.startups} start-ups a command.\n"
    )
    print(f"{'measure':<36}{head}  {large:,}/{small:,}  target      verdict")
    bare = statistics.median(starts["bare"])
    print(f"{'start-up, bare Textual app':<36}{bare:>11.0f}")
    if "kanban-tui" in starts:
        kanban = statistics.median(starts["kanban-tui"])
        print(f"{'start-up, kanban-tui (empty store)':<36}{kanban:>11.0f}")
    order = ["start-up"] + sorted(
        (
            k
            for k in table
            if k not in ("start-up", "peak RSS after visiting everything", GC_PAUSE, GC_IDLE)
        ),
        key=lambda k: (not k.startswith("open"), k),
    )
    for name in order:
        row = table[name]
        cells = "".join(f"{row[n]:>11.0f}" if n in row else f"{'-':>11}" for n in sizes)
        if small not in row or large not in row:
            print(f"{name:<36}{cells}")
            continue
        ratio = row[large] / max(row[small], 1.0)
        targets = ["<= 1.5x", ""]
        ok = ratio <= 1.5
        if name.endswith(" echo"):
            targets[1] = "< 50 ms"
            ok = ok and row[large] < 50
        wanted = ", ".join(t for t in targets if t)
        print(f"{name:<36}{cells}  {ratio:>8.2f}x  {wanted:<16} {_verdict(ok)}")
    rss = table["peak RSS after visiting everything"]
    cells = "".join(f"{rss[n]:>10.0f}M" for n in sizes)
    ratio = rss[large] / rss[small]
    ok = ratio <= 1.3 and rss[large] <= 80
    print(
        f"{'peak RSS after visiting everything':<36}{cells}  {ratio:>8.2f}x  "
        f"<= 1.3x, 80M {_verdict(ok)}"
    )
    pauses = table[GC_PAUSE]
    cells = "".join(f"{pauses[n]:>11.0f}" for n in sizes)
    ok = all(p <= GC_LIMIT_MS for p in pauses.values())
    print(f"{GC_PAUSE:<36}{cells}  {'':>9}  <= {GC_LIMIT_MS:g} ms     {_verdict(ok)}")
    idle = table[GC_IDLE]  # run by the app at a pause of 0.3 s without keys
    print(f"{GC_IDLE:<36}" + "".join(f"{idle[n]:>11.0f}" for n in sizes))
    start_ratio = table["start-up"][small] / bare
    print(
        f"{'start-up, ' + format(small, ',') + ' / bare Textual':<36}{'':>{11 * len(sizes)}}  "
        f"{start_ratio:>8.2f}x  <= 2.5x      {_verdict(start_ratio <= 2.5)}"
    )
    print("\nCommand line (wall seconds, CPU seconds, peak MiB; whole process):")
    print(f"{'command':<36}" + "".join(f"{n:>22,}" for n in sizes) + f"  target at {large:,}")
    limits = {
        "export json": (3.0, 150.0),
        "export vcard": (5.0, None),
        "export ics": (5.0, None),
        "import json": (None, 150.0),
        "import linkedin": (None, 150.0),
    }
    for name in cli[small]:
        cells = "".join(
            f"{cli[n][name].seconds:>9.2f}s {cli[n][name].cpu:>5.2f}s {cli[n][name].peak_mib:>4.0f}M"  # noqa: E501
            if n in cli
            else " " * 22
            for n in sizes
        )
        seconds, mib = limits.get(name, (None, None))
        last = cli[large][name]
        if seconds is None and mib is None:
            print(f"{name:<36}{cells}")
            continue
        wanted = " ".join(
            p for p in (f"< {seconds:g} s" if seconds else "", f"< {mib:g}M" if mib else "") if p
        )
        ok = (seconds is None or last.seconds < seconds) and (mib is None or last.peak_mib < mib)
        print(f"{name:<36}{cells}  {wanted:<12} {_verdict(ok)}")
    print(f"{'demo --contacts N (seeding)':<36}" + "".join(f"{demo[n]:>21.2f}s" for n in sizes))


def markdown_table(
    sizes: tuple[int, ...],
    table: dict[str, dict[int, float]],
    starts: dict[str, list[float]],
    cli: dict[int, dict[str, Run]],
    demo: dict[int, float],
) -> str:
    """The README's table: every measure at every size, the ratio largest / smallest."""
    small, large = sizes[0], sizes[-1]

    def cell(value: float | None, unit: str) -> str:
        return "—" if value is None else f"{value:,.0f} {unit}" if unit else f"{value:,.0f}"

    head = " | ".join(f"{n:,}" for n in sizes)
    lines = [
        f"| measure | {head} | {large:,} ÷ {small:,} |",
        "|---|" + "---:|" * len(sizes) + "---:|",
    ]
    bare = statistics.median(starts["bare"])
    blank = " | ".join("" for _ in sizes)
    lines.append(f"| start-up, bare Textual app | {cell(bare, 'ms')} | {blank} |")
    if "kanban-tui" in starts:
        kanban = statistics.median(starts["kanban-tui"])
        lines.append(f"| start-up, kanban-tui (empty store) | {cell(kanban, 'ms')} | {blank} |")
    rss = "peak RSS after visiting everything"
    order = ["start-up"] + sorted(
        (k for k in table if k not in ("start-up", rss)),
        key=lambda k: (not k.startswith("open"), k),
    )
    for name in [*order, rss] if rss in table else order:
        row = table[name]
        unit = "MiB" if name == rss else "ms"
        cells = " | ".join(cell(row.get(n), unit) for n in sizes)
        ratio = f"{row[large] / max(row[small], 1.0):.2f}×" if small in row and large in row else ""
        lines.append(f"| {name} | {cells} | {ratio} |")
    for name in cli.get(small, {}):
        cells = " | ".join(
            f"{cli[n][name].seconds:.2f} s, {cli[n][name].peak_mib:.0f} MiB" if n in cli else "—"
            for n in sizes
        )
        lines.append(f"| `{name}` | {cells} | |")
    cells = " | ".join(f"{demo[n]:.1f} s" for n in sizes)
    lines.append(f"| `demo --contacts N` | {cells} | |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
