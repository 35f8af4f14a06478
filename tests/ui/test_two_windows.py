"""Two windows on one file pressing board keys at random: history stays a chain."""

from __future__ import annotations

import random

from infointerview_tui.core.store import Store
from tests.conftest import assert_history_is_a_chain, frozen_clock, make_app

SIZE = (140, 42)
KEYS = ("shift+right", "shift+left", "u", "up", "down", "left", "right", "shift+up")


async def test_two_windows_pressing_random_board_keys(tmp_path):
    path = tmp_path / "shared.db"
    seed_store = Store(path, clock=frozen_clock)
    for i in range(12):
        seed_store.intents.add_contact(f"Person {i}", 1 + i % 3)
    seed_store.close()
    first, second = Store(path, clock=frozen_clock), Store(path, clock=frozen_clock)
    rng = random.Random(10)
    app_a, app_b = make_app(first), make_app(second)
    async with app_a.run_test(size=SIZE) as pilot_a, app_b.run_test(size=SIZE) as pilot_b:
        for _ in range(150):
            pilot = pilot_a if rng.random() < 0.5 else pilot_b
            await pilot.press(rng.choice(KEYS))
    check = Store(path)
    try:
        moves = check.query("SELECT count(*) FROM stage_event WHERE from_stage IS NOT NULL")
        assert moves[0][0] > 10, "the windows did move cards"
        assert_history_is_a_chain(check)
    finally:
        check.close()


async def test_the_board_shows_another_windows_move_on_data_changed(tmp_path):
    path = tmp_path / "shared.db"
    mine, other = Store(path, clock=frozen_clock), Store(path, clock=frozen_clock)
    cid = other.intents.add_contact("Moved Elsewhere", 1)
    mine.intents.add_contact("Stays Here", 1)
    app = make_app(mine)
    async with app.run_test(size=SIZE) as pilot:
        board = app.screen
        assert board.column(1).total == 2  # type: ignore[attr-defined]
        other.intents.move_card(cid, 1, 2)
        app.data_changed()
        await pilot.pause()
        assert board.column(1).total == 1  # type: ignore[attr-defined]
        assert board.column(2).total == 1  # type: ignore[attr-defined]
        # A move from this window's stale knowledge would now be refused, not written.
    other.close()


async def test_text_being_typed_survives_a_reload(app, demo_store):
    from textual.widgets import TextArea

    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await pilot.pause()
        message = app.screen.query_one("#message", TextArea)
        message.focus()
        await pilot.press("end", *" PS typed here")
        await pilot.pause()
        selected = app.screen.records.selected_key  # type: ignore[attr-defined]
        typed = message.text
        assert " PS typed here" in typed
        app.data_changed()  # another window changed something
        await pilot.pause()
        assert message.text == typed
        assert app.screen.records.selected_key == selected  # type: ignore[attr-defined]
