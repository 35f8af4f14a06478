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
