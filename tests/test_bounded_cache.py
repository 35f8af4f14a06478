"""The line lists' cache (widgets/bounded_cache.py): least recently used dropped first, and
what it drops or clears is freed at once, not left as cyclic garbage for a full
collection to find (issue 16: Textual's LRUCache left every cleared entry in a ring)."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from infointerview_tui.widgets.bounded_cache import BoundedCache


class Line:
    """A drawn line (weakref-able, unlike Textual's Strip)."""


@pytest.fixture
def no_collector() -> Iterator[None]:
    """Only reference counting frees anything while the test runs."""
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def test_the_least_recently_used_is_dropped_first() -> None:
    cache: BoundedCache[int, str] = BoundedCache(2)
    cache.set(1, "one")
    cache.set(2, "two")
    assert cache.get(1) == "one"  # 1 is now the most recently used
    cache.set(3, "three")
    assert cache.get(2) is None
    assert (cache.get(1), cache.get(3), len(cache)) == ("one", "three", 2)


def test_a_cleared_cache_frees_its_values_without_a_collection(no_collector: None) -> None:
    cache: BoundedCache[int, Line] = BoundedCache(8)
    kept = []
    for key in range(5):
        line = Line()
        kept.append(weakref.ref(line))
        cache.set(key, line)
    del line
    cache.get(2)
    cache.clear()
    assert [ref() for ref in kept] == [None] * 5
    assert len(cache) == 0


def test_a_dropped_value_is_freed_without_a_collection(no_collector: None) -> None:
    cache: BoundedCache[int, Line] = BoundedCache(1)
    first = Line()
    watched = weakref.ref(first)
    cache.set(1, first)
    del first
    cache.set(2, Line())
    assert watched() is None
