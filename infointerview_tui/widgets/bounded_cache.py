"""A least-recently-used cache that leaves no cyclic garbage (issue 16).

Textual's `LRUCache` links its entries in a ring of lists; its `clear()` drops the ring
whole, so every entry (a drawn line with its seven caches, a page of rows) becomes
cyclic garbage that only a full garbage collection frees. The line lists clear their
caches each time they are shown afresh, so after a walk through the screens the next
full collection had tens of thousands of such objects to find (100-260 ms at a pause).
An `OrderedDict` keeps the same order with no cycles: what is dropped is freed at once.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class BoundedCache(Generic[K, V]):
    """At most `maxsize` values; the least recently used is dropped first."""

    __slots__ = ("_items", "maxsize")

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self._items: OrderedDict[K, V] = OrderedDict()

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: K) -> V | None:
        value = self._items.get(key)
        if value is not None:
            self._items.move_to_end(key)
        return value

    def set(self, key: K, value: V) -> None:
        self._items[key] = value
        self._items.move_to_end(key)
        if len(self._items) > self.maxsize:
            self._items.popitem(last=False)

    def clear(self) -> None:
        self._items.clear()
