"""Connecting to a real PostgreSQL: libpq's password sources, sslmode, one-line errors."""

from __future__ import annotations

import pytest

from infointerview_tui.core.db import StoreError
from infointerview_tui.core.dburl import parse_target
from infointerview_tui.core.pg import check_connection, create_engine


def connect(url: str) -> None:
    target = parse_target(url)
    engine = create_engine(target)
    try:
        check_connection(engine, target)
    finally:
        engine.dispose()


def refusal(url: str) -> str:
    with pytest.raises(StoreError) as err:
        connect(url)
    message = str(err.value)
    assert "\n" not in message
    return message


def test_password_from_pgpass(pg_server, pg_url: str) -> None:
    assert ":" not in pg_url.split("//")[1].split("@")[0]  # no password in the URL
    connect(pg_url)  # PGPASSFILE (the fixture's ~/.pgpass) supplies it


def test_password_from_pgpassword(pg_server, pg_url, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    monkeypatch.setenv("PGPASSWORD", pg_server.password)
    connect(pg_url)


def test_no_password_anywhere_says_where_to_put_it(pg_url, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    monkeypatch.delenv("PGPASSWORD", raising=False)
    assert "PGPASSWORD" in refusal(pg_url)


def test_wrong_password_in_url_is_masked(pg_server, pg_url: str) -> None:
    url = pg_url.replace(f"{pg_server.user}@", f"{pg_server.user}:Wr0ngPassw0rd@")
    message = refusal(url)
    assert "password authentication failed" in message
    assert "Wr0ngPassw0rd" not in message
    assert ":***@" in message


def test_wrong_pgpassword_is_not_echoed(pg_url, monkeypatch) -> None:
    monkeypatch.setenv("PGPASSWORD", "Wr0ngPassw0rd")
    message = refusal(pg_url)
    assert "password authentication failed" in message
    assert "Wr0ngPassw0rd" not in message


def test_sslmode_in_url_is_honoured(pg_url: str) -> None:
    # The test server has no certificate: requiring TLS must refuse, not fall back.
    assert "SSL" in refusal(pg_url + "?sslmode=require")
    connect(pg_url + "?sslmode=disable")


def test_missing_database_and_closed_port(pg_server) -> None:
    assert 'database "nope" does not exist' in refusal(pg_server.url("nope"))
    closed = pg_server.url("postgres").replace(f":{pg_server.port}/", ":1/")
    assert "Connection refused" in refusal(closed)
