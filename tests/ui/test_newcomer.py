"""The newcomer's first hour, by keyboard alone, from an empty database to "thank-you
sent" (issue 11's "Done when"), then the same board at 80x24."""

from __future__ import annotations

import pytest
from textual.widgets import Input, TextArea

from infointerview_tui.screens.interview import InterviewScreen
from tests.conftest import FROZEN, make_app


def shown(app, selector):
    return str(app.screen.query_one(selector).render())


@pytest.mark.parametrize("size", [(140, 42), (80, 24)], ids=["140x42", "80x24"])
async def test_empty_database_to_thank_you_sent(store, size):
    app = make_app(store)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        # The empty board says where the method starts (its keys 1-5 are not in the footer).
        assert "start here: press 1" in app.screen.column(1).render_line(1).text
        # Stage 1: a career field whose name has capitals of its own.
        await pilot.press("1", "n", *"UX research", "enter")
        await pilot.pause()
        # Stage 2: an organization in that field, picked from a suggestion.
        await pilot.press("2", "n", *"Clearpath", "tab", *"ux", "right", "enter")
        await pilot.pause()
        assert store.catalog.organizations()[0]["career_field"] == "UX research"
        # A person at the organization, from stage 2.
        await pilot.press("p", *"Maya Chen", "enter")
        await pilot.pause()
        cid = store.contacts.search("Maya")[0].id
        assert store.contacts.view(cid).career_field == "UX research"
        # Stage 3: write with a slot and a place; the field keeps its case.
        await pilot.press("3")
        await pilot.pause()
        # The template's bracketed example ("e.g. Tue 3-3:30pm") is not a time yet.
        assert "✗ A specific time" in shown(app, "#checks")
        await pilot.press("w", *"Tue 3-3:30pm", "tab", *"the café by your office", "escape")
        await pilot.pause()
        message = app.screen.query_one("#message", TextArea).text
        assert "perspective on UX research" in message and "Tue 3-3:30pm" in message
        checks = shown(app, "#checks")
        assert "✗ A specific time" not in checks and "✗ A place or call link" not in checks
        if size == (140, 42):
            assert "✓ A specific time" in checks and "✓ A place or call link" in checks
        else:  # 80x24: the passes on one line, what needs work listed under it
            assert "7 of 8 checks pass" in checks and "✗ Connection" in checks
        await pilot.press("s")  # no referrer, no shared affiliation: it asks first
        await pilot.pause()
        question = str(app.screen.query_one("Static").render())
        assert "still misses" in question and "Connection" in question
        await pilot.press("y")
        await pilot.pause()
        assert len(store.outreach.for_contact(cid)) == 1
        # They said yes: scheduling opens with their slot and place.
        await pilot.press("r")
        await pilot.pause()
        outcomes = app.screen.query_one("#outcome")
        assert outcomes.max_scroll_y == 0  # yes, not now and no: all three on screen
        await pilot.press(*"Tuesday is great", "enter", "enter")
        await pilot.pause()
        await pilot.pause()
        assert app.screen.__class__.__name__ == "InterviewsScreen"
        await pilot.pause()
        side = app.screen.query_one("#stage-side")
        when = app.screen.query_one("#when")
        for _ in range(20):  # the form is brought into view once laid out (bounded)
            if side.region.contains_region(when.region):
                break
            await pilot.pause(0.05)
        assert side.region.contains_region(when.region)  # not typing blind below the fold
        assert app.screen.query_one("#location", Input).value == "the café by your office"
        await pilot.press("enter")  # save the schedule as filled in
        await pilot.pause()
        row = [r for r in store.interviews.rows() if r.contact_id == cid][0]
        assert row.scheduled_at is not None and row.scheduled_at > FROZEN
        # The interview: preparing does not start it; the first note does.
        await pilot.press("escape", "i")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        assert store.interviews.state(screen.interview_id).started_at is None
        who = screen.query_one("#who")
        assert who.region.width >= len("Maya Chen · Clearpath")  # the name, whole
        await pilot.press(*"Started as a librarian")
        await pilot.pause()
        assert store.interviews.state(screen.interview_id).status == "in progress"
        await pilot.press("ctrl+f", "ctrl+f")  # the second: finish without a referral asked
        await pilot.pause()
        # "ctrl+f again to finish" is done with: it does not linger over the next screens
        assert not [n for n in app._notifications if "ctrl+f again" in str(n.message)]
        await pilot.press("escape")
        await pilot.pause()
        assert store.contacts.state(cid).stage == 5
        # Stage 5: thank-you sent.
        await pilot.press("5")
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        assert not store.query(
            "SELECT count(*) FROM follow_up WHERE contact_id = ? AND kind = 'thank-you' "
            "AND done = false",
            (cid,),
        )[0][0]
        assert (
            store.query(
                "SELECT count(*) FROM follow_up WHERE contact_id = ? AND kind = 'thank-you' "
                "AND done = true",
                (cid,),
            )[0][0]
            == 1
        )


async def test_the_board_at_80x24_keeps_the_current_column_whole(store):
    for stage in range(1, 6):
        store.intents.add_contact(f"Person {stage}", stage)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        board = app.screen
        assert "Off screen:" in shown(app, "#offscreen")
        assert "5 Follow-up" in shown(app, "#offscreen")
        for _ in range(4):
            await pilot.press("l")
        await pilot.pause()
        current = board.query_one("#col-5")
        assert current.display and current.region.right <= 80
        assert current.region.width >= 26
        assert "1 Career field" in shown(app, "#offscreen")
        footer = str(board.query_one("KeyFooter").render())
        assert "Help" in footer and "palette" in footer


async def test_ctrl_s_saves_the_new_contact_form_like_every_other_dialog(tmp_path):
    """A new user who learnt ctrl+s in the other dialogs keeps what they typed here too."""
    from infointerview_tui.app import InfoInterviewApp
    from infointerview_tui.core.store import Store

    store = Store(tmp_path / "empty.db")
    app = InfoInterviewApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", *"Ada Lovelace", "ctrl+s")
        await pilot.pause()
        assert store.contacts.stage_counts()[1] == 1
