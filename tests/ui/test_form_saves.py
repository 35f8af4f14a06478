"""Every form hands its typed value to the caller, who saves it through an intent: what
the intent refuses shows on the form, which stays open with everything typed, and what
it accepts is stored (issue 10: "one form base that returns validated values")."""

from __future__ import annotations

from textual.widgets import Input, SelectionList, Static, TextArea

from infointerview_tui.core.store import Store
from infointerview_tui.screens.advice import UpdateDialog
from infointerview_tui.screens.dialogs import (
    ConfirmDialog,
    MergeDialog,
    NewContactDialog,
    ReferralDialog,
)
from infointerview_tui.screens.form import FormScreen
from infointerview_tui.screens.question_dialog import QuestionDialog
from infointerview_tui.screens.record_dialogs import CareerFieldDialog
from infointerview_tui.screens.reply_dialog import ReplyDialog
from infointerview_tui.screens.stage_followup import TouchDialog
from infointerview_tui.screens.stage_interviews import PrepareDialog
from infointerview_tui.screens.template_dialog import TemplateDialog
from tests.conftest import frozen_clock
from tests.ui.test_interview import open_interview

SIZE = (140, 42)


def error(app, key: str = "") -> str:
    return str(app.screen.query_one(f"#e-{key}", Static).render())


def field(app, key: str) -> Input:
    return app.screen.query_one(f"#f-{key}", Input)


async def test_new_contact_without_a_name_is_refused_by_the_intent_and_keeps_the_rest(
    app, demo_store
):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        field(app, "organization").value = "Northwind Software"
        field(app, "title").value = "Engineer"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NewContactDialog)
        assert error(app, "name")  # the intent's rule, shown next to its field
        assert field(app, "organization").value == "Northwind Software"
        field(app, "name").value = "Grace Hopper"
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
        row = demo_store.query("SELECT stage, title FROM contact WHERE name = 'Grace Hopper'")
        assert tuple(row[0]) == (1, "Engineer")


async def test_a_referral_is_recorded_by_the_caller_and_a_bad_answer_stays_on_the_form(
    app, demo_store
):
    async with app.run_test(size=SIZE) as pilot:
        cid, _screen = await open_interview(pilot, app, demo_store)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, ReferralDialog)
        field(app, "name").value = "Linus Referred"
        field(app, "may_use_name").value = "maybe"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReferralDialog)
        assert "y or n" in error(app, "may_use_name")
        assert field(app, "name").value == "Linus Referred"
        field(app, "may_use_name").value = "y"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ReferralDialog)
    row = demo_store.query(
        "SELECT stage, referred_by_id, how_found FROM contact WHERE name = 'Linus Referred'"
    )
    assert tuple(row[0]) == (3, cid, "referral")


async def test_merge_refuses_an_unknown_name_and_itself_on_the_form(app, demo_store):
    fields = demo_store.catalog.career_fields()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        await app.workers.wait_for_complete()
        await pilot.pause()
        own = next(f for f in fields if f["id"] == app.screen.records.selected_key)
        other = next(f for f in fields if f["id"] != own["id"])
        await pilot.press("J")
        await pilot.pause()
        assert isinstance(app.screen, MergeDialog)
        field(app, "into").value = "No Such Field Anywhere"
        await pilot.press("enter")
        await pilot.pause()
        assert "existing name" in error(app, "into")
        field(app, "into").value = own["name"]
        await pilot.press("enter")
        await pilot.pause()
        assert "pick another" in error(app, "into")
        assert field(app, "into").value == own["name"]
        field(app, "into").value = other["name"].upper()  # any case names it
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)  # the caller asks before merging


async def test_a_career_field_whose_name_is_taken_stays_open_with_its_text(app, demo_store):
    taken = demo_store.catalog.career_fields()[0]["name"]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "n", *taken)
        field(app, "notes").value = "my notes"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CareerFieldDialog)
        assert error(app, "name")  # refused by the intent (it needs the database)
        assert field(app, "notes").value == "my notes"


