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
        await pilot.press(*"Clear")
        await asyncio.sleep(1.0)  # a pause mid-name: what is typed so far is saved
        await pilot.pause()
        assert demo_store.contacts.view(cid).organization == "Clear"
        await pilot.press(*"path")
        await asyncio.sleep(1.0)
        await pilot.pause()
        # still typing, not left: saved, and the half-typed name left no record behind
        assert demo_store.contacts.view(cid).organization == "Clearpath"
        orgs = [o["name"] for o in demo_store.catalog.organizations()]
        assert "Clearpath" in orgs and "Clear" not in orgs
        await pilot.press(*" Labs", "tab")  # leaving before the autosave: no orphan either
        await pilot.pause()
        orgs = [o["name"] for o in demo_store.catalog.organizations()]
        assert "Clearpath Labs" in orgs and "Clearpath" not in orgs


# -- outreach ---------------------------------------------------------------------------


def _people(app):
    from infointerview_tui.widgets.line_list import LineList

    return app.screen.query_one(LineList)


async def test_slot_and_place_belong_to_the_person(app, demo_store):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await pilot.pause()
        first = _people(app).selected_key
        await pilot.press("w", *"Wed 10-10:30am", "escape")
        assert "Wed 10-10:30am" in app.screen.query_one("#message").text
        await pilot.press("down")
        await pilot.pause()
        assert _people(app).selected_key != first
        assert app.screen.query_one("#timeframe", Input).value == ""
        assert "Wed 10-10:30am" not in app.screen.query_one("#message").text


async def test_logging_the_same_message_twice_asks_and_refill_asks(app, demo_store):
    from textual.widgets import TextArea

    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await pilot.pause()
        cid = _people(app).selected_key
        sent_before = len(demo_store.outreach.for_contact(cid))
        app.screen.query_one("#timeframe", Input).value = "Tue 3-3:30pm"
        app.screen.query_one("#place", Input).value = "a video call"
        await pilot.pause()
        await pilot.press("f", "y")  # a fresh template with this slot
        await pilot.pause()
        message = app.screen.query_one("#message", TextArea).text
        assert "Tue 3-3:30pm" in message
        await pilot.press("s")  # clean and new: logged at once
        await pilot.pause()
        assert len(demo_store.outreach.for_contact(cid)) == sent_before + 1
        app.screen.query_one("#message", TextArea).text = message
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert "already logged as sent" in str(app.screen.query_one("Static").render())
        await pilot.press("n")
        await pilot.pause()
        assert len(demo_store.outreach.for_contact(cid)) == sent_before + 1
        box = app.screen.query_one("#message", TextArea)
        box.focus()
        await pilot.press("end", *" PS", "escape")
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("n")  # keep my edits
        await pilot.pause()
        assert " PS" in box.text
        await pilot.press("f", "y")
        await pilot.pause()
        assert " PS" not in box.text


