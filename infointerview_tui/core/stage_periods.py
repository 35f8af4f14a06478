"""The funnel's counts and time in stage's medians for a period, read on day counts.

A period (the last 30 / 90 days, since a date, everything) keeps the rows whose time is
at or after its start. `stage_reach_day` and `stage_stay_day` (core/stage_days.py) count
the rows per UTC day, so a period is: the whole days after its first day, summed from
those counts (a row per day, stage and length), plus its first day's rows from its start
on, counted or read on the rows' own index (a day's worth, not the period's).

The median needs values, not counts. Every stay of a period is in one "piece" whose
values lie in a known interval: the stays of a length in whole days L ([L, L+1] days),
the stays still going that began on day D (now minus that day's bounds), and the first
day's stays (read one by one: exact). From the pieces' counts and intervals the middle
rank's value is bounded to a window [low, high]; only the pieces that overlap the window
are read (an index range each: ix_stage_stay_length), and the middle is counted in them,
knowing how many values lie below the window. The figures are exactly the ones of the
definition (core/insights.py): the same `days_between` on the same rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import col

from .models import StageReach, StageReachDay, StageStay, StageStayDay
from .periods import Period
from .sqlfuncs import days_between, db_time
from .stages import STAGES

ONGOING = -1  # stage_stay.whole_days of a stay still going
#: Slack on each piece's interval, in days (~0.1 s): SQLite's julianday() keeps
#: milliseconds, so a value computed by SQL may sit a hair outside its exact interval.
SLACK = 1e-6
NUMBERS = [s.number for s in STAGES]
LIVE_REACH = col(StageReach.live) == True  # noqa: E712 - SQL, not Python truth
LIVE_STAY = col(StageStay.live) == True  # noqa: E712


@dataclass(frozen=True, slots=True)
class Bounds:
    """A period's first (partial) day and where the whole days after it begin."""

    start: datetime  # the period's start (aware)
    day: date  # its UTC day
    next_day: date
    next_midnight: datetime  # aware UTC: the first whole day's start


def bounds(period: Period) -> Bounds | None:
    if period.since is None:
        return None
    start = db_time(period.since)
    day = start.date()
    return Bounds(start, day, day + timedelta(days=1), _midnight(day + timedelta(days=1)))


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def reached(conn: Connection, period: Period) -> dict[int, int]:
    """Per stage, the live stage_reach rows whose `last_at` is in the period (all of
    them for everything, those with no move too)."""
    edge = bounds(period)
    whole = select(col(StageReachDay.stage), func.sum(col(StageReachDay.n)))
    if edge is not None:
        whole = whole.where(col(StageReachDay.day) >= edge.next_day)
    counts = {int(s): int(n) for s, n in conn.execute(whole.group_by(col(StageReachDay.stage)))}
    if edge is not None:
        last_at = col(StageReach.last_at)
        first_day = conn.execute(  # one range of ix_stage_reach_live per stage
            select(col(StageReach.stage), func.count())
            .where(
                LIVE_REACH,
                col(StageReach.stage).in_(NUMBERS),
                last_at >= edge.start,
                last_at < edge.next_midnight,
            )
            .group_by(col(StageReach.stage))
        )
        for s, n in first_day:
            counts[int(s)] = counts.get(int(s), 0) + int(n)
    return counts


@dataclass(frozen=True, slots=True)
class Piece:
    """Stays of one stage whose days lie in [low, high]: those that ended after `length`
    whole days, or those still going that began on day `began`, or the first-day stays
    whose days are `value` (read already)."""

    low: float
    high: float
    count: int
    length: int | None = None
    began: date | None = None
    value: float | None = None


def _pieces(conn: Connection, period: Period, edge: Bounds | None) -> dict[int, list[Piece]]:
    """Every stay of the period, in pieces per stage (see the module's text)."""
    pieces: dict[int, list[Piece]] = {n: [] for n in NUMBERS}
    day, length = col(StageStayDay.day), col(StageStayDay.whole_days)
    later = (day >= edge.next_day,) if edge is not None else ()
    stage = col(StageStayDay.stage)
    ended = conn.execute(
        select(stage, length, func.sum(col(StageStayDay.n)))
        .where(length >= 0, *later)
        .group_by(stage, length)
    )
    for s, whole_days, n in ended:
        low, high = int(whole_days) - SLACK, int(whole_days) + 1 + SLACK
        pieces.setdefault(int(s), []).append(Piece(low, high, int(n), length=int(whole_days)))
    going = conn.execute(
        select(stage, day, func.sum(col(StageStayDay.n)))
        .where(length == ONGOING, *later)
        .group_by(stage, day)
    )
    now = db_time(period.now)
    for s, began, n in going:
        first, last = _midnight(began), _midnight(began + timedelta(days=1))
        low, high = _days(now - last) - SLACK, _days(now - first) + SLACK
        pieces.setdefault(int(s), []).append(Piece(low, high, int(n), began=began))
    if edge is not None:
        at, days = col(StageStay.at), _stay_days(period)
        first_day = conn.execute(  # one range of ix_stage_stay_live per stage
            select(col(StageStay.stage), days, func.count())
            .where(
                LIVE_STAY,
                col(StageStay.stage).in_(NUMBERS),
                at >= edge.start,
                at < edge.next_midnight,
            )
            .group_by(col(StageStay.stage), days)
        )
        for s, value, n in first_day:
            exact = float(value)
            pieces.setdefault(int(s), []).append(Piece(exact, exact, int(n), value=exact))
    return pieces


