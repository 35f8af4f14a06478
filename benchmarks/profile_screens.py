"""Where the time goes when each screen opens and each key is pressed, headless.

    python benchmarks/profile_screens.py DB [--top 12] [--count] [--only NAME]

Runs the app with Textual's `run_test` (140x42) on DB (e.g. a `demo --contacts 100000`
file), profiles every step of the benchmark's visit with cProfile, and prints per step
the wall time, how often each screen's `reload` ran, the app's own functions that took
the longest (cumulative) and any full garbage collection over 20 ms. With `--count`,
also the statements each step ran and the SQLite VM steps they took (sql_counts.py):
numbers a loaded machine does not change, to compare sizes with.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import io
import os
import pstats
import sys
import time
from pathlib import Path

os.environ.setdefault("TEXTUAL_ANIMATION", "none")

STEPS = [
    ("board end", ["end"]),
    ("board filter 'sami'", ["slash", "s", "a", "m", "i"]),
    ("clear filter", ["escape", "escape"]),
    ("open stage 1 (first)", ["1"]),
    ("open stage 2 (first)", ["2"]),
    ("open stage 3 (first)", ["3"]),
    ("stage 3 end", ["end"]),
    ("open stage 4 (first)", ["4"]),
    ("open stage 5 (first)", ["5"]),
    ("open questions (first)", ["q"]),
    ("open agenda (first)", ["a"]),
    ("back to the board", ["b"]),
    ("open stage 4 (revisit)", ["4"]),
    ("back to the board (2)", ["b"]),
    ("open a contact", ["enter"]),
    ("close the contact", ["escape"]),
    ("palette 'sami'", ["ctrl+p", "s", "a", "m", "i"]),
    ("close the palette", ["escape"]),
    ("open insights (first)", ["g"]),
    ("open referral map (first)", ["m"]),
    ("back to the board (3)", ["b"]),
    ("open stage 1 (revisit)", ["1"]),
    ("open stage 2 (revisit)", ["2"]),
    ("open questions (revisit)", ["q"]),
    ("open agenda (revisit)", ["a"]),
    ("open insights (revisit)", ["g"]),
    ("open referral map (revisit)", ["m"]),
    ("back to the board (4)", ["b"]),
    ("open a contact (revisit)", ["enter"]),
    ("close the contact (2)", ["escape"]),
]

OURS = r"infointerview_tui|sqlite3|sqlalchemy.orm"
pauses: list[float] = []


def _gc_watch(phase: str, info: dict[str, int]) -> None:
    if info.get("generation") == 2:
        if phase == "start":
            _gc_watch.started = time.perf_counter()  # type: ignore[attr-defined]
        else:
            pauses.append(time.perf_counter() - _gc_watch.started)  # type: ignore[attr-defined]


async def profile(
    db: Path, top: int, with_profiler: bool = True, count: bool = False, only: str = ""
) -> None:
    from infointerview_tui.app import InfoInterviewApp
    from infointerview_tui.core.store import Store

    store = Store(db, create=False)
    app = InfoInterviewApp(store)
    gc.callbacks.append(_gc_watch)
    async with app.run_test(size=(140, 42)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        # `board end` as run.py times it: End on the longest column, from its first card.
        from screens import longest_column

        first, longest, _cards = longest_column(db)
        await pilot.press(*["right"] * (longest - first), "home")
        await pilot.pause()
        counter = None
        if count:
            from sql_counts import SqlCounter

            counter = SqlCounter(*store.db.engines)
        for name, keys in STEPS:
            pauses.clear()
            if counter:
                counter.reset()
            profiler = cProfile.Profile()
            start = time.perf_counter()
            if with_profiler:
                profiler.enable()
            await pilot.press(*keys)
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            profiler.disable()
            took = (time.perf_counter() - start) * 1000
            if only and only not in name:
                continue
            if counter:
                print(f"\n== {name}: {took:.0f} ms\n{counter.report()}")
            if not with_profiler:
                gcs = ", ".join(f"{p * 1000:.0f} ms" for p in pauses) or "none"
                print(f"{name:<28} {took:7.0f} ms   full GCs: {gcs}")
                continue
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out)
            reloads = {
                f"{Path(file).stem}.{func}": calls
                for (file, _line, func), (calls, *_rest) in stats.stats.items()  # type: ignore[attr-defined]
                if func in ("reload", "refresh_board", "_reload") and "infointerview_tui" in file
            }
            print(
                f"\n== {name}: {took:.0f} ms  {stats.total_calls:,} calls"  # type: ignore[attr-defined]
                f"  reloads {reloads or '-'}  full GCs "
                f"{', '.join(f'{p * 1000:.0f} ms' for p in pauses if p > 0.02) or 'none > 20 ms'}"
            )
            stats.sort_stats("cumulative").print_stats(
                r"infointerview_tui|sqlite3|sqlalchemy.orm", top
            )
            lines = [
                line
                for line in out.getvalue().splitlines()
                if "infointerview_tui" in line or "sqlite3" in line or "execute" in line
            ]
            print("\n".join(lines[:top]))
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS after visiting everything: {peak:.0f} MiB")
    store.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--top", type=int, default=12)
    parser.add_argument(
        "--times", action="store_true", help="no profiler: each step's time and full GCs"
    )
    parser.add_argument("--count", action="store_true", help="statements and SQLite VM steps")
    parser.add_argument("--only", default="", help="print only the steps whose name has this")
    args = parser.parse_args()
    asyncio.run(profile(args.db, args.top, not args.times, args.count, args.only))
    return 0


if __name__ == "__main__":
    sys.exit(main())
