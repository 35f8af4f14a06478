"""The SQLModel tables and the SQL migrations describe the same schema."""

from __future__ import annotations

import sqlite3


def test_models_match_migrated_schema(tmp_path):
    from infointerview_tui.core.models import ALL_TABLES
    from infointerview_tui.core.store import Store

    store = Store(tmp_path / "s.db")
    conn = sqlite3.connect(tmp_path / "s.db")
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert tables == {m.__tablename__ for m in ALL_TABLES}
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
