"""Opening, protecting and migrating the database file."""

from __future__ import annotations

import shutil
import sqlite3
import stat
from pathlib import Path

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from infointerview_tui.core import db
from infointerview_tui.core.migrate import SCHEMA_VERSION
from infointerview_tui.core.models import StageEvent
from infointerview_tui.core.store import Store
from tests.conftest import open_store

FIXTURES = Path(__file__).parent.parent / "fixtures"


@pytest.fixture
def file_store(db_path):
    """This module is about the SQLite file itself (its mode, pragmas, migrations)."""
    s = Store(db_path)
    yield s
    s.close()


def test_new_database_is_private_wal_with_foreign_keys(file_store, db_path):
    store = file_store
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_the_filter_reads_on_a_connection_that_keeps_a_page_cache_for_its_walk(file_store):
    # The board filter's walk probes ~7-12 MiB of the search index at 100,000 contacts:
    # SQLite's default 2 MB cache read it again on every key (twice the time). One
    # connection keeps that cache from key to key; the pool's keep the default (each
    # filled its own: peak memory 136 -> 165 MiB after every screen).
    store = file_store
    with store.db.read_wide() as conn:
        wide = conn.connection.driver_connection
        assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == -db.WIDE_CACHE_KIB
        with store.db.read() as other:
            assert other.connection.driver_connection is not wide
            assert other.exec_driver_sql("PRAGMA cache_size").scalar() == -2000
    with store.db.read_wide() as again:
        assert again.connection.driver_connection is wide
    assert store.contacts.filtered("sam")[0][2] == 0
    store.intents.add_contact("Sami Patel", 2)
    assert store.contacts.filtered("sam")[0][2] == 1  # it sees the latest commit


def test_opening_a_database_never_changes_its_mode(tmp_path):
    # The user (or their backup tool, or a shared group) chose this mode; the app only
    # tightens files it creates itself.
    path = tmp_path / "shared.db"
    Store(path).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.chmod(0o640)
    Store(path).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_foreign_keys_are_enforced(store):
    from infointerview_tui.core.errors import describe, is_fault

    with pytest.raises(IntegrityError) as caught, store.db.write() as conn:
        conn.execute(
            # (a value no temporary path holds: pytest's are numbered, e.g. "pytest-999")
            insert(StageEvent.__table__).values(contact_id=987_654_321, to_stage=1, at=store.now())
        )
    # On either engine: a fault of the data, said in one line without the row's values.
    assert is_fault(caught.value)
    said = describe(caught.value, store.path)
    assert said.endswith("nothing was changed") and "\n" not in said and "987654321" not in said


def test_question_bank_is_seeded_once_with_every_category_and_air(store, db_target):
    rows = store.questions.bank()
    for category in range(1, 6):
        assert len([q for q in rows if q.category == category]) >= 5
    tags = {q.air for q in rows}
    assert {"A", "I", "R"} <= tags
    store.close()
    again = open_store(db_target)
    assert len(again.questions.bank()) == len(rows)
    again.close()


def _snapshot(path: Path) -> bytes:
    return path.read_bytes()


def test_garbage_file_is_refused_and_untouched(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_bytes(b"this is my grocery list\n" * 10)
    before = _snapshot(path)
    with pytest.raises(db.StoreError, match="not an infointerview database"):
        Store(path)
    assert _snapshot(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_newer_schema_is_refused_and_untouched(tmp_path):
    path = tmp_path / "future.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    before = _snapshot(path)
    with pytest.raises(db.StoreError, match="newer infointerview"):
        Store(path)
    assert _snapshot(path) == before


def test_another_programs_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE songs (title TEXT)")
    conn.commit()
    conn.close()
    before = _snapshot(path)
    with pytest.raises(db.StoreError, match="another program"):
        Store(path)
    assert _snapshot(path) == before


def test_directory_and_missing_file(tmp_path):
    with pytest.raises(db.StoreError, match="directory"):
        Store(tmp_path)
    with pytest.raises(db.StoreError, match="does not exist"):
        Store(tmp_path / "nope.db", create=False)
    assert not (tmp_path / "nope.db").exists()


def test_v1_fixture_opens_with_its_data_intact(tmp_path):
    """A database made by schema v1 must open, data intact, in every later version."""
    path = tmp_path / "v1.db"
    shutil.copy(FIXTURES / "v1.db", path)
    store = Store(path)
    try:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        counts = store.contacts.stage_counts()
        assert sum(counts.values()) == 12
        view = store.contacts.view(1)
        assert view is not None
        assert view.values["name"] == "Ada [b]Lovelace[/"
        assert view.organization == "Analytical Engines Ltd"
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        state = store.interviews.state(1)
        assert any("punched cards" in a.notes for a in state.answers)
    finally:
        store.close()


def test_two_stores_share_one_file(tmp_path):
    path = tmp_path / "shared.db"
    a, b = Store(path), Store(path)
    try:
        cid = a.intents.add_contact("Shared Person", 1)
        b.intents.move_card(cid, 1, 2)
        a.intents.move_card(cid, 2, 3)
        assert b.contacts.view(cid).values["stage"] == 3
    finally:
        a.close()
        b.close()