def _where(piece: Piece, edge: Bounds | None) -> tuple[Any, Any, Any]:
    """How to read a piece: its rows, rows that hold them (and maybe more: every
    period's stays of that length), and the order of ix_stage_stay_length in which those
    come smallest days first."""
    days, at = col(StageStay.days), col(StageStay.at)
    if piece.began is not None:
        start = _midnight(piece.began)
        going = (days.is_(None), at >= start, at < start + timedelta(days=1))
        return going, going, at.desc()
    assert piece.length is not None
    around = (days >= piece.length, days < piece.length + 1)
    whole_at = (at >= edge.next_midnight,) if edge is not None else ()
    return (*around, *whole_at), around, days.asc()


def _days(span: timedelta) -> float:
    return span.total_seconds() / 86400


def _stay_days(period: Period) -> ColumnElement[float]:
    """A stay's days: to its end, or to now while it lasts (insights' definition)."""
    return days_between(
        col(StageStay.at), func.coalesce(col(StageStay.left_at), db_time(period.now))
    )


def stays_and_medians(conn: Connection, period: Period) -> dict[int, tuple[int, float | None]]:
    """Per stage: how many stays began in the period, and their median days."""
    edge = bounds(period)
    result: dict[int, tuple[int, float | None]] = {}
    for stage, pieces in _pieces(conn, period, edge).items():
        n = sum(p.count for p in pieces)
        if stage not in NUMBERS:
            continue
        if not n:
            result[stage] = (0, None)
            continue
        middle = _ranks(conn, period, stage, pieces, (n - 1) // 2, n // 2)
        result[stage] = (n, sum(middle) / len(middle))
    return result


def _ranks(
    conn: Connection, period: Period, stage: int, pieces: list[Piece], first: int, last: int
) -> list[float]:
    """The values at ranks first..last (0-based, in order) of the pieces' stays: the
    pieces that overlap the window the ranks must be in are read (as (value, how many))
    and the ranks counted in the window, past the values known to be below it."""
    low = _low_bound(pieces, first)
    high = _high_bound(pieces, last)
    below = sum(p.count for p in pieces if p.high < low)
    values: list[tuple[float, int]] = []
    for piece in pieces:
        if piece.high < low or piece.low > high:
            continue
        values.extend(_read(conn, period, stage, piece))
    below += sum(m for v, m in values if v < low)
    picked: list[float] = []
    for value, many in sorted(v for v in values if low <= v[0] <= high):
        picked.extend([value] * max(0, min(below + many, last + 1) - max(below, first)))
        below += many
        if below > last:
            break
    if len(picked) != last - first + 1:  # the bounds are proven; this would be a bug
        raise RuntimeError(f"time in stage: the middle of stage {stage} was not found")
    return [picked[0]] if first == last else picked


def _low_bound(pieces: Iterable[Piece], rank: int) -> float:
    """The largest piece start with at most `rank` values in pieces starting before it:
    at most `rank` values are below it, so the value at `rank` is not."""
    best = -float("inf")
    before = 0
    ordered = sorted(pieces, key=lambda p: p.low)
    i = 0
    while i < len(ordered):
        start = ordered[i].low
        if before > rank:
            break
        best = start
        while i < len(ordered) and ordered[i].low == start:
            before += ordered[i].count
            i += 1
    return best


def _high_bound(pieces: Iterable[Piece], rank: int) -> float:
    """The smallest piece end with more than `rank` values in pieces ending by it: the
    value at `rank` is not above it."""
    within = 0
    for piece in sorted(pieces, key=lambda p: p.high):
        within += piece.count
        if within > rank:
            return piece.high
    return float("inf")


def _read(conn: Connection, period: Period, stage: int, piece: Piece) -> list[tuple[float, int]]:
    """A piece's values, each with how many stays have it. The smallest and largest of
    rows that hold it come first (an index entry each): when they are equal, so is every
    value of the piece."""
    if piece.value is not None:
        return [(piece.value, piece.count)]
    where, around, smallest_first = _where(piece, bounds(period))
    days = select(_stay_days(period)).where(LIVE_STAY, col(StageStay.stage) == stage)
    if piece.count > 2:
        ends = [
            float(conn.execute(days.where(*around).order_by(order).limit(1)).scalar_one())
            for order in (smallest_first, _reverse(smallest_first))
        ]
        if ends[0] == ends[1]:
            return [(ends[0], piece.count)]
    # a range of ix_stage_stay_length, read from the index alone
    return [(float(d), 1) for (d,) in conn.execute(days.where(*where))]


def _reverse(order: Any) -> Any:
    return order.element.desc() if order.modifier is operators.asc_op else order.element.asc()
