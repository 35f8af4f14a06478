"""Interview, answer and outreach ids (r0015), and career field, organization and question
ids (r0016) are never given again, so a window still showing a deleted one can never act
on the record that came after it."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from infointerview_tui.core.outcomes import Conflict
from tests.conftest import open_store

FIXTURES = Path(__file__).parent.parent / "fixtures"
TABLES = ("interview", "interview_answer", "outreach", "follow_up")
CATALOG = ("career_field", "organization", "question")
T = TypeVar("T")


def test_a_window_on_a_deleted_interview_never_writes_into_the_next_one(any_store):
    store = any_store
    alice = store.intents.add_contact("Alice", 4)
    bob = store.intents.add_contact("Bob", 4)
    first = store.intents.open_notes(alice)
    seen = store.interviews.state(first)  # what the first window shows and autosaves over
    answer = seen.answers[0]
    store.intents.delete_interview(first)  # a second window deletes it...
    second = store.intents.open_notes(bob)  # ...and opens Bob's: a new interview
    assert second != first
    assert {a.id for a in store.interviews.state(second).answers}.isdisjoint(
        a.id for a in seen.answers
    )
    # The first window's typing finds its interview gone instead of landing in Bob's.
    with pytest.raises(LookupError):
        store.intents.save_interview_text(
            first, "free_notes", "Alice said", seen.version, seen.free_notes
        )
    with pytest.raises(LookupError):
        store.intents.save_answer(answer.id, "Alice's path", answer.version, answer.notes)
    bobs = store.interviews.state(second)
    assert bobs.free_notes == ""
    assert [a.notes for a in bobs.answers] == [""] * len(bobs.answers)


def test_a_window_on_a_deleted_message_never_deletes_the_next_one(any_store):
    store = any_store
    alice = store.intents.add_contact("Alice", 3)
    bob = store.intents.add_contact("Bob", 3)
    first = store.intents.log_outreach(alice, channel="email", message="Hello Alice")
    store.intents.delete_outreach(first)  # one window deletes it...
    second = store.intents.log_outreach(bob, channel="email", message="Hello Bob")
    assert second != first
    with pytest.raises(Conflict, match="already deleted"):  # ...another still shows it
        store.intents.delete_outreach(first)
    assert [r[0] for r in store.query("SELECT message FROM outreach")] == ["Hello Bob"]


def test_a_window_on_a_deleted_organization_or_field_never_edits_the_next_one(any_store):
    store = any_store
    field = store.intents.save_career_field(None, {"name": "Data science"})
    org = store.intents.save_organization(None, {"name": "Acme"})
    store.intents.delete_organization(org)  # a second window deletes them...
    store.intents.delete_career_field(field)
    new_field = store.intents.save_career_field(None, {"name": "Nursing"})  # ...and adds
    new_org = store.intents.save_organization(None, {"name": "Globex"})
    assert (new_field, new_org) != (field, org)
    # The first window's edits find theirs gone instead of renaming the new ones.
    with pytest.raises((LookupError, Conflict)):
        store.intents.rename_organization(org, "Acme Corp")
    with pytest.raises((LookupError, Conflict)):
        store.intents.save_career_field(field, {"name": "Data science and AI"})
    names = {r[0] for r in store.query("SELECT name FROM organization")}
    names |= {r[0] for r in store.query("SELECT name FROM career_field")}
    assert names == {"Globex", "Nursing"}


def test_a_window_on_a_deleted_question_never_edits_the_next_one(any_store):
    store = any_store
    mine = store.intents.add_question(2, "What surprised you most in your first year?")
    store.intents.delete_question(mine)  # one window deletes it, then adds another...
    other = store.intents.add_question(3, "Who else should I talk to?")
    assert other != mine
    with pytest.raises(LookupError):  # ...the other window's edit finds it gone
        store.intents.edit_question(mine, category=2, text="Edited", air="", favourite=False)
    assert [r[0] for r in store.query("SELECT text FROM question WHERE id = ?", (other,))] == [
        "Who else should I talk to?"
    ]


def test_a_migrated_file_keeps_its_catalog_its_counts_and_its_triggers(tmp_path):
    """r0016 rebuilds career_field, organization and question: rows, links and the
    stage 1-2 counts' triggers (which went with the old copies) are as in a new file."""
    path = tmp_path / "v1.db"
    shutil.copy(FIXTURES / "v1.db", path)
    conn = sqlite3.connect(path)  # a field, and an organization in it
    with conn:
        conn.execute(
            "INSERT INTO career_field (id, name, created_at) VALUES (7, 'Data science', "
            "'2024-01-02 03:04:05')"
        )
        conn.execute(
            "UPDATE organization SET career_field_id = 7 "
            "WHERE id = (SELECT min(id) FROM organization)"
        )
    conn.close()
    before = _rows(path, tables=CATALOG)
    assert all(len(before[t]) > 1 for t in CATALOG), "the fixture has no catalog rows"
    store = open_store_at(path)
    try:
        after = _rows(path, {t: before[t][0] for t in CATALOG}, tables=CATALOG)
        for table in CATALOG:  # every row kept as it was (r0005 adds built-in questions)
            assert set(before[table][1:]) <= set(after[table][1:]), table
        conn = sqlite3.connect(path)
        try:
            for table in CATALOG:
                (sql,) = conn.execute(
                    "SELECT sql FROM sqlite_master WHERE name = ?", (table,)
                ).fetchone()
                assert "AUTOINCREMENT" in sql, table
            assert _triggers(conn) == _triggers_in_a_new_file(tmp_path)
        finally:
            conn.close()
        org = store.intents.save_organization(None, {"name": "Brand new org"})
        assert org > max(r[0] for r in before["organization"][1:])
        counted = store.query(
            "SELECT people FROM organization_count WHERE organization_id = ?", (org,)
        )
        assert [r[0] for r in counted] == [0]  # its count row, made by the trigger
    finally:
        store.close()


