"""--db and $INFOINTERVIEW_DB as URLs: SQLite URLs work, server problems are one line.
Most of these are about one engine by nature (a URL's spelling, a server's password);
the demo and agenda run on both."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import db_arg
from .test_cli import assert_one_line_error, run

SECRET = "Sup3rSecretPw"


def test_sqlite_url_is_the_same_as_a_path(tmp_path: Path) -> None:
    path = tmp_path / "via-url.db"
    made = run("demo", "--db", f"sqlite:///{path}", "--contacts", "3", "--no-open")
    assert made.returncode == 0, made.stderr
    assert path.exists()
    listed = run("agenda", "--json", env={"INFOINTERVIEW_DB": f"sqlite:///{path}"})
    assert listed.returncode == 0, listed.stderr


@pytest.mark.parametrize(
    ("url", "says"),
    [
        (f"mysql://me:{SECRET}@localhost/db", "unsupported database"),
        (f"postgresql+psycopg2://me:{SECRET}@localhost/db", "unsupported database"),
    ],
)
def test_unusable_url_is_one_line_without_the_password(url: str, says: str) -> None:
    result = run("agenda", "--db", url)
    assert_one_line_error(result, says)
    assert SECRET not in result.stderr


def test_wrong_password_in_url(pg_server, pg_url: str) -> None:
    url = pg_url.replace(f"{pg_server.user}@", f"{pg_server.user}:{SECRET}@")
    result = run("agenda", "--db", url)
    assert_one_line_error(result, "password authentication failed")
    assert SECRET not in result.stderr + result.stdout
    assert ":***@" in result.stderr


def test_wrong_pgpassword_from_the_environment(pg_url: str, tmp_path: Path) -> None:
    result = run(
        "export",
        "json",
        str(tmp_path / "out.json"),
        env={"INFOINTERVIEW_DB": pg_url, "PGPASSWORD": SECRET},
    )
    assert_one_line_error(result, "password authentication failed")
    assert SECRET not in result.stderr


def test_unreachable_server(pg_server) -> None:
    url = pg_server.url("postgres").replace(f":{pg_server.port}/", ":1/")
    result = run("agenda", "--db", url)
    assert_one_line_error(result, "Connection refused")


def test_sslmode_from_the_url(pg_url: str) -> None:
    result = run("agenda", "--db", pg_url + "?sslmode=require")
    assert_one_line_error(result, "SSL")


def test_backup_of_a_server_database_points_to_pg_dump(tmp_path: Path) -> None:
    url = f"postgresql+psycopg://me:{SECRET}@db.example.org/ii?sslmode=require"
    result = run("backup", str(tmp_path / "b.dump"), "--db", url)
    assert_one_line_error(result, "pg_dump --format=custom")
    assert "'postgresql://me@db.example.org/ii?sslmode=require'" in result.stderr
    assert SECRET not in result.stderr
    assert not (tmp_path / "b.dump").exists()


def test_demo_and_agenda_run_on_either_engine(db_target) -> None:
    where = db_arg(db_target)
    made = run("demo", "--db", where, "--contacts", "12", "--no-open")
    assert made.returncode == 0, made.stderr
    listed = run("agenda", "--json", env={"INFOINTERVIEW_DB": where})
    assert listed.returncode == 0, listed.stderr
    items = __import__("json").loads(listed.stdout)
    assert items and {"kind", "contact", "due"} <= set(items[0])


def test_a_newer_server_schema_is_refused(pg_ready_url: str) -> None:
    from sqlalchemy import create_engine, text

    from infointerview_tui.core.dburl import parse_target
    from tests.conftest import execute, open_store

    store = open_store(parse_target(pg_ready_url))
    execute(store, "UPDATE alembic_version SET version_num = '9999'")
    store.close()

    def state() -> tuple[object, ...]:
        engine = create_engine(pg_ready_url)
        try:
            with engine.connect() as conn:
                version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
                questions = conn.execute(text("SELECT count(*) FROM question")).scalar()
                return version, questions
        finally:
            engine.dispose()

    before = state()
    assert_one_line_error(run("agenda", "--db", pg_ready_url), "newer infointerview")
    assert state() == before == ("9999", before[1])  # left as it was