async def test_reply_yes_moves_to_interview_and_opens_scheduling(app, demo_store):
    cid = demo_store.intents.add_contact("Ada Yes", 3)
    demo_store.intents.log_outreach(
        cid, channel="email", message="Hi", timeframe="Tue 3-3:30pm", place="Café Olimpico"
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await pilot.pause()
        screen = app.screen
        screen.reload(select=cid)
        await pilot.pause()
        assert _people(app).selected_key == cid
        await pilot.press("r")
        await pilot.pause()
        await pilot.press(*"See you Tuesday", "enter", "enter")  # yes
        await pilot.pause()
        await pilot.pause()
        assert app.screen.__class__.__name__ == "InterviewsScreen"
        assert demo_store.contacts.state(cid).stage == 4
        assert _people(app).selected_key == cid
        assert app.screen.query_one("#when", Input).value.endswith("15:00")
        assert app.screen.query_one("#location", Input).value == "Café Olimpico"
        assert app.focused is app.screen.query_one("#when", Input)


async def test_stage4_refuses_a_day_without_time_and_asks_about_the_past(app, demo_store):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await pilot.pause()
        cid = _people(app).selected_key
        before = [r for r in demo_store.interviews.rows() if r.contact_id == cid][0].scheduled_at
        await pilot.press("s")
        when = app.screen.query_one("#when", Input)
        when.value = "friday"
        await pilot.press("enter")
        await pilot.pause()
        assert "no time of day" in str(app.screen.query_one("#schedule-error").render())
        when.value = "2020-01-03 10:00"
        await pilot.press("enter")
        await pilot.pause()
        assert "in the past" in str(app.screen.query_one("Static").render())
        await pilot.press("n")
        await pilot.pause()
        row = [r for r in demo_store.interviews.rows() if r.contact_id == cid][0]
        assert row.scheduled_at == before


# -- names are picked, not retyped ---------------------------------------------------------


async def test_organization_is_suggested_any_case_and_new_ones_are_named(app, demo_store):
    demo_store.intents.save_organization(None, {"name": "Quillfeather Robotics"})
    cid = demo_store.intents.add_contact("Ada Picker", 3)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_contact(pilot, app, cid)
        field = screen.query_one("#f-organization", Input)
        field.focus()
        await pilot.press(*"quillf")
        await pilot.pause()
        await pilot.pause()
        assert field._suggestion == "Quillfeather Robotics"
        assert "new organization" in str(screen.query_one("#e-organization").render())
        await pilot.press("right")  # accept the suggestion
        await pilot.pause()
        assert field.value == "Quillfeather Robotics"
        assert str(screen.query_one("#e-organization").render()) == ""
        field.value = ""
        await pilot.press(*"Zephyr Labs")
        await pilot.pause()
        assert "new organization: Zephyr Labs" in str(screen.query_one("#e-organization").render())


async def test_tabbing_into_a_filled_field_appends(app, demo_store):
    cid = demo_store.intents.add_contact("Ada Appender", 3, title="Engineer")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_contact(pilot, app, cid)
        screen.query_one("#f-name", Input).focus()
        await pilot.press("tab")  # into Title, filled
        await pilot.press("end", *" II")
        await pilot.pause()
        assert screen.query_one("#f-title", Input).value == "Engineer II"


async def test_new_contact_dialog_suggests_the_organization(app, demo_store):
    demo_store.intents.save_organization(None, {"name": "Quillfeather Robotics"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"Ada New", "tab", *"QUILL")
        await pilot.pause()
        await pilot.pause()
        field = app.screen.query_one("#f-organization", Input)
        assert field._suggestion == "Quillfeather Robotics"
        await pilot.press("right", "enter")
        await pilot.pause()
        found = demo_store.query(
            "SELECT o.name FROM contact c JOIN organization o ON o.id = c.organization_id "
            "WHERE c.name = 'Ada New'"
        )
        assert found[0][0] == "Quillfeather Robotics"


# -- catalog, archive, people from stages 2 and 3 -----------------------------------------


async def test_stage2_merge_and_delete_show_the_people_first(app, demo_store):
    demo_store.intents.save_organization(None, {"name": "Quill A"})
    demo_store.intents.save_organization(None, {"name": "Quill B"})
    a = demo_store.intents.add_contact("Ada Quill", 3, organization="Quill A")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        ids = {o["name"]: o["id"] for o in demo_store.catalog.organizations()}
        app.screen.reload(select=ids["Quill A"])
        await pilot.pause()
        await pilot.press("J")
        await pilot.pause()
        await pilot.press(*"quill b", "enter")
        await pilot.pause()
        question = str(app.screen.query_one("Static").render())
        assert "Merge Quill A into Quill B?" in question and "Ada Quill" in question
        await pilot.press("y")
        await pilot.pause()
        assert demo_store.contacts.view(a).organization == "Quill B"
        app.screen.reload(select=ids["Quill B"])
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert "Ada Quill" in str(app.screen.query_one("Static").render())
        await pilot.press("y")
        await pilot.pause()
        assert demo_store.contacts.view(a).organization == ""
        assert "Quill B" not in {o["name"] for o in demo_store.catalog.organizations()}


async def test_stage2_adds_a_person_at_the_selected_organization(app, demo_store):
    demo_store.intents.save_career_field(None, {"name": "Robotics"})
    demo_store.intents.save_organization(None, {"name": "Quill C", "career_field": "Robotics"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        ids = {o["name"]: o["id"] for o in demo_store.catalog.organizations()}
        app.screen.reload(select=ids["Quill C"])
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert app.screen.query_one("#f-organization", Input).value == "Quill C"
        await pilot.press(*"Pat Quill", "enter")
        await pilot.pause()
        row = demo_store.query(
            "SELECT c.stage, f.name FROM contact c JOIN career_field f ON "
            "f.id = c.career_field_id WHERE c.name = 'Pat Quill'"
        )
        assert tuple(row[0]) == (3, "Robotics")


async def test_archived_contacts_are_listed_found_and_restored(app, demo_store):
    cid = demo_store.intents.add_contact("Zed Archived", 2)
    demo_store.intents.archive(cid)
    assert [m.archived for m in demo_store.contacts.search("Zed Archived")] == [True]
    async with app.run_test(size=SIZE) as pilot:
        app.show_archived()
        await pilot.pause()
        listing = app.screen.query_one(OptionList)
        names = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        index = next(i for i, n in enumerate(names) if "Zed Archived" in n)
        listing.highlighted = index
        await pilot.press("r")
        await pilot.pause()
        assert not demo_store.contacts.state(cid).archived


async def test_keys_that_do_nothing_say_why(app, demo_store):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("u")
        await pilot.pause()
        assert any("Nothing to undo" in str(n.message) for n in app._notifications)
