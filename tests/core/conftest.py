"""The core suite runs on both engines: `store` and `demo_store` here are an SQLite file
and a fresh PostgreSQL database in turn (tests/conftest.py: `db_target`)."""

from __future__ import annotations

import pytest


@pytest.fixture
def store(any_store):
    return any_store


@pytest.fixture
def demo_store(any_demo_store):
    return any_demo_store
