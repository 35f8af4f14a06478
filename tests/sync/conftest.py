"""A Radicale server per test, a demo store, and an independent caldav client."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from . import radicale


@pytest.fixture
def server(tmp_path: Path) -> Iterator[radicale.Radicale]:
    srv = radicale.start(tmp_path / "radicale")
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture
def sync_settings(server: radicale.Radicale):
    from infointerview_tui.core.settings import SyncSettings

    return SyncSettings(url=server.url, username=radicale.USER)


@pytest.fixture
def sync_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INFOINTERVIEW_DAV_PASSWORD", radicale.PASSWORD)


@pytest.fixture
def phone_client(server: radicale.Radicale):
    """Another client on the same account (the phone), through the caldav library."""
    import caldav

    client = caldav.DAVClient(
        url=server.url,
        username=radicale.USER,
        password=radicale.PASSWORD,
        enable_rfc6764=False,
    )
    yield client
    client.close()