def _triggers(conn: sqlite3.Connection) -> set[tuple[str, str]]:
    return set(conn.execute("SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'"))


def _triggers_in_a_new_file(tmp_path: Path) -> set[tuple[str, str]]:
    return _in_a_new_file(tmp_path / "new-triggers.db", _triggers)


def _rows(
    path: Path, columns: dict[str, list[str]] | None = None, tables: tuple[str, ...] = TABLES
) -> dict[str, list[object]]:
    """Each table's rows (of these columns: later revisions add some), by id."""
    conn = sqlite3.connect(path)
    try:
        found: dict[str, list[object]] = {}
        for table in tables:
            names = (columns or {}).get(table) or [
                r[1] for r in conn.execute(f"PRAGMA table_info({table})")
            ]
            found[table] = [names] + conn.execute(
                f"SELECT {', '.join(names)} FROM {table} ORDER BY id"
            ).fetchall()
        return found
    finally:
        conn.close()


def test_a_migrated_file_keeps_every_row_and_link_and_never_reuses_an_id(tmp_path):
    """r0015 rebuilds the tables that answers and follow-ups point at: their rows and
    links survive (with foreign keys on, dropping the old interview table would have
    deleted its answers and unlinked the nudge from its message)."""
    path = tmp_path / "v1.db"
    shutil.copy(FIXTURES / "v1.db", path)
    before = _rows(path)
    assert len(before["interview_answer"]) > 1
    assert any(r[-1] is not None for r in before["follow_up"][1:])  # the message's nudge
    store = open_store_at(path)
    try:
        assert _rows(path, {t: before[t][0] for t in TABLES}) == before
        conn = sqlite3.connect(path)
        try:
            for table in ("interview", "interview_answer", "outreach"):
                (sql,) = conn.execute(
                    "SELECT sql FROM sqlite_master WHERE name = ?", (table,)
                ).fetchone()
                assert "AUTOINCREMENT" in sql, table
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
            # What deleting a row does to the rows naming it: as in a new file (r0011's
            # copy of follow_up had lost it, so deleting an interview failed there).
            assert _on_delete(conn) == _on_delete_in_a_new_file(tmp_path)
        finally:
            conn.close()
        (interview,) = [r[0] for r in before["interview"][1:]]
        contact = store.interviews.state(interview).contact_id
        store.intents.delete_interview(interview)
        assert store.intents.open_notes(contact) > interview
    finally:
        store.close()


def open_store_at(path: Path):
    from infointerview_tui.core.dburl import sqlite_target

    return open_store(sqlite_target(path))


def _on_delete(conn: sqlite3.Connection) -> set[tuple[str, str, str, str]]:
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {
        (table, r[3], r[2], r[6])  # (table, column, the table it names, on delete)
        for table in tables
        for r in conn.execute(f"PRAGMA foreign_key_list({table})")
    }


def _on_delete_in_a_new_file(tmp_path: Path) -> set[tuple[str, str, str, str]]:
    return _in_a_new_file(tmp_path / "new.db", _on_delete)


def _in_a_new_file(path: Path, read: Callable[[sqlite3.Connection], T]) -> T:
    """What `read` finds in a database file the app has just made."""
    open_store_at(path).close()
    conn = sqlite3.connect(path)
    try:
        return read(conn)
    finally:
        conn.close()
