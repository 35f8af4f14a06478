"""The board filter alone, as run.py times it, many times: a fresh app per database in a
real terminal (tmux 140x42), the filter opened and the first 4 characters of the first
contact's name typed one key at a time, each key's echo and result timed (the count line
and the timeline's counts: screens.py `filter_result`), then esc esc, `rounds` times.

    python benchmarks/filter_typing.py SMALL.db LARGE.db [--rounds 8] [--fresh] [--launcher FILE]

Prints each database's medians per key and over all keys, and the ratio LARGE / SMALL:
run.py's "filter echo" and "filter result" rows in a minute instead of a whole run.
`--fresh` starts a new app for each round, as run.py does (its first search each time:
the statements not compiled yet, the filter's page cache empty); without it the rounds
after the first are warm. `--launcher` runs the app through a script of yours (e.g. one
that logs timings).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from cli import CLI, PY  # noqa: E402
from run import marker_for, query_for  # noqa: E402
from screens import Visit, _typing, board_ready, filter_result  # noqa: E402
from terminal import Pane  # noqa: E402

from infointerview_tui.core.store import Store  # noqa: E402


def session(db: Path, rounds: int, launcher: Path | None, idle: float = 0.5) -> Visit:
    """`rounds` filterings of one app session on `db`, the first `idle` seconds after the
    board showed."""
    query = query_for(db)
    store = Store(db, create=False)
    try:
        expected = {query[: i + 1]: store.contacts.stage_counts(query[: i + 1]) for i in range(4)}
    finally:
        store.close()
    command = [PY, str(launcher)] if launcher else list(CLI)
    visit = Visit({})
    with Pane("filter5-typing", [*command, "--db", str(db)]) as pane:
        pane.wait(board_ready(marker_for(db)))
        pane.settle(0.0, 0.5)
        time.sleep(max(0.0, idle - 0.5))
        for _ in range(rounds):
            pane.open("/", lambda lines: any(line.startswith("▊▔") for line in lines))
            _typing(
                pane,
                visit,
                "filter",
                query,
                0.25,
                lambda typed: filter_result(typed, expected[typed]),
            )
            for _key in range(2):
                pane.escape()
    return visit


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dbs", type=Path, nargs="+")
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--fresh", action="store_true", help="a new app for each round")
    parser.add_argument("--launcher", type=Path)
    args = parser.parse_args()
    summary: dict[str, list[float]] = {}
    for db in args.dbs:
        if args.fresh:
            visit = Visit({})
            for _ in range(args.rounds):
                # (run.py types it after visiting every screen: the app's warm-up done)
                for name, times in session(db, 1, args.launcher, idle=3.0).times.items():
                    visit.times.setdefault(name, []).extend(times)
        else:
            visit = session(db, args.rounds, args.launcher)
        print(f"{db}  (query {query_for(db)!r})")
        for what in ("echo", "result"):
            times = visit.times[f"filter {what}"]
            per_key = [statistics.median(times[k::4]) for k in range(4)]
            keys = " ".join(f"{t:6.1f}" for t in per_key)
            med = statistics.median(times)
            summary.setdefault(what, []).append(med)
            print(f"  {what:<7} median {med:6.1f} ms   per key {keys}")
    if len(args.dbs) > 1:
        for what, meds in summary.items():
            print(f"{what:<7} ratio last/first {meds[-1] / meds[0]:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
