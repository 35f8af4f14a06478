"""Shared fixtures: a store on a tmp_path file with a frozen clock, demo data, the app."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

os.environ.setdefault("TEXTUAL_ANIMATION", "none")

FROZEN = datetime(2026, 11, 26, 13, 0, tzinfo=UTC)


def frozen_clock() -> datetime:
    return FROZEN


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.db"


@pytest.fixture
def store(db_path: Path):
    from infointerview_tui.core.store import Store

    s = Store(db_path, clock=frozen_clock)
    yield s
    s.close()


@pytest.fixture
def demo_store(db_path: Path):
    from infointerview_tui.core.demo import write_demo
    from infointerview_tui.core.store import Store

    s = Store(db_path, clock=frozen_clock)
    write_demo(s, 60, seed=7)
    yield s
    s.close()


def make_app(store):
    from infointerview_tui.app import InfoInterviewApp

    return InfoInterviewApp(store, clock=frozen_clock, timezone=UTC)


@pytest.fixture
def app(demo_store):
    return make_app(demo_store)
