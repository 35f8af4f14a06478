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
    """The app on `store`, its ORM already loaded (as it is once the start-up worker is
    done); tests of the loading itself build the app on a fresh store."""
    from infointerview_tui.app import InfoInterviewApp

    store.load()
    return InfoInterviewApp(store, clock=frozen_clock, timezone=UTC)


@pytest.fixture
def app(demo_store):
    return make_app(demo_store)


def assert_history_is_a_chain(store) -> None:
    """Every contact's stage events form a chain ending at its stage, with no no-op step:
    the first arrives from nowhere, each next one leaves from where the last arrived."""
    events: dict[int, list[tuple[int | None, int]]] = {}
    for contact_id, from_stage, to_stage in store.query(
        "SELECT contact_id, from_stage, to_stage FROM stage_event ORDER BY id"
    ):
        events.setdefault(contact_id, []).append((from_stage, to_stage))
    for contact_id, stage in store.query("SELECT id, stage FROM contact"):
        steps = events.get(contact_id, [])
        assert steps, f"contact {contact_id} has no history"
        assert steps[0][0] is None, f"contact {contact_id} starts with {steps[0]}"
        for before, after in zip(steps, steps[1:], strict=False):
            assert after[0] == before[1], f"contact {contact_id}: {before} then {after}"
        assert all(f != t for f, t in steps), f"contact {contact_id}: a no-op step {steps}"
        assert steps[-1][1] == stage, f"contact {contact_id} at {stage}, history {steps}"
