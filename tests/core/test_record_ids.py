"""Interview, answer and outreach ids are never given again (r0015), so a window still
showing a deleted one can never act on the record that came after it."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from infointerview_tui.core.outcomes import Conflict
from tests.conftest import open_store

FIXTURES = Path(__file__).parent.parent / "fixtures"
TABLES = ("interview", "interview_answer", "outreach", "follow_up")


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


def _rows(path: Path, columns: dict[str, list[str]] | None = None) -> dict[str, list[object]]:
    """Each table's rows (of these columns: later revisions add some), by id."""
    conn = sqlite3.connect(path)
    try:
        found: dict[str, list[object]] = {}
        for table in TABLES:
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
    path = tmp_path / "new.db"
    open_store_at(path).close()
    conn = sqlite3.connect(path)
    try:
        return _on_delete(conn)
    finally:
        conn.close()
