"""Paging a list through indexes that serve its order, from either end.

A list is one or more *segments* shown one after the other (stage 3: the people at
stage 3, then 2, then 1; stage 4: the scheduled interviews by time, then the others by
name), each read by a query whose ORDER BY an index serves. A page is cut from the
segments by their counts, and each segment is read from its nearer end: a page past the
middle of a segment runs its query in reverse order (the same index read backwards), so
the last page costs what the first does and `end` never pays a large OFFSET.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

# fetch(offset, limit, reverse): `limit` rows from `offset`, counted from the first row
# of the segment's order, or from its last (reverse) with the rows in reverse order.
SegmentFetch = Callable[[int, int, bool], list[T]]


@dataclass(frozen=True)
class Segment(Generic[T]):
    count: int
    fetch: SegmentFetch[T]


def read_segment(segment: Segment[T], offset: int, limit: int) -> list[T]:
    """Rows [offset, offset + limit) of one segment, read from its nearer end."""
    limit = max(0, min(limit, segment.count - offset))
    if limit == 0 or offset < 0:
        return []
    if offset * 2 <= segment.count - limit:
        return segment.fetch(offset, limit, False)
    rows = segment.fetch(segment.count - offset - limit, limit, True)
    rows.reverse()
    return rows


def read_page(segments: Sequence[Segment[T]], offset: int, limit: int) -> list[T]:
    """Rows [offset, offset + limit) of the segments shown one after the other."""
    rows: list[T] = []
    for segment in segments:
        if limit <= 0:
            break
        if offset >= segment.count:
            offset -= segment.count
            continue
        part = read_segment(segment, offset, limit)
        rows.extend(part)
        limit -= len(part)
        offset = 0
    return rows
