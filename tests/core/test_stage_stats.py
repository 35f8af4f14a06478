"""The funnel and the time in stage, read on the trigger-kept `stage_reach` and
`stage_stay` (core/stage_stats.py), equal their first definitions — every stage move of
the period, joined to its contact, grouped and ranked — after any sequence of what users
do, on SQLite and PostgreSQL, and after a file from before migration 0013 is opened."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, or_, select, union_all
from sqlmodel import col

from infointerview_tui.core import counters, stage_stats
from infointerview_tui.core.insights import FunnelStep, StageTime, funnel, time_in_stage
from infointerview_tui.core.models import Contact, StageEvent
from infointerview_tui.core.outcomes import Conflict, NewContact, UndoStack
from infointerview_tui.core.periods import LIVE, Period, since
from infointerview_tui.core.sqlfuncs import days_between, db_time
from infointerview_tui.core.stages import STAGES
from tests.conftest import execute, open_store, reopened_before

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


class Clock:
    """Time that moves on by a random step (often none: ties on one instant) per read."""

    def __init__(self, rng: random.Random) -> None:
        self.rng, self.at = rng, START

    def __call__(self) -> datetime:
        self.at += timedelta(hours=self.rng.choice((0, 0, 1, 7, 30, 200)))
        return self.at


def funnel_by_moves(conn, period: Period) -> tuple[FunnelStep, ...]:
    """The first definition: each live contact's highest move in the period (and, for
    everything, its current stage), counted per stage reached or passed."""
    moves: object = (
        select(col(StageEvent.contact_id).label("contact_id"), col(StageEvent.to_stage).label("s"))
        .join(Contact, col(Contact.id) == col(StageEvent.contact_id))
        .where(LIVE, since(col(StageEvent.at), period))
    )
    if period.since is None:
        moves = union_all(moves, select(col(Contact.id), col(Contact.stage)).where(LIVE))  # type: ignore[arg-type]
    moved = moves.subquery()  # type: ignore[attr-defined]
    top = select(func.max(moved.c.s).label("top")).group_by(moved.c.contact_id).subquery()
    counts = {
        int(s): int(n) for s, n in conn.execute(select(top.c.top, func.count()).group_by(top.c.top))
    }
    steps, before = [], None
    for stage in STAGES:
        reached = sum(n for s, n in counts.items() if s >= stage.number)
        conversion = None if before is None else (reached / before if before else None)
        steps.append(FunnelStep(stage.number, stage.label, reached, conversion))
        before = reached
    return tuple(steps)


def times_by_window(conn, period: Period) -> tuple[StageTime, ...]:
    """The first definition: each move's stay up to the contact's next move (lead over
    its moves by time, then id) or now; the middle row(s) by row_number per stage."""
    left = func.lead(col(StageEvent.at)).over(
        partition_by=col(StageEvent.contact_id), order_by=(col(StageEvent.at), col(StageEvent.id))
    )
    stays = (
        select(
            col(StageEvent.to_stage).label("stage"),
            days_between(col(StageEvent.at), func.coalesce(left, db_time(period.now))).label(
                "days"
            ),
        )
        .join(Contact, col(Contact.id) == col(StageEvent.contact_id))
        .where(LIVE, since(col(StageEvent.at), period))
        .subquery()
    )
    ranked = select(
        stays.c.stage,
        stays.c.days,
        func.row_number().over(partition_by=stays.c.stage, order_by=stays.c.days).label("rn"),
        func.count().over(partition_by=stays.c.stage).label("n"),
    ).subquery()
    middle = or_(ranked.c.rn == (ranked.c.n + 1) // 2, ranked.c.rn == (ranked.c.n + 2) // 2)
    rows = conn.execute(
        select(ranked.c.stage, func.avg(ranked.c.days), func.max(ranked.c.n))
        .where(middle)
        .group_by(ranked.c.stage)
    ).all()
    found = {int(s): (float(m), int(n)) for s, m, n in rows}
    return tuple(StageTime(s.number, *found.get(s.number, (None, 0))) for s in STAGES)


def periods(now: datetime) -> list[Period]:
    return [
        Period("everything", None, now),
        Period("since", now - timedelta(days=3), now),
        Period("last 30 days", now - timedelta(days=30), now),
        Period("an instant", START + timedelta(hours=7), now),
    ]


def assert_same_figures(store, now: datetime) -> None:
    with store.db.engine.connect() as conn:
        for period in periods(now):
            assert funnel(conn, period) == funnel_by_moves(conn, period), period.label
            fast, first = time_in_stage(conn, period), times_by_window(conn, period)
            assert [(t.stage, t.stays) for t in fast] == [(t.stage, t.stays) for t in first]
            for a, b in zip(fast, first, strict=True):
                if b.median_days is None:
                    assert a.median_days is None
                else:  # PostgreSQL's avg() of two numerics vs (a + b) / 2 in floats
                    assert a.median_days == pytest.approx(b.median_days, rel=1e-12, abs=1e-9)


def people(store) -> list[tuple[int, int, bool]]:
    with store.db.read() as conn:
        rows = conn.execute(select(col(Contact.id), col(Contact.stage), col(Contact.archived)))
        return [(int(i), int(s), bool(a)) for i, s, a in rows]


def act(store, rng: random.Random, step: int, undo: UndoStack, choice: int | None = None) -> None:
    """One thing a user (or another program) does that can change a stage figure
    (`choice`: which one, 0-10; by default a random one)."""
    intents = store.intents
    everyone = people(store)
    if choice is None or not everyone:
        choice = rng.randrange(11) if everyone else 0
    try:
        if choice in (0, 1):
            intents.add_contact(f"Person {step}", rng.randint(1, 5))
        elif choice in (2, 3, 4):
            who, stage, _archived = rng.choice(everyone)
            to = rng.choice([s.number for s in STAGES if s.number != stage])
            undo.push(intents.move_card(who, stage, to))
        elif choice == 5:
            intents.undo_last(undo)
        elif choice == 6:
            undo.push(intents.archive(rng.choice(everyone)[0]))
        elif choice == 7:
            undo.push(intents.restore(rng.choice(everyone)[0]))
        elif choice == 8:
            at = START + timedelta(days=rng.randint(-20, 20))
            history = [
                (s, at + timedelta(hours=k))
                for k, s in enumerate(sorted(rng.sample(range(1, 6), 2)))
            ]
            intents.import_contacts(
                [NewContact(f"Imported {step}", stage=history[-1][0], history=tuple(history))]
            )
        elif choice == 9:  # another program deletes someone (their moves go by cascade)
            gone = rng.choice(everyone)[0]
            execute(
                store,
                "DELETE FROM search_term WHERE record_id = ? AND kind IN ('name', 'info')",
                (gone,),
            )
            execute(store, "DELETE FROM contact WHERE id = ?", (gone,))
        elif choice == 10 and len(everyone) > 1:  # ... or merges two people's histories
            (a, *_), (b, *_) = rng.sample(everyone, 2)
            execute(store, "UPDATE stage_event SET contact_id = ? WHERE contact_id = ?", (b, a))
    except (Conflict, ValueError, LookupError):  # a stale pick: refused, nothing written
        pass


def run_random_intents(store, rng: random.Random, steps: range) -> None:
    undo = UndoStack()
    for step in steps:
        act(store, rng, step, undo)
        if step % 8 == 7:
            assert_same_figures(store, store.now())


@pytest.mark.parametrize("seed", [1, 2])
def test_figures_equal_their_first_definition_after_random_intents(db_target, seed):
    rng = random.Random(seed)
    store = open_store(db_target, clock=Clock(rng))
    try:
        run_random_intents(store, rng, range(70))
        assert_same_figures(store, store.now())
        with store.db.engine.connect() as conn:
            assert funnel(conn, periods(store.now())[0])[0].reached > 0
    finally:
        store.close()


def test_a_move_an_undo_and_an_archive_show_at_once(any_store):
    """What a user sees: the stay they just left ends at the move; undone, it lasts on;
    archived, the person leaves the funnel."""
    intents, now = any_store.intents, any_store.now()
    ann = intents.add_contact("Ann", 1)
    period = Period("everything", None, now)

    def figures() -> tuple[list[int], list[int]]:
        with any_store.db.engine.connect() as conn:
            return [s.reached for s in funnel(conn, period)], [
                t.stays for t in time_in_stage(conn, period)
            ]

    assert figures() == ([1, 0, 0, 0, 0], [1, 0, 0, 0, 0])
    move = intents.move_card(ann, 1, 3)
    assert figures() == ([1, 1, 1, 0, 0], [1, 0, 1, 0, 0])
    intents.undo(move)
    assert figures() == ([1, 1, 1, 0, 0], [2, 0, 1, 0, 0])  # the move back is a move
    intents.archive(ann)
    assert figures() == ([0, 0, 0, 0, 0], [0, 0, 0, 0, 0])


TABLES = ("stage_reach", "stage_stay")
TRIGGER_TABLES = {
    "tr_stage_stats_event_insert": "stage_event",
    "tr_stage_stats_event_delete": "stage_event",
    "tr_stage_stats_event_update": "stage_event",
    "tr_stage_stats_contact_insert": "contact",
    "tr_stage_stats_contact_update": "contact",
    "tr_stage_stats_contact_delete": "contact",
}


def back_to_before_stage_stats(conn) -> None:
    """What a database made before migration 0013 looks like (no tables, no triggers,
    nor what the later migrations added)."""
    from tests.core.test_place_index import back_to_before_the_place_index

    back_to_before_the_place_index(conn)
    counters.drop_triggers(conn, TRIGGER_TABLES)
    for name in TABLES:
        conn.exec_driver_sql(f"DROP TABLE {name}")


def test_migration_0013_fills_and_keeps_the_tables_on_both_engines(db_target):
    assert set(TRIGGER_TABLES) == set(stage_stats.TRIGGERS)
    rng = random.Random(5)
    store = open_store(db_target, clock=Clock(rng))
    run_random_intents(store, rng, range(30))
    store = reopened_before(store, db_target, back_to_before_stage_stats, "0012", clock=Clock(rng))
    try:
        with store.db.read() as conn:
            stays = conn.execute(select(func.count()).select_from(StageEvent)).scalar_one()
            assert stays > 0
            assert conn.exec_driver_sql("SELECT count(*) FROM stage_stay").scalar_one() == stays
        assert_same_figures(store, store.now())
        run_random_intents(store, rng, range(30, 50))
        assert_same_figures(store, store.now())
    finally:
        store.close()


def test_a_demo_file_from_before_0013_gets_the_same_figures(tmp_path):
    from sqlalchemy import create_engine

    from infointerview_tui.core.demo import write_demo
    from infointerview_tui.core.store import Store

    path = tmp_path / "old.db"
    demo = Store(path)
    write_demo(demo, 300, seed=11)
    demo.close()
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        back_to_before_stage_stats(conn)
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0012'")
        conn.exec_driver_sql("PRAGMA user_version = 12")
    engine.dispose()
    store = Store(path)
    try:
        now = store.now()
        assert_same_figures(store, now)
        with store.db.engine.connect() as conn:
            assert funnel(conn, Period("all", None, now))[-1].reached > 0
            assert time_in_stage(conn, Period("all", None, now))[2].median_days is not None
    finally:
        store.close()


def test_a_restored_export_has_the_same_figures_and_keeps_them(
    any_demo_store, new_target, tmp_path
):
    """`import json` drops the triggers and fills the tables once at its end
    (counters.counted_at_the_end): the restored figures are the first definition's, and
    the triggers are back after it — and after an import that failed half-way."""
    from infointerview_tui.core.interop.jsonio import JsonImportError, export_json, import_json

    export = tmp_path / "all.json"
    export_json(any_demo_store, export)
    restored = open_store(new_target("restored"))
    broken = open_store(new_target("broken"))
    try:
        import_json(restored, export)
        now = any_demo_store.now()
        assert_same_figures(restored, now)
        with restored.db.engine.connect() as conn, any_demo_store.db.engine.connect() as first:
            for period in periods(now):
                assert funnel(conn, period) == funnel(first, period)
        someone = restored.contacts.cards(1, 0, 1)[0]
        restored.intents.move_card(someone.id, 1, 4)  # counted by the triggers again
        assert_same_figures(restored, restored.now())

        text = export.read_text()
        export.write_text(text[: text.index('"outreach"')] + '"outreach": [{"id": "x"}]}')
        with pytest.raises(JsonImportError):
            import_json(broken, export)
        ann = broken.intents.add_contact("Ann", 1)
        broken.intents.move_card(ann, 1, 2)
        assert_same_figures(broken, broken.now())
        with broken.db.engine.connect() as conn:
            everything = Period("everything", None, broken.now())
            assert [s.reached for s in funnel(conn, everything)][:2] == [1, 1]
    finally:
        restored.close()
        broken.close()
