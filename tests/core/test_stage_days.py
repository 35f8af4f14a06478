"""The day counts the funnel and time in stage read (`stage_reach_day`, `stage_stay_day`:
core/stage_days.py) equal a recount of the rows they count after any sequence of what
users and other programs do, on SQLite and PostgreSQL; the figures read through them
(core/stage_periods.py) equal the first definitions for periods that start at any time
of day; a file from before migration 0022 gets them; and a first visit's reads stay
small while the data grows."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from infointerview_tui.core import counters, stage_days, stage_stats
from infointerview_tui.core.insights import funnel, time_in_stage
from infointerview_tui.core.outcomes import UndoStack
from infointerview_tui.core.periods import Period
from tests.conftest import open_store, reopened_before, restored_copy
from tests.core.test_stage_stats import (
    Clock,
    act,
    assert_same_figures,
    funnel_by_moves,
    times_by_window,
)

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def kept(store) -> dict[str, dict[tuple, int]]:
    """The two tables' rows: {table: {key: n}}."""
    with store.db.read() as conn:
        return {
            "reach": {
                (int(s), str(d)): int(n)
                for s, d, n in conn.execute(text("SELECT stage, day, n FROM stage_reach_day"))
            },
            "stay": {
                (int(s), str(d), int(w)): int(n)
                for s, d, w, n in conn.execute(
                    text("SELECT stage, day, whole_days, n FROM stage_stay_day")
                )
            },
        }


def recount(store) -> dict[str, dict[tuple, int]]:
    """What the tables must hold, counted in Python from stage_reach and stage_stay (and
    their lengths from the moves' own times)."""
    reach: dict[tuple, int] = {}
    stay: dict[tuple, int] = {}
    with store.db.read() as conn:
        for s, last_at, live in conn.execute(text("SELECT stage, last_at, live FROM stage_reach")):
            if live:
                day = "0001-01-01" if last_at is None else str(_utc(last_at).date())
                reach[(int(s), day)] = reach.get((int(s), day), 0) + 1
        for s, at, left_at, live, stored in conn.execute(
            text("SELECT stage, at, left_at, live, days FROM stage_stay")
        ):
            began = _utc(at)
            if left_at is None:
                assert stored is None
                whole = -1
            else:  # the length the row keeps is its days
                days = (_utc(left_at) - began).total_seconds() / 86400
                assert float(stored) == pytest.approx(days, abs=1e-7)
                whole = int(float(stored) // 1)
            if live:
                key = (int(s), str(began.date()), int(whole))
                stay[key] = stay.get(key, 0) + 1
    return {"reach": reach, "stay": stay}


def _utc(value) -> datetime:
    """A stored time (SQLite: naive UTC text; PostgreSQL: a naive UTC timestamp)."""
    found = datetime.fromisoformat(value) if isinstance(value, str) else value
    return found.replace(tzinfo=UTC) if found.tzinfo is None else found.astimezone(UTC)


def assert_kept(store) -> None:
    assert kept(store) == recount(store)


def day_periods(now: datetime) -> list[Period]:
    """Periods starting on a day's first instant, its last, noon and a move's own time."""
    midnight = datetime(now.year, now.month, now.day, tzinfo=UTC)
    return [
        Period("midnight", midnight - timedelta(days=9), now),
        Period("last instant", midnight - timedelta(days=4, microseconds=1), now),
        Period("noon", midnight - timedelta(days=20, hours=-12), now),
        Period("a move's time", START + timedelta(hours=7), now),
        Period("after everything", now + timedelta(days=1), now),
    ]


def assert_day_figures(store, now: datetime) -> None:
    assert_same_figures(store, now)
    with store.db.engine.connect() as conn:
        for period in day_periods(now):
            assert funnel(conn, period) == funnel_by_moves(conn, period), period.label
            fast, first = time_in_stage(conn, period), times_by_window(conn, period)
            assert [(t.stage, t.stays) for t in fast] == [(t.stage, t.stays) for t in first]
            for a, b in zip(fast, first, strict=True):
                if b.median_days is None:
                    assert a.median_days is None
                else:
                    assert a.median_days == pytest.approx(b.median_days, rel=1e-12, abs=1e-9)


@pytest.mark.parametrize("seed", [3, 4])
def test_the_day_counts_equal_a_recount_after_random_intents(db_target, seed):
    rng = random.Random(seed)
    store = open_store(db_target, clock=Clock(rng))
    undo = UndoStack()
    try:
        for step in range(60):
            act(store, rng, step, undo)
            if step % 6 == 5:
                assert_kept(store)
                assert_day_figures(store, store.now())
        assert_kept(store)
        assert kept(store)["stay"], "the walk made no stays: it tested nothing"
    finally:
        store.close()


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    steps=st.lists(st.integers(0, 10), min_size=1, max_size=25),
    seed=st.integers(0, 2**16),
    hours=st.integers(-24 * 40, 24 * 40),
)
def test_random_writes_keep_the_counts_and_the_figures(tmp_path_factory, steps, seed, hours):
    """Hypothesis picks what happens (SQLite; the seeded walks above run on both
    engines) and when the figures are read: the medians and counts of every period are
    the first definition's, the kept counts a recount."""
    from infointerview_tui.core.dburl import sqlite_target

    rng = random.Random(seed)
    store = open_store(sqlite_target(tmp_path_factory.mktemp("h") / "h.db"), clock=Clock(rng))
    undo = UndoStack()
    try:
        for step, choice in enumerate(steps):
            act(store, rng, step, undo, choice)
        assert_kept(store)
        assert_day_figures(store, store.now() + timedelta(hours=hours))
    finally:
        store.close()


