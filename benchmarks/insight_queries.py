"""What a first visit of the insights screen asks of the database, per figure: SQLite VM
steps (load does not change them) and milliseconds (median of a few runs, timed on
connections the counting does not slow).

    python benchmarks/insight_queries.py DB [--period 30|90|all] [--runs 5]

Runs the two workers' reads the screen starts (core/report.collect without the chains and
the time in stage, then collect_stage_times), each figure apart, on a fresh connection.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--period", default="30", choices=("30", "90", "all"))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from sql_counts import GRAIN, SqlCounter

    from infointerview_tui.core import insights
    from infointerview_tui.core.businessdays import BusinessCalendar
    from infointerview_tui.core.periods import Period
    from infointerview_tui.core.reply_rates import outreach
    from infointerview_tui.core.store import Store

    store = Store(args.db, create=False)
    now = store.now()
    local = now.astimezone().tzinfo
    period = Period.last(args.period, now)
    calendar = BusinessCalendar()
    figures: dict[str, Callable[[Any], object]] = {
        "funnel": lambda c: insights.funnel(c, period),
        "outreach": lambda c: outreach(c, period, calendar, local),
        "weekly": lambda c: insights.weekly(c, period, local, 5),
        "air_yield": lambda c: insights.air_yield(c, period),
        "stuck": lambda c: insights.stuck(c, now),
        "overdue": lambda c: insights.overdue(c, now),
        "time_in_stage": lambda c: insights.time_in_stage(c, period),
    }
    counted = Store(args.db, create=False)  # its own connections: the counting hook
    counter = SqlCounter(counted.db.engine)  # slows them, the timed ones go without it
    total_steps = 0
    for name, figure in figures.items():
        times = []
        for _ in range(args.runs):
            with store.db.engine.connect() as conn:
                start = time.perf_counter()
                figure(conn)
                times.append((time.perf_counter() - start) * 1000)
        counter.reset()
        with counted.db.engine.connect() as conn:
            figure(conn)
        steps = sum(counter.steps.values()) * GRAIN
        total_steps += steps
        print(f"{name:<14} {steps:>11,} VM steps  {statistics.median(times):8.1f} ms")
    print(f"{'total':<14} {total_steps:>11,} VM steps")
    store.close()
    counted.close()


if __name__ == "__main__":
    main()