async def test_a_template_the_intent_refuses_stays_and_ctrl_r_resets_through_the_caller(
    app, demo_store
):
    builtin = demo_store.message_template("outreach").body
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "t")
        await pilot.pause()
        assert isinstance(app.screen, TemplateDialog)
        app.screen.query_one("#f-body", TextArea).text = "   "
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, TemplateDialog)
        assert "needs some text" in error(app, "body")
        app.screen.query_one("#f-body", TextArea).text = "Just checking in, {first}."
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert demo_store.message_template("outreach").body == "Just checking in, {first}."
        await pilot.press("t")
        await pilot.pause()
        assert app.screen.query_one("#f-body", TextArea).text == "Just checking in, {first}."
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert not isinstance(app.screen, TemplateDialog)
    assert demo_store.message_template("outreach").body == builtin


async def test_a_reply_another_window_logged_first_is_refused_on_the_form(app, demo_store, db_path):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await app.workers.wait_for_complete()
        await pilot.pause()
        cid = app.screen.records.selected_key
        if demo_store.outreach.latest_unanswered(cid) is None:
            demo_store.intents.log_outreach(cid, channel="email", message="Hello")
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReplyDialog)
        field(app, "reply").value = "Sure, Tuesday"
        other = Store(db_path, clock=frozen_clock)  # the other window answers it first
        other.intents.record_reply(cid, "no")
        other.close()
        await pilot.press("enter")  # on to the outcome
        await pilot.press("enter")  # "yes"
        await pilot.pause()
        assert isinstance(app.screen, ReplyDialog)  # refused: nothing written, text kept
        assert error(app)
        assert field(app, "reply").value == "Sure, Tuesday"
        await pilot.press("escape")
        await pilot.pause()
    assert demo_store.query("SELECT stage FROM contact WHERE id = ?", (cid,))[0][0] != 4


async def test_a_touch_needs_a_note_and_is_logged_by_the_caller(app, demo_store):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await app.workers.wait_for_complete()
        await pilot.pause()
        cid = app.screen.records.selected_key
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, TouchDialog)
        await pilot.press("enter")
        assert "in a few words" in error(app, "note")
        await pilot.press(*"sent the GIS article", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, TouchDialog)
    notes = demo_store.query(
        "SELECT note FROM follow_up WHERE contact_id = ? AND kind = 'update' AND done = true",
        (cid,),
    )
    assert ("sent the GIS article",) in [tuple(n) for n in notes]


async def test_prepare_plans_the_ticked_questions_through_the_caller(app, demo_store):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PrepareDialog)
        picks = dialog.query_one(SelectionList)
        picks.deselect_all()
        first, third = dialog.questions[0].id, dialog.questions[2].id
        picks.select(first)
        picks.select(third)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, PrepareDialog)
        cid = app.screen.records.selected_key
    interview_id = demo_store.query(
        "SELECT id FROM interview WHERE contact_id = ? ORDER BY id DESC", (cid,)
    )[0][0]
    assert demo_store.interviews.planned_question_ids(interview_id) == {first, third}


async def test_an_ad_hoc_question_is_added_by_the_caller_and_shown(app, demo_store):
    async with app.run_test(size=SIZE) as pilot:
        _cid, screen = await open_interview(pilot, app, demo_store)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, QuestionDialog)
        await pilot.press("enter")
        assert "some text" in error(app, "text")
        await pilot.press(*"What surprised you most?", "enter")
        await pilot.pause()
        assert app.screen is screen
        shown = screen.answers[screen.current]
        assert shown.question == "What surprised you most?"


async def test_the_advice_update_is_logged_by_its_caller(app, demo_store):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await app.workers.wait_for_complete()
        await pilot.pause()
        cid = app.screen.records.selected_key
        items = demo_store.advice_items(cid)
        todo = next(i for i, item in enumerate(items) if not item.done)
        await pilot.press("v")
        app.screen.query_one("#items").highlighted = todo  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, UpdateDialog)
        app.screen.query_one("#f-message", TextArea).text = "Did it; thank you!"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, UpdateDialog)
    after = next(i for i in demo_store.advice_items(cid) if i.id == items[todo].id)
    assert after.update_sent_at is not None
