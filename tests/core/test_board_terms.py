"""The board filter's words by stage kept in `board_term` (core/board_terms.py) equal
what they derive from — each live contact's own words and its organization's, with its
stage — after any writes: the core's intents (add, edit, move, undo, archive, restore,
merge, import, a contact's organization changed, an organization renamed) and another
program's (deletes, bulk updates), on SQLite and PostgreSQL; after a file from before
migration 0024 is opened; after an export is restored."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from infointerview_tui.core import board_terms, counters
from infointerview_tui.core.outcomes import Archive, Conflict, Move
from tests.conftest import reopened_before, restored_copy
from tests.core.test_stage_counts import KINDS, _people, act


def kept(store, placed: bool = False) -> set[tuple[int, ...]]:
    """(stage, term, contact id) of each row; with its position when `placed`."""
    with store.db.read() as conn:
        rows = conn.execute(text("SELECT stage, term, contact_id, position FROM board_term"))
        return {(int(s), str(t), int(w), *([int(p)] if placed else [])) for s, t, w, p in rows}


def derived(store, placed: bool = False) -> set[tuple[int, ...]]:
    """What `board_term` must hold, worked out in Python from the rows it derives from."""
    with store.db.read() as conn:
        people = conn.execute(
            text("SELECT id, stage, archived, organization_id, position FROM contact")
        ).all()
        terms = conn.execute(text("SELECT kind, term, record_id FROM search_term")).all()
    own: dict[int, set[str]] = {}
    org: dict[int, set[str]] = {}
    for kind, term, record_id in terms:
        if kind in ("name", "info"):
            own.setdefault(int(record_id), set()).add(str(term))
        elif kind == "org":
            org.setdefault(int(record_id), set()).add(str(term))
    rows: set[tuple[int, ...]] = set()
    for who, stage, archived, organization_id, position in people:
        if archived:
            continue
        words = own.get(int(who), set()) | org.get(int(organization_id or 0), set())
        place = [int(position)] if placed else []
        rows.update((int(stage), word, int(who), *place) for word in words)
    return rows


EDITS = ("rename", "retitle", "reorganize", "rename organization", "reorder")
steps = st.lists(
    st.tuples(st.sampled_from(KINDS + EDITS), st.integers(0, 10**6), st.integers(1, 5)),
    min_size=1,
    max_size=12,
)


def edit(store, kind: str, pick: int) -> None:
    """A write of what the words come from: a name, a title and tags, an organization."""
    people = _people(store)
    if not people:
        return
    who, at, _archived = people[pick % len(people)]
    names = ("Sam Park", "Saša Straße", "Ann Salo", "Zoë O'Neil")
    orgs = ("Samsung", "Park Hospital", "Acme", "")
    try:
        if kind == "rename":
            store.intents.edit_contact(who, {"name": names[pick % len(names)]})
        elif kind == "retitle":
            store.intents.edit_contact(who, {"title": "Sales lead", "tags": f"sa-{pick % 7}"})
        elif kind == "reorder":  # (positions: a page is sorted by the entries' own)
            store.intents.reorder_card(who, at, 1 if pick % 2 else -1)
        elif kind == "reorganize":
            store.intents.edit_contact(who, {"organization": orgs[pick % len(orgs)]})
        else:
            with store.db.read() as conn:
                ids = [int(i) for (i,) in conn.execute(text("SELECT id FROM organization"))]
            if ids:
                store.intents.rename_organization(
                    ids[pick % len(ids)], f"{orgs[pick % 3]} {pick % 5}"
                )
    except (LookupError, ValueError, Conflict):
        pass  # gone since, or refused: nothing written


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(writes=steps)
def test_the_kept_words_equal_what_they_derive_from_after_random_writes(any_store, writes):
    """Whatever the writes (the database carries over from one example to the next)."""
    any_store.intents.BULK_IMPORT = 3  # (imports of 3 or more: kept at their end)
    done: list[Move | Archive] = []
    for kind, pick, stage in writes:
        if kind in EDITS:
            edit(any_store, kind, pick)
        else:
            act(any_store, done, kind, pick, stage)
        assert kept(any_store, placed=True) == derived(any_store, placed=True), f"after {kind}"


def back_to_before_board_terms(conn) -> None:  # noqa: ANN001
    """What a database made before migration 0024 looks like."""
    exists = conn.exec_driver_sql(
        "SELECT 1 FROM information_schema.tables WHERE table_name = 'board_term'"
        if conn.dialect.name == "postgresql"
        else "SELECT 1 FROM sqlite_master WHERE name = 'board_term'"
    ).first()
    if exists is None:
        return
    # (a test that goes further back may have dropped search_term, and its triggers)
    there = {
        str(name)
        for (name,) in conn.exec_driver_sql(
            "SELECT tgname FROM pg_trigger"
            if conn.dialect.name == "postgresql"
            else "SELECT name FROM sqlite_master WHERE type = 'trigger'"
        )
    }
    counters.drop_triggers(
        conn, {k: v for k, v in board_terms.TRIGGER_TABLES.items() if k in there}
    )
    conn.exec_driver_sql("DROP TABLE board_term")


def test_migration_0024_fills_and_keeps_the_words_on_both_engines(any_demo_store, db_target):
    store = any_demo_store
    before = derived(store)
    assert before
    store = reopened_before(store, db_target, back_to_before_board_terms, "0023")
    try:
        assert kept(store) == derived(store) == before
        who, at, _archived = next(p for p in _people(store) if not p[2] and p[1] < 5)
        store.intents.move_card(who, at, at + 1)
        store.intents.archive(store.intents.add_contact("Sam New", 2, organization="Acme"))
        store.intents.add_contact("Sam Newer", 4, organization="Samsung")
        assert kept(store) == derived(store)
    finally:
        store.close()


def test_a_restored_export_has_the_words_and_keeps_them(any_demo_store, new_target, tmp_path):
    restored = restored_copy(any_demo_store, new_target("restored"), tmp_path)
    try:
        assert kept(restored) == derived(restored) == kept(any_demo_store)
        who, at, _archived = next(p for p in _people(restored) if not p[2] and p[1] > 1)
        restored.intents.move_card(who, at, 1)
        restored.intents.add_contact("One more", 3, organization="Park Hospital")
        assert kept(restored) == derived(restored)
    finally:
        restored.close()


def test_a_word_had_twice_stays_until_neither_has_it(any_store):
    """ "Acme" in the name and in the organization's: renaming the organization keeps it
    (the name still has it); renaming the person then drops it; an organization's word
    reaches every live member, and leaves them with it."""
    store = any_store
    sam = store.intents.add_contact("Sam Acme", 2, organization="Acme")
    ann = store.intents.add_contact("Ann Lee", 3, organization="Acme")
    with store.db.read() as conn:
        org = conn.execute(text("SELECT id FROM organization WHERE name = 'Acme'")).scalar_one()
    assert {(2, "acme", sam), (3, "acme", ann)} <= kept(store)
    store.intents.rename_organization(org, "Zyx Labs")
    words = kept(store)
    assert (2, "acme", sam) in words and (3, "acme", ann) not in words
    assert {(2, "zyx", sam), (3, "zyx", ann), (3, "labs", ann)} <= words
    store.intents.edit_contact(sam, {"name": "Sam Park"})
    assert (2, "acme", sam) not in kept(store)
    assert kept(store) == derived(store)


def test_a_renamed_organization_is_found_by_its_new_name_only(any_store):
    """`rename_organization` kept the old name's words in the search index: the filter
    and the palette found it (and its people) by the old name, not the new."""
    store = any_store
    ann = store.intents.add_contact("Ann Lee", 3, organization="Acme")
    with store.db.read() as conn:
        org = conn.execute(text("SELECT id FROM organization WHERE name = 'Acme'")).scalar_one()
    store.intents.rename_organization(org, "Zyx Labs")
    assert store.catalog.search("zyx", 5)[0] == ["Zyx Labs"]
    assert store.catalog.search("acme", 5)[0] == []
    assert [c.id for c in store.contacts.filtered("zyx")[1][3]] == [ann]
    assert store.contacts.filtered("acme")[1] == {}
