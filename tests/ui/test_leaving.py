"""Leaving stage 3's composer or stage 5's drafts with text that could not be saved asks
first: stay, save and leave, or discard and leave (issue 11)."""

from __future__ import annotations

import asyncio

import pytest
from textual.widgets import TextArea

from infointerview_tui.screens.drafts import LeaveDialog
from tests.conftest import make_app
from tests.ui.test_faults import Broken

SIZE = (140, 42)
CASES = (("stage3", "#message", "outreach_draft"), ("stage5", "#draft", "thank_you_draft"))


async def type_unsaved(pilot, app, broken, mode: str, selector: str) -> int:
    await app.switch_mode(mode)
    await pilot.pause()
    contact_id = app.screen.contact_id
    assert contact_id is not None
    broken.writes = True
    box = app.screen.query_one(selector, TextArea)
    box.focus()
    await pilot.press("ctrl+end", *" PS: see you there")
    for _ in range(40):  # the failed write reports back from the autosave thread
        await pilot.pause(0.05)
        if any("Could not save the draft" in str(n.message) for n in app._notifications):
            break
    assert any("Could not save the draft" in str(n.message) for n in app._notifications)
    return contact_id


@pytest.mark.parametrize(("mode", "selector", "column"), CASES)
async def test_leaving_unsaved_draft_asks_and_stay_keeps_it(demo_store, mode, selector, column):
    broken = Broken(demo_store)
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await type_unsaved(pilot, app, broken, mode, selector)
        screen = app.screen
        await pilot.press("escape", "b")  # escape: back to the list; b: the board
        await pilot.pause()
        assert isinstance(app.screen, LeaveDialog)
        await pilot.press("enter")  # the safe default: stay
        await pilot.pause()
        assert app.screen is screen
        assert screen.query_one(selector, TextArea).text.count("PS: see you there") == 1


@pytest.mark.parametrize(("mode", "selector", "column"), CASES)
async def test_save_and_leave_writes_the_draft_once_the_disk_is_back(
    demo_store, mode, selector, column
):
    broken = Broken(demo_store)
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        contact_id = await type_unsaved(pilot, app, broken, mode, selector)
        await pilot.press("escape", "b")
        await pilot.pause()
        assert isinstance(app.screen, LeaveDialog)
        broken.writes = False
        await pilot.click("#save")
        await pilot.pause()
        assert app.current_mode == "board"
    assert "PS: see you there" in demo_store.contacts.draft(contact_id, column)


@pytest.mark.parametrize(("mode", "selector", "column"), CASES)
async def test_discard_and_leave_drops_only_the_unsaved_text(demo_store, mode, selector, column):
    broken = Broken(demo_store)
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        contact_id = await type_unsaved(pilot, app, broken, mode, selector)
        await pilot.press("escape", "b")
        await pilot.pause()
        await pilot.click("#discard")
        await pilot.pause()
        assert app.current_mode == "board"
        broken.writes = False
        await asyncio.sleep(0.6)  # past the first retry: nothing is written after all
    assert "see you there" not in demo_store.contacts.draft(contact_id, column)


async def test_a_saved_draft_leaves_without_a_question(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await app.switch_mode("stage3")
        await pilot.pause()
        app.screen.query_one("#message", TextArea).focus()
        await pilot.press("ctrl+end", *" Thanks!", "escape", "b")
        await pilot.pause()
        assert app.current_mode == "board"
