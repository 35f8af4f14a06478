"""The live contacts per stage kept in `stage_count` (core/stage_counts.py) equal a
recount of the contact rows after any writes through the core's intents (add, move,
undo, archive, restore, merge, import) and another program's (deletes, bulk updates),
on SQLite and PostgreSQL; after a file from before migration 0021 is opened; after an
export is restored. The board's, stage 3's, 4's and 5's counts read them, and what the
board's counts ask of SQLite does not grow with the contacts."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event, text

from infointerview_tui.core import counters, stage_counts
from infointerview_tui.core.models import Contact
from infointerview_tui.core.outcomes import Archive, Conflict, Move, NewContact
from infointerview_tui.core.store import Store
from tests.conftest import execute, frozen_clock, reopened_before, restored_copy

STAGES = range(1, 6)


def kept(store) -> dict[int, int]:
    """The kept rows: {stage: live contacts}."""
    with store.db.read() as conn:
        rows = conn.execute(text("SELECT stage, live FROM stage_count")).all()
    return {int(stage): int(live) for stage, live in rows}


def recount(store) -> dict[int, int]:
    """What `stage_count` must hold: every stage, its contacts that are not archived."""
    with store.db.read() as conn:
        rows = conn.execute(text("SELECT stage, archived FROM contact")).all()
    counts = dict.fromkeys(STAGES, 0)
    for stage, archived in rows:
        if not archived:
            counts[int(stage)] += 1
    return counts


def read_everywhere(store) -> dict[int, int]:
    """The counts as each reader shows them: the board's, stage 3's list (stages 1-3),
    stage 5's list and stage 4's people without an interview (those at stage 4 when
    none has an interview)."""
    board = store.contacts.stage_counts()
    people = {3 - i: s.count for i, s in enumerate(store.contacts.people_pages())}
    assert people == {stage: board[stage] for stage in (1, 2, 3)}
    (followups,) = store.follow_ups.pages()
    assert followups.count == board[5]
    return board


def _people(store) -> list[tuple[int, int, bool]]:
    with store.db.read() as conn:
        rows = conn.execute(text("SELECT id, stage, archived FROM contact ORDER BY id")).all()
    return [(int(i), int(s), bool(a)) for i, s, a in rows]


KINDS = (
    "add",
    "move",
    "undo",
    "archive",
    "restore",
    "merge",
    "import",
    "delete",
    "program",
)
steps = st.lists(
    st.tuples(st.sampled_from(KINDS), st.integers(0, 10**6), st.integers(1, 5)),
    min_size=1,
    max_size=12,
)


def act(store, done: list[Move | Archive], kind: str, pick: int, stage: int) -> None:
    """One write; `done` holds this window's moves and archivings (undo's stack)."""
    intents = store.intents
    people = _people(store)
    if kind == "add" or not people:
        org = ("Acme", "Beta", "")[pick % 3]
        intents.add_contact(f"Added {pick}", stage, organization=org)
        return
    who, at, archived = people[pick % len(people)]
    try:
        if kind == "move":
            to = stage if stage != at else at % 5 + 1
            done.append(intents.move_card(who, at, to))
        elif kind == "undo" and done:
            done.append(intents.undo(done.pop(pick % len(done))))
        elif kind == "archive":
            done.append(intents.archive(who))
        elif kind == "restore":
            done.append(intents.restore(who))
        elif kind == "merge":
            with store.db.read() as conn:
                orgs = [int(i) for (i,) in conn.execute(text("SELECT id FROM organization"))]
            if len(orgs) > 1:
                intents.merge_organizations(orgs[pick % len(orgs)], orgs[(pick + 1) % len(orgs)])
        elif kind == "import":
            # from 3 people on, an import into as few counts at its end (counted_at_the_end)
            batch = [
                NewContact(f"Imported {pick}.{k}", stage=(stage + k) % 5 + 1)
                for k in range(pick % 5)
            ]
            intents.import_contacts(batch)
        elif kind == "delete":
            # Another program (or a sync) deletes someone outright.
            execute(
                store,
                "DELETE FROM search_term WHERE record_id = ? AND kind IN ('name', 'info')",
                (who,),
            )
            execute(store, "DELETE FROM contact WHERE id = ?", (who,))
        elif kind == "program":
            # Another program moves and archives many at once (one statement, many rows),
            # or sets a row's stage and archived flag to what they are already.
            execute(
                store,
                "UPDATE contact SET stage = ?, archived = NOT archived WHERE id % 3 = ?",
                (stage, pick % 3),
            )
            execute(
                store,
                "UPDATE contact SET stage = ?, archived = ? WHERE id = ?",
                (at, archived, who),
            )
    except (Conflict, LookupError):
        pass  # archived already, moved since, deleted since: refused, nothing written


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(writes=steps)
def test_the_kept_counts_equal_a_recount_after_random_writes(any_store, writes):
    """Whatever the writes (the database carries over from one example to the next),
    every reader's counts are the recount's."""
    any_store.intents.BULK_IMPORT = 3  # (this intents object's: imports of 3 or more)
    done: list[Move | Archive] = []
    for kind, pick, stage in writes:
        act(any_store, done, kind, pick, stage)
        assert kept(any_store) == recount(any_store), f"after {kind}"
    assert read_everywhere(any_store) == recount(any_store)


def back_to_before_the_stage_counts(conn) -> None:
    """What a database made before migration 0021 looks like (nor the later ones)."""
    from tests.core.test_stage_days import back_to_before_stage_days

    back_to_before_stage_days(conn)
    counters.drop_triggers(conn, stage_counts.TRIGGER_TABLES)
    conn.exec_driver_sql("DROP TABLE stage_count")


def test_migration_0021_fills_and_keeps_the_counts_on_both_engines(any_demo_store, db_target):
    """A populated database from before 0021 (the demo, some archived) gets the counts
    when opened, and they keep counting."""
    store = any_demo_store
    before = recount(store)
    assert sum(before.values()) > 0
    store = reopened_before(store, db_target, back_to_before_the_stage_counts, "0020")
    try:
        assert kept(store) == recount(store) == before
        who, at, _archived = next(p for p in _people(store) if not p[2] and p[1] < 5)
        store.intents.move_card(who, at, at + 1)
        store.intents.archive(store.intents.add_contact("New", 2))
        store.intents.add_contact("Newer", 4)
        assert read_everywhere(store) == kept(store) == recount(store)
    finally:
        store.close()


def test_a_restored_export_is_counted_and_keeps_counting(any_demo_store, new_target, tmp_path):
    """`import json` counts at its end: the restored counts are the export's, and the
    triggers are back after it."""
    restored = restored_copy(any_demo_store, new_target("restored"), tmp_path)
    try:
        assert kept(restored) == kept(any_demo_store) == recount(restored)
        who, at, _archived = next(p for p in _people(restored) if not p[2] and p[1] > 1)
        restored.intents.move_card(who, at, 1)
        restored.intents.add_contact("One more", 3)
        assert read_everywhere(restored) == recount(restored)
    finally:
        restored.close()


def test_a_new_database_has_all_five_stages_at_zero(any_store):
    assert kept(any_store) == read_everywhere(any_store) == dict.fromkeys(STAGES, 0)


def _vm_steps(store, read) -> int:
    """SQLite VM steps (in units of 10) of everything `read()` runs, on whatever pooled
    connection it takes: a count that does not depend on the machine's load."""
    ticks = 0

    def tick() -> int:
        nonlocal ticks
        ticks += 1
        return 0

    def hook(dbapi_conn, _record, _proxy) -> None:
        dbapi_conn.set_progress_handler(tick, 10)

    def unhook(dbapi_conn, _record) -> None:
        if dbapi_conn is not None:  # (None: a connection the pool dropped)
            dbapi_conn.set_progress_handler(None, 10)

    engine = store.db.engine
    event.listen(engine, "checkout", hook)
    event.listen(engine, "checkin", unhook)
    try:
        read()
    finally:
        event.remove(engine, "checkout", hook)
        event.remove(engine, "checkin", unhook)
    return ticks