TABLES = ("stage_reach_day", "stage_stay_day")


def back_to_before_stage_days(conn) -> None:
    """What a database made before migration 0022 looks like: no day counts, stage_stay
    with no lengths, and the stage_stats triggers that fill it so (nor the later ones)."""
    from tests.core.test_interview_last_done import back_to_before_the_last_done_index

    back_to_before_the_last_done_index(conn)
    counters.drop_triggers(conn, stage_days.TRIGGER_TABLES)
    for name in TABLES:
        conn.exec_driver_sql(f"DROP TABLE {name}")
    counters.drop_triggers(conn, stage_stats.TRIGGER_TABLES)
    conn.exec_driver_sql("DROP INDEX ix_stage_stay_length")
    conn.exec_driver_sql("ALTER TABLE stage_stay DROP COLUMN days")
    stage_stats.install(conn, lengths=False)


def test_migration_0022_counts_a_populated_file_on_both_engines(db_target):
    rng = random.Random(8)
    store = open_store(db_target, clock=Clock(rng))
    undo = UndoStack()
    for step in range(40):
        act(store, rng, step, undo)
    before = kept(store)
    store = reopened_before(store, db_target, back_to_before_stage_days, "0021", clock=Clock(rng))
    try:
        assert kept(store) == before == recount(store)
        assert before["reach"] and before["stay"]
        assert_day_figures(store, store.now())
        for step in range(40, 60):
            act(store, rng, step, undo)
        assert_kept(store)
        assert_day_figures(store, store.now())
    finally:
        store.close()


def test_a_restored_export_is_counted_and_keeps_counting(any_demo_store, new_target, tmp_path):
    """`import json` drops the triggers and counts at its end (counted_at_the_end)."""
    restored = restored_copy(any_demo_store, new_target("restored"), tmp_path)
    try:
        assert kept(restored) == kept(any_demo_store) == recount(restored)
        someone = restored.contacts.cards(2, 0, 1)[0]
        restored.intents.move_card(someone.id, 2, 5)
        assert_kept(restored)
        assert_day_figures(restored, restored.now())
    finally:
        restored.close()


def test_a_first_visits_reads_do_not_grow_with_the_data(tmp_path):
    """The funnel and time in stage of each period, in SQLite VM steps (a count the
    machine's load does not change), on demos of 600 and 2,400 contacts: the first
    definitions' reads grow with the moves (4x), these stay within 1.5x (the day counts
    fill up a little; at 100,000 contacts they take ~16,000 steps for 30 days)."""
    from infointerview_tui.core.demo import write_demo
    from infointerview_tui.core.store import Store
    from tests.core.test_referral_counts import _vm_steps

    steps: dict[int, dict[str, tuple[int, int]]] = {}
    for size in (600, 2400):
        store = Store(tmp_path / f"{size}.db")
        try:
            write_demo(store, size, seed=3)
            now = store.now()
            steps[size] = {}
            for key in ("30", "90", "all"):
                period = Period.last(key, now)
                ours = _vm_steps(store, lambda c, p=period: (funnel(c, p), time_in_stage(c, p)))
                first = _vm_steps(
                    store, lambda c, p=period: (funnel_by_moves(c, p), times_by_window(c, p))
                )
                steps[size][key] = (ours, first)
        finally:
            store.close()
    for key in ("30", "90", "all"):
        (small, small_first), (large, large_first) = steps[600][key], steps[2400][key]
        assert large_first > 3 * small_first, key  # the moves did grow 4x
        assert large <= 1.5 * small, (key, small, large)
        assert large * 10 < large_first, (key, large, large_first)
