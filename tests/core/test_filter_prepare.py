"""The board filter's statements are compiled before its first key (`prepare_filter`, on
the app's warm-up worker): a key of one or two words then compiles nothing, whichever
way it reads a column's page (from its matches, or walking the column)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.engine.interfaces import CacheStats

from infointerview_tui.core.contact_queries import COUNT_CAP


@contextmanager
def cache_use(store) -> Iterator[list[object]]:
    """Whether each statement run on any engine was compiled before (`cache_hit`)."""
    seen: list[object] = []

    def listen(_conn, _cursor, _sql, _params, context, _many) -> None:  # noqa: ANN001
        if context.compiled is not None:  # (a connection's first pragmas are text)
            seen.append(context.cache_hit)

    engines = store.db.engines
    for engine in engines:
        event.listen(engine, "before_cursor_execute", listen)
    try:
        yield seen
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", listen)


def _keys(store) -> None:
    """What typing does: one word and two, each column's page read from its matches
    (the cap not reached) and walked (over the cap: a common prefix)."""
    for cap in (COUNT_CAP, 1):
        for typed in ("s", "sa", "sam", "sa p"):
            store.contacts.filtered(typed, cap=cap)


def test_after_prepare_a_key_compiles_nothing(demo_store):
    demo_store.contacts.prepare_filter()
    with cache_use(demo_store) as seen:
        _keys(demo_store)
    assert seen and CacheStats.CACHE_MISS not in seen, seen


def test_without_prepare_the_first_key_compiles(demo_store):
    """(What the test above guards against is real: the same keys on a fresh store.)"""
    with cache_use(demo_store) as seen:
        _keys(demo_store)
    assert CacheStats.CACHE_MISS in seen


def test_prepare_reads_nothing_and_changes_no_result(demo_store):
    before = demo_store.contacts.filtered("sa")
    demo_store.contacts.prepare_filter()
    assert demo_store.contacts.filtered("sa") == before
