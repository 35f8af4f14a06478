"""What the referral map's first visit asks of the database, counted and timed (CPU).

    python benchmarks/map_reads.py DB [--repeat 5]

Opens DB (a copy: it may be migrated) and runs what the map's workers run on a first
visit: `chain_stats` (the header line) and the roots' first page (`nodes(None)`, one
more than a page). Prints, for each, the SQLite VM steps (sql_counts.py: numbers a
loaded machine does not change) and the median thread CPU time of `--repeat` warm runs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sql_counts import SqlCounter  # noqa: E402

from infointerview_tui.core.businessdays import BusinessCalendar  # noqa: E402
from infointerview_tui.core.referrals import PAGE, chain_stats, nodes  # noqa: E402
from infointerview_tui.core.store import Store  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    store = Store(args.db)
    now = datetime.now(UTC)
    reads = {
        "chain_stats": chain_stats,
        "roots page": lambda conn: nodes(
            conn, None, now=now, calendar=BusinessCalendar(), local=UTC, limit=PAGE + 1
        ),
    }
    try:
        for name, read in reads.items():
            counter = SqlCounter(*store.db.engines)
            with store.db.engine.connect() as conn:
                result = read(conn)
            print(f"{name}: {result if name == 'chain_stats' else len(result)}")
            print(counter.report(top=4))
            times = []
            for _ in range(args.repeat):
                with store.db.engine.connect() as conn:
                    start = time.thread_time()
                    read(conn)
                    times.append(time.thread_time() - start)
            print(f"   CPU: median {statistics.median(times) * 1000:.1f} ms of {args.repeat}")
    finally:
        store.close()


if __name__ == "__main__":
    main()
