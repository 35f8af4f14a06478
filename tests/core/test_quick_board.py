"""The board's first read before SQLAlchemy loads: the compiled SQL a previous run kept
(core/quick_board.py) reads the same cards and counts as the repository, and a kept text
that no longer matches is replaced once SQLAlchemy is in. SQLite files only."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from infointerview_tui.core.demo import write_demo
from infointerview_tui.core.quick_board import (
    Compiled,
    QuickBoard,
    compile_statements,
    read_cached,
    refresh,
)
from infointerview_tui.core.store import Store
from tests.conftest import frozen_clock


@pytest.fixture
def sqlite_demo(tmp_path: Path):
    s = Store(tmp_path / "demo.db", clock=frozen_clock)
    write_demo(s, 80, seed=3)
    yield s
    s.close()


def test_the_kept_sql_reads_what_the_repository_reads(sqlite_demo):
    quick = QuickBoard(lambda: sqlite_demo.db.conn, compile_statements())
    counts = quick.stage_counts()
    assert counts == sqlite_demo.contacts.stage_counts()
    assert sum(counts.values()) > 0
    due = 0
    for stage in range(1, 6):
        for offset in (0, 3):
            cards = quick.cards(stage, offset, 10)
            assert cards == sqlite_demo.contacts.cards(stage, offset, 10)
            due += sum(1 for c in cards if c.due is not None)
    assert due > 0  # the follow-up and interview times came through as datetimes


def test_the_first_start_keeps_the_sql_and_the_next_one_reads_with_it(tmp_path, sqlite_demo):
    cache = tmp_path / "cache" / "board-sql.json"
    first = Store(sqlite_demo.path, clock=frozen_clock)
    first.use_board_sql(cache)
    assert not first.board_ready  # nothing kept yet: the board waits for load()
    assert first.load() is False
    assert read_cached(cache) == compile_statements()
    first.close()

    second = Store(sqlite_demo.path, clock=frozen_clock)
    second.use_board_sql(cache)
    assert second.board_ready and not second.loaded
    assert second.board_cards(3, 0, 5) == sqlite_demo.contacts.cards(3, 0, 5)
    assert second.load() is False  # what it read with was current
    second.close()


def test_a_kept_text_that_no_longer_matches_is_replaced_and_read_again(tmp_path, sqlite_demo):
    cache = tmp_path / "board-sql.json"
    current = compile_statements()
    # What an older version might have kept: a statement that reads something else.
    old = replace(current, counts=Compiled("SELECT 1, 12345", ()))
    cache.write_text(old.to_json(), encoding="utf-8")
    s = Store(sqlite_demo.path, clock=frozen_clock)
    try:
        s.use_board_sql(cache)
        assert s.board_counts()[1] == 12345  # the first read replays what was kept
        assert s.load() is True  # ...and the caller is told to read the board again
        assert s.board_counts() == sqlite_demo.contacts.stage_counts()
        assert read_cached(cache) == current
    finally:
        s.close()


def test_a_kept_text_the_file_cannot_run_falls_back_to_the_repository(tmp_path, sqlite_demo):
    cache = tmp_path / "board-sql.json"
    broken = replace(compile_statements(), cards=Compiled("SELECT no_such_column FROM contact", ()))
    cache.write_text(broken.to_json(), encoding="utf-8")
    s = Store(sqlite_demo.path, clock=frozen_clock)
    try:
        s.use_board_sql(cache)
        assert s.board_cards(2, 0, 5) == sqlite_demo.contacts.cards(2, 0, 5)
    finally:
        s.close()


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        json.dumps({"format": 99}),
        json.dumps({"format": 1, "counts": {"sql": "SELECT 1"}}),
        json.dumps(
            {
                "format": 1,
                "counts": {"sql": "SELECT 1", "parameters": []},
                "cards": {"sql": "SELECT ?", "parameters": [["arg", "name; DROP"]]},
            }
        ),
    ],
)
def test_an_unreadable_cache_is_ignored(tmp_path, text):
    cache = tmp_path / "board-sql.json"
    cache.write_text(text, encoding="utf-8")
    assert read_cached(cache) is None


def test_a_cache_that_cannot_be_written_costs_only_speed(tmp_path, sqlite_demo):
    blocked = tmp_path / "file"
    blocked.write_text("")
    assert refresh(blocked / "board-sql.json", None) is False  # a file where a dir goes
