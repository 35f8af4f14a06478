"""Issue 11's journey, through the screens: the contact's records, form autosave,
replies, names picked not retyped, keys that say why they did nothing."""

from __future__ import annotations

import asyncio

from textual.widgets import Input, OptionList

from infointerview_tui.screens.contact import ContactScreen
from infointerview_tui.screens.interview import InterviewScreen

SIZE = (140, 42)


async def open_contact(pilot, app, contact_id):
    app.action_open_contact(contact_id)
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ContactScreen)
    return screen


async def test_contact_lists_interviews_opens_past_notes_and_deletes(app, demo_store):
    cid = demo_store.intents.add_contact("Ada Reader", 4)
    interview = demo_store.intents.prepare_notes(cid).interview_id
    answer = demo_store.interviews.state(interview).answers[0]
    demo_store.intents.save_answer(answer.id, "Started in QA", 0, "")
    demo_store.intents.finish_interview(interview)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_contact(pilot, app, cid)
        listing = screen.query_one("#interviews", OptionList)
        assert listing.option_count == 1 and "done" in str(listing.get_option_at_index(0).prompt)
        listing.focus()
        listing.highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        assert app.screen.interview_id == interview
        assert "Started in QA" in app.screen.query_one("#answer").text
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        listing.focus()
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("n")  # cancel keeps it
        await pilot.pause()
        assert demo_store.query("SELECT count(*) FROM interview WHERE id = ?", (interview,))[0][0]
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not demo_store.query("SELECT count(*) FROM interview WHERE id = ?", (interview,))[0][
            0
        ]
        assert listing.option_count == 1 and listing.get_option_at_index(0).disabled


async def test_contact_deletes_a_logged_message_with_confirm(app, demo_store):
    cid = demo_store.intents.add_contact("Ada Writer", 3)
    demo_store.intents.log_outreach(cid, channel="email", message="Hello")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_contact(pilot, app, cid)
        messages = screen.query_one("#messages", OptionList)
        assert "no reply yet" in str(messages.get_option_at_index(0).prompt)
        messages.focus()
        messages.highlighted = 0
        await pilot.press("delete", "y")
        await pilot.pause()
        assert demo_store.outreach.for_contact(cid) == []
        assert not demo_store.query(
            "SELECT count(*) FROM follow_up WHERE contact_id = ? AND kind = 'nudge'", (cid,)
        )[0][0]


async def test_contact_form_edits_are_autosaved_without_leaving(app, demo_store):
    cid = demo_store.intents.add_contact("Ada Typist", 3)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_contact(pilot, app, cid)
        screen.query_one("#f-title", Input).focus()
        await pilot.press(*"Staff engineer")
        await asyncio.sleep(1.0)  # no save key, no leaving: the autosave alone
        await pilot.pause()
        assert demo_store.contacts.view(cid).values["title"] == "Staff engineer"
        screen.query_one("#f-organization", Input).focus()
        await pilot.press(*"Clearpath")
        await asyncio.sleep(1.0)
        await pilot.pause()
        # a half-typed organization name is not written while you are still typing it
        assert demo_store.contacts.view(cid).organization == ""
        await pilot.press("tab")
        await pilot.pause()
        assert demo_store.contacts.view(cid).organization == "Clearpath"
