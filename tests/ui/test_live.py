"""Two windows on one database file: a change in one shows in the other within 1 s."""

from __future__ import annotations

import time

from infointerview_tui.core.store import Store
from infointerview_tui.screens.board import BoardScreen
from tests.conftest import frozen_clock, make_app, open_store

SIZE = (140, 42)
WITHIN_S = 1.0


def board(app) -> BoardScreen:
    screen = app.screen
    assert isinstance(screen, BoardScreen)
    return screen


async def wait_for(pilot, condition, timeout: float = WITHIN_S) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        await pilot.pause(0.02)
    return True


async def test_a_move_in_one_window_shows_in_the_other_keeping_its_selection(
    any_demo_store, db_target
):
    # On SQLite the second window polls the file; on PostgreSQL it LISTENs on the server
    # and the first window's move NOTIFYs on commit.
    demo_store = any_demo_store
    second = open_store(db_target)
    one, two = make_app(demo_store), make_app(second)
    async with one.run_test(size=SIZE) as p1, two.run_test(size=SIZE) as p2:
        stage = board(one).stage
        assert board(two).stage == stage
        # Window two looks at the third card; window one moves the first card on.
        await p2.press("down", "down")
        watched = board(two).current.selected_card
        moved = board(one).current.selected_card
        assert watched is not None and moved is not None and watched.id != moved.id
        before = board(two).current.total
        await p1.press("shift+right")
        assert demo_store.contacts.card_index(moved.id) == 0  # at the top of the next column

        def shown() -> bool:
            b = board(two)
            return b.current.total == before - 1 and b.column(stage + 1).card_at(0) == (
                board(one).current.selected_card
            )

        assert await wait_for(p2, shown), "window two did not show the move within 1 s"
        b = board(two)
        assert b.current.selected_card.id == watched.id  # the same contact, one row up
        assert b.current.selected == 1
        assert b.stage == stage  # window two stays where the user was
    second.close()


async def test_an_archive_elsewhere_keeps_the_position_here(demo_store, db_path):
    second = Store(db_path, clock=frozen_clock)
    one, two = make_app(demo_store), make_app(second)
    async with one.run_test(size=SIZE) as p1, two.run_test(size=SIZE) as p2:
        await p2.press("down")
        gone = board(two).current.selected_card
        await p1.press("down", "d", "enter")  # window one archives that same contact
        assert demo_store.contacts.card_index(gone.id) is None
        assert await wait_for(p2, lambda: board(two).current.selected_card.id != gone.id)
        assert board(two).current.selected == 1  # the next card took its place
    second.close()


async def test_a_windows_own_move_loads_the_board_once_and_two_columns_only(
    demo_store, monkeypatch
):
    """The window's own commit is not news to its watcher (SQLite's data_version cannot
    tell, the write marks do): a move re-reads the board once, and only the two columns
    the card left and entered."""
    from datetime import UTC

    from infointerview_tui.app import InfoInterviewApp

    demo_store.load()
    app = InfoInterviewApp(demo_store, clock=frozen_clock, timezone=UTC, watch_interval=0.05)
    async with app.run_test(size=SIZE) as pilot:
        b = board(app)
        watcher = app._watcher
        assert watcher is not None and await wait_for(pilot, watcher.ready.is_set)
        loads: list[tuple[int, ...] | None] = []
        pages: set[int] = set()
        refresh, read = b.refresh_board, demo_store.contacts._cards_from

        def counting_refresh(select=None, stages=None, found=None, badges=True):
            loads.append(stages)
            return refresh(select, stages, found, badges)

        def counting_read(stage, *args):
            pages.add(stage)
            return read(stage, *args)

        badges: list[object] = []
        everyone = demo_store.responsiveness_of

        def counting_badges(ids, now):
            badges.append(ids)
            return everyone(ids, now)

        monkeypatch.setattr(b, "refresh_board", counting_refresh)
        monkeypatch.setattr(demo_store.contacts, "_cards_from", counting_read)
        monkeypatch.setattr(demo_store, "responsiveness_of", counting_badges)
        stage = b.stage
        await pilot.press("shift+right")
        # The watcher has seen the commit (and known it for this window's own) ...
        assert await wait_for(pilot, lambda: watcher.own_commits >= 1)
        await pilot.pause()
        assert loads == [(stage, stage + 1)]  # ... and nothing re-read the board again
        assert pages <= {stage, stage + 1}
        assert watcher.changes == 0
        # Nobody's messages changed: the badges stay, not re-read for everyone (80 ms of
        # a worker at 100,000 contacts, competing with the paint of the move).
        assert badges == []
        assert b.column(stage + 1).badges
