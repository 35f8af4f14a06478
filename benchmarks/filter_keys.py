"""What one board-filter key asks of the database, per key typed: statements, SQLite VM
steps (counted, so a loaded machine does not change them) and CPU ms (best of 5) of
`Contacts.filtered`, the worker's whole read.

    python benchmarks/filter_keys.py DB [KEY ...]

Without keys: the first 1-4 characters of the first contact's name (what run.py types),
a rare prefix ("zyx") and two words (the first name and the start of the last).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from sql_counts import SqlCounter  # noqa: E402

from infointerview_tui.core.contact_rows import count_text  # noqa: E402
from infointerview_tui.core.store import Store  # noqa: E402


def default_keys(store: Store) -> list[str]:
    first = store.contacts.name(1) or "Sami Jones"
    words = first.split()
    keys = [first[:n] for n in range(1, 5)] + ["zyx"]
    if len(words) > 1:
        keys.append(f"{words[0]} {words[1][:2]}")
    return keys


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("keys", nargs="*")
    parser.add_argument("--statements", action="store_true", help="the costliest ones")
    args = parser.parse_args()
    store = Store(args.db, create=False)
    try:
        keys = args.keys or default_keys(store)
        counter = SqlCounter(store.db.engine)
        print(f"{'key':<12}{'statements':>11}{'VM steps':>13}{'CPU ms':>9}  counts")
        for key in keys:
            store.contacts.filtered(key)  # warm: caches, pages
            counter.reset()
            counts, _pages = store.contacts.filtered(key)
            statements = sum(counter.statements.values())
            steps = sum(counter.steps.values()) * 100
            best = float("inf")
            for _ in range(5):
                start = time.thread_time()
                store.contacts.filtered(key)
                best = min(best, time.thread_time() - start)
            shown = " ".join(f"{stage}:{count_text(n)}" for stage, n in counts.items())
            if args.statements:
                print(counter.report())
            print(f"{key!r:<12}{statements:>11}{steps:>13,}{best * 1000:>9.1f}  {shown}")
    finally:
        store.close()


if __name__ == "__main__":
    main()
