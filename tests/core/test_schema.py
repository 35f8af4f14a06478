"""The SQLModel tables are the schema: a migrated database matches them exactly."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

FIXTURES = Path(__file__).parent.parent / "fixtures"


def _differences(path: Path) -> list[object]:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine
    from sqlmodel import SQLModel

    from infointerview_tui.core import models  # noqa: F401

    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            return list(compare_metadata(context, SQLModel.metadata))
    finally:
        engine.dispose()


def test_a_new_database_is_exactly_the_models(tmp_path):
    from infointerview_tui.core.store import Store

    Store(tmp_path / "s.db").close()
    assert _differences(tmp_path / "s.db") == []


def test_every_revision_from_the_first_gives_exactly_the_models(tmp_path):
    """New files are created from the models and stamped; the revisions must agree."""
    from sqlalchemy import create_engine

    from infointerview_tui.core import migrate

    path = tmp_path / "r.db"
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as conn:
            migrate.upgrade(conn, 0, new_from_models=False)
    finally:
        engine.dispose()
    assert _differences(path) == []


def test_a_v1_file_migrates_to_exactly_the_models(tmp_path):
    from infointerview_tui.core.migrate import REVISIONS
    from infointerview_tui.core.store import Store

    path = tmp_path / "v1.db"
    shutil.copy(FIXTURES / "v1.db", path)
    Store(path).close()
    conn = sqlite3.connect(path)
    try:
        assert (
            conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == (REVISIONS[-1])
        )
    finally:
        conn.close()
    assert [d for d in _differences(path) if not _legacy_spelling(d)] == []


def _fk(constraint: object) -> tuple[str, tuple[str, ...], str]:
    return (
        constraint.parent.name,  # type: ignore[attr-defined]
        tuple(c.name for c in constraint.columns),  # type: ignore[attr-defined]
        constraint.referred_table.name,  # type: ignore[attr-defined]
    )


def _legacy_spelling(difference: object) -> bool:
    """Differences in how the pre-Alembic SQL spelled the same schema, not in it:
    `id INTEGER PRIMARY KEY` without NOT NULL (a rowid alias is never null), and
    column-level `REFERENCES ... ON DELETE` whose ON DELETE SQLAlchemy's SQLite
    reflection does not read back (the file still enforces it: see test_store)."""
    item = difference[0] if isinstance(difference, list) else difference
    kind = item[0]  # type: ignore[index]
    if kind == "modify_nullable":
        return item[3] == "id"  # type: ignore[index]
    if kind in ("remove_fk", "add_fk"):
        return _fk(item[1]) in LEGACY_INLINE_FKS  # type: ignore[index]
    return False


LEGACY_INLINE_FKS = {
    ("contact", ("organization_id",), "organization"),
    ("contact", ("career_field_id",), "career_field"),
    ("contact", ("referred_by_id",), "contact"),
    ("organization", ("career_field_id",), "career_field"),
    ("stage_event", ("contact_id",), "contact"),
    ("outreach", ("contact_id",), "contact"),
    ("interview", ("contact_id",), "contact"),
    ("interview_answer", ("interview_id",), "interview"),
    ("interview_answer", ("question_id",), "question"),
    ("follow_up", ("contact_id",), "contact"),
    ("follow_up", ("interview_id",), "interview"),
    ("follow_up", ("outreach_id",), "outreach"),
}


def test_columns_come_in_model_order(tmp_path):
    from infointerview_tui.core.models import ALL_TABLES
    from infointerview_tui.core.store import Store

    store = Store(tmp_path / "s.db")
    conn = sqlite3.connect(tmp_path / "s.db")
    try:
        tables = {
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not r[0].startswith("sqlite_")  # SQLite's own (AUTOINCREMENT's counters)
        }
        assert tables == {m.__tablename__ for m in ALL_TABLES} | {"alembic_version"}
        for model in ALL_TABLES:
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({model.__tablename__})")]
            assert columns == list(model.model_fields), model.__tablename__
    finally:
        conn.close()
        store.close()


def test_orm_reads_what_raw_sql_wrote(demo_store):
    from sqlmodel import select

    from infointerview_tui.core.models import Contact, Interview

    with demo_store.session() as session:
        contact = session.exec(select(Contact).where(Contact.id == 1)).one()
        assert contact.created_at.tzinfo is not None
        done = session.exec(select(Interview).where(Interview.status == "done")).first()
        assert done is not None and done.ended_at is not None


def _deleted_top_follow_up_id_is_not_reused(path: Path) -> None:
    from infointerview_tui.core.store import Store
    from tests.conftest import execute, frozen_clock

    store = Store(path, clock=frozen_clock)
    try:
        contact = store.intents.add_contact("Ada Lovelace", 5)
        first = store.intents.log_touch(contact, "update", "first")
        top = store.intents.log_touch(contact, "update", "second")
        execute(store, "DELETE FROM follow_up WHERE id = ?", (top,))
        again = store.intents.log_touch(contact, "update", "third")
        assert again > top > first  # SQLite without AUTOINCREMENT would give `top` again
    finally:
        store.close()


def test_a_new_file_never_reuses_a_deleted_follow_ups_id(tmp_path):
    _deleted_top_follow_up_id_is_not_reused(tmp_path / "s.db")


def test_migrated_files_never_reuse_a_deleted_follow_ups_id(tmp_path):
    """r0011 rebuilds follow_up as an AUTOINCREMENT table, keeping its rows and ids."""
    for name in ("v1.db",):  # the schema-v1 file (tests/fixtures/make_v1.py)
        path = tmp_path / name
        shutil.copy(FIXTURES / name, path)
        conn = sqlite3.connect(path)
        before = conn.execute("SELECT * FROM follow_up ORDER BY id").fetchall()
        conn.close()
        _deleted_top_follow_up_id_is_not_reused(path)
        conn = sqlite3.connect(path)
        try:
            sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'follow_up'").fetchone()
            ids = [r[0] for r in conn.execute("SELECT id FROM follow_up ORDER BY id")]
        finally:
            conn.close()
        assert "AUTOINCREMENT" in sql[0], name
        assert ids[: len(before)] == [r[0] for r in before], name  # ids kept
