"""The Alembic revisions build exactly the SQLModel tables on PostgreSQL too."""

from __future__ import annotations

import threading

from infointerview_tui.core.dburl import parse_target
from infointerview_tui.core.pg import create_engine, prepare


def differences(engine) -> list[object]:  # noqa: ANN001
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    from infointerview_tui.core import models  # noqa: F401

    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(context, SQLModel.metadata))


def test_a_new_server_database_is_exactly_the_models(pg_url: str) -> None:
    from sqlalchemy import text

    from infointerview_tui.core.migrate import REVISIONS
    from infointerview_tui.core.seed_questions import DEFAULT_QUESTIONS

    target = parse_target(pg_url)
    engine = create_engine(target)
    try:
        prepare(engine, target)
        assert differences(engine) == []
        with engine.connect() as conn:
            head = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
            questions = conn.execute(text("SELECT count(*) FROM question")).scalar_one()
        assert head == REVISIONS[-1]
        assert questions == len(DEFAULT_QUESTIONS)
    finally:
        engine.dispose()


def test_two_computers_opening_a_new_database_at_once_migrate_it_once(pg_url: str) -> None:
    from sqlalchemy import text

    from infointerview_tui.core.seed_questions import DEFAULT_QUESTIONS

    target = parse_target(pg_url)
    engines = [create_engine(target) for _ in range(3)]
    errors: list[BaseException] = []

    def open_it(engine) -> None:  # noqa: ANN001
        try:
            prepare(engine, target)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=open_it, args=(e,)) for e in engines]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    try:
        assert errors == []
        prepare(engines[0], target)  # and once more, later: nothing changes
        with engines[0].connect() as conn:
            questions = conn.execute(text("SELECT count(*) FROM question")).scalar_one()
        assert questions == len(DEFAULT_QUESTIONS)
        assert differences(engines[0]) == []
    finally:
        for e in engines:
            e.dispose()