def test_the_counts_read_costs_no_more_with_3000_more_contacts(tmp_path):
    """3,000 more live contacts spread over the stages change neither the board's counts
    nor what reading them (and stage 3's and stage 5's sizes) asks of SQLite."""
    store = Store(tmp_path / "steps.db", clock=frozen_clock)
    try:
        _compare_steps(store)
    finally:
        store.close()


def _compare_steps(store) -> None:
    """One contact a stage, then 600 more a stage: the reads' steps before and after."""
    for stage in STAGES:
        store.intents.add_contact(f"Seed {stage}", stage)
    store.contacts.stage_counts()  # (the repositories' first use out of the way)

    def board() -> None:
        store.contacts.stage_counts()

    def lists() -> None:
        store.contacts.people_pages()
        store.follow_ups.pages()

    small = (_vm_steps(store, board), _vm_steps(store, lists))
    copied = Contact.__table__.columns  # type: ignore[attr-defined]
    columns = ", ".join(c.name for c in copied if c.name not in ("id", "stage"))
    execute(
        store,
        f"INSERT INTO contact (stage, {columns}) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL "
        f"SELECT i + 1 FROM n WHERE i < 3000) SELECT 1 + n.i % 5, {columns} FROM n "
        "JOIN contact ON contact.name = 'Seed 1'",
    )
    assert store.contacts.stage_counts() == recount(store) == dict.fromkeys(STAGES, 601)
    large = (_vm_steps(store, board), _vm_steps(store, lists))
    assert small[0] > 0
    assert large[0] <= small[0] * 1.1 + 5, (small, large)
    assert large[1] <= small[1] * 1.1 + 5, (small, large)
    print("steps (board, lists) with 5 and 3,005 contacts:", small, large)
