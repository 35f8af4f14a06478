"""--db values: paths stay SQLite files, PostgreSQL URLs are recognised, passwords masked."""

from __future__ import annotations

from pathlib import Path

import pytest

from infointerview_tui.core.db import StoreError
from infointerview_tui.core.dburl import mask, parse_target


def test_a_plain_path_is_an_sqlite_file(tmp_path: Path) -> None:
    target = parse_target(str(tmp_path / "notes.db"))
    assert target.path == tmp_path / "notes.db"
    assert not target.is_postgres
    assert target.title == "notes.db"


def test_a_path_with_a_colon_is_still_a_path() -> None:
    assert parse_target("backup:2026.db").path == Path("backup:2026.db")


def test_sqlite_url_is_a_path() -> None:
    assert parse_target("sqlite:////tmp/x/a.db").path == Path("/tmp/x/a.db")


@pytest.mark.parametrize(
    "text",
    [
        "postgresql+psycopg://me@db.example.org/ii",
        "postgresql://me@db.example.org/ii",
        "postgres://me@db.example.org/ii",
    ],
)
def test_postgres_spellings_all_run_on_psycopg(text: str) -> None:
    target = parse_target(text)
    assert target.is_postgres
    assert target.url == "postgresql+psycopg://me@db.example.org/ii"
    assert target.title == "ii on db.example.org"


def test_password_in_url_is_kept_for_connecting_but_never_shown() -> None:
    target = parse_target("postgresql+psycopg://me:s3cr%40t@db.example.org:5433/ii?sslmode=require")
    assert "s3cr%40t" in target.url  # libpq needs it
    for shown in (target.shown, str(target), repr(target), target.title):
        assert "s3cr" not in shown
    assert target.shown == "postgresql+psycopg://me:***@db.example.org:5433/ii?sslmode=require"


def test_sslmode_and_socket_host_survive_parsing() -> None:
    target = parse_target("postgresql://me@/ii?host=/run/postgresql&sslmode=verify-full")
    assert "sslmode=verify-full" in target.url
    assert target.title == "ii on /run/postgresql"


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("cannot use postgresql://me:pw@h/db: refused", "pw"),
        ("postgresql://me:p@ss@h/db", "p@ss"),  # a raw '@' inside the password
        ("postgresql://me@h/db?sslmode=require&password=hunter2", "hunter2"),
        ("x postgresql://me:hunter2@h/db y postgresql://u:other@h2/d", "other"),
    ],
)
def test_mask_hides_every_password_form(text: str, hidden: str) -> None:
    masked = mask(text)
    assert hidden not in masked
    assert "***" in masked


def test_mask_leaves_urls_without_password_alone() -> None:
    text = "postgresql://me@h:5432/db?sslmode=require"
    assert mask(text) == text


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("mysql://me:topsecret@h/db", "unsupported database"),
        ("postgresql+psycopg2://me:topsecret@h/db", "unsupported database"),
        ("sqlite://", "needs a file path"),
    ],
)
def test_unusable_urls_are_refused_in_one_masked_line(text: str, says: str) -> None:
    with pytest.raises(StoreError) as err:
        parse_target(text)
    message = str(err.value)
    assert says in message
    assert "topsecret" not in message
    assert "\n" not in message
