"""What one board-filter key asks of the database, per key typed: statements, SQLite VM
steps (counted, so a loaded machine does not change them) and CPU ms (best of 5) of
`Contacts.filtered`, the worker's whole read: alone (nothing kept from another key), and
as typed (right after the key before it in the list, as the board reads them).

    python benchmarks/filter_keys.py DB [KEY ...]

Without keys: the first 1-4 characters of the first contact's name (what run.py types),
a rare prefix ("zyx") and two words (the first name and the start of the last).
"""

from __future__ import annotations

import argparse
import gc
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


def measure(
    store: Store, counter: SqlCounter, before: str | None, key: str
) -> tuple[int, int, float, dict[int, int]]:
    """Statements, VM steps and CPU seconds (best of 5) of reading `key`, right after
    reading `before` (or with nothing kept), and the counts read."""
    store.contacts.filtered(key)  # warm: caches, pages
    best, statements, steps, counts = float("inf"), 0, 0, {}
    for run in range(6):
        if before is not None:
            store.contacts.filtered(before)
        counter.reset()
        start = time.thread_time()
        counts, _pages = store.contacts.filtered(key)
        took = time.thread_time() - start
        if run == 0:  # (counting slows it down)
            statements = sum(counter.statements.values())
            steps = sum(counter.steps.values()) * 100
        else:
            best = min(best, took)
    return statements, steps, best, counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("keys", nargs="*")
    parser.add_argument("--statements", action="store_true", help="the costliest ones")
    args = parser.parse_args()
    store = Store(args.db, create=False)
    try:
        keys = args.keys or default_keys(store)
        # As in the app (gc_policy.py): start-up frozen, no full collection of its own
        # (else one lands on a random key: ~10 ms that are no key's cost).
        store.contacts.filtered(keys[0])
        gc.collect()
        gc.freeze()
        gc.set_threshold(*gc.get_threshold()[:2], 1 << 30)
        counter = SqlCounter(*store.db.engines)
        print(f"{'':<12}{'alone':^33}{'as typed':^33}")
        heading = f"{'statements':>11}{'VM steps':>13}{'CPU ms':>9}"
        print(f"{'key':<12}{heading}{heading}  counts")
        for before, key in zip([None, *keys], keys, strict=False):
            line, counts = f"{key!r:<12}", {}
            for previous in (None, before):
                statements, steps, best, counts = measure(store, counter, previous, key)
                line += f"{statements:>11}{steps:>13,}{best * 1000:>9.1f}"
            if args.statements:
                print(counter.report())
            shown = " ".join(f"{stage}:{count_text(n)}" for stage, n in counts.items())
            print(f"{line}  {shown}")
    finally:
        store.close()


if __name__ == "__main__":
    main()
