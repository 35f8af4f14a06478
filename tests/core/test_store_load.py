"""The store's repositories are made once, on first use, while `load()` may be importing
them on a worker: a key that wants one meanwhile waits for it, and never for ever."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from infointerview_tui.core.store import Store
from tests.conftest import frozen_clock

BOUND = 10.0  # seconds: far more than either side needs


def test_a_repository_asked_for_while_load_imports_is_given_not_deadlocked(tmp_path: Path):
    """The event loop asks for `store.catalog` (a key pressed right after the first paint)
    while `load()` holds the import lock on its worker. With functools.cached_property
    (Python 3.11: one lock per property, held while it computes) each side held what the
    other wanted and the app froze; the app's first keys were lost with it."""
    store = Store(tmp_path / "x.db", clock=frozen_clock)
    holding = threading.Event()

    def load() -> None:
        with store._importing:  # as load() does, with the key arriving in between
            holding.set()
            time.sleep(0.3)
            store.load()

    asked: list[object] = []
    loader = threading.Thread(target=load, daemon=True)
    key = threading.Thread(target=lambda: asked.append(store.catalog), daemon=True)
    loader.start()
    assert holding.wait(BOUND)
    key.start()
    loader.join(BOUND)
    key.join(BOUND)
    try:
        assert not loader.is_alive() and not key.is_alive(), "deadlocked"
        assert asked == [store.catalog]  # one repository, made once
        assert store.contacts is store.contacts
    finally:
        if not loader.is_alive() and not key.is_alive():
            store.close()


def test_end_on_a_long_column_reads_its_last_page_with_no_statement_to_compile(tmp_path: Path):
    """`end` reads a column's last page backwards (core/paging.py). That statement's first
    run used to be on the key itself, compiling it (~3 ms of the key's ~5 at 100,000
    contacts); `load()`, on its worker, compiles it first, so the key only runs it."""
    from sqlalchemy import event
    from sqlalchemy.engine.interfaces import CacheStats

    store = Store(tmp_path / "x.db", clock=frozen_clock)
    try:
        for n in range(5):
            store.intents.add_contact(f"Person {n}", 1)
        store.load()
        cache: list[object] = []

        def seen(_conn, _cursor, _sql, _params, context, _many) -> None:  # noqa: ANN001
            cache.append(context.cache_hit)

        event.listen(store.db.engine, "before_cursor_execute", seen)
        last = store.board_cards(1, 4, 1, "", total=5)  # read from the end (reversed)
        assert [card.name for card in last] == ["Person 4"]
        # (the pragmas a connection runs first have no cache key: text, nothing compiled)
        assert CacheStats.CACHE_HIT in cache and CacheStats.CACHE_MISS not in cache
    finally:
        store.close()
