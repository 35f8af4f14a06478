"""The five stage screens and the agenda, driven with keys."""

from __future__ import annotations

from textual.widgets import Input, TextArea

from infointerview_tui.core import db
from infointerview_tui.widgets.line_list import LineList
from tests.conftest import FROZEN

SIZE = (140, 42)


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


def listing(app) -> LineList:
    return app.screen.query_one(LineList)


async def test_stage1_new_field_validates_onet_and_opens_its_page(app, demo_store):
    opened: list[str] = []
    app.open_url = lambda url, **kw: opened.append(url)  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "n")
        await pilot.press(*"Librarianship")
        app.screen.query_one("#f-onet_code", Input).value = "25-4022"
        await pilot.press("enter")
        assert "NN-NNNN.NN" in text_of(app, "#e-onet_code")
        assert not demo_store.query("SELECT 1 FROM career_field WHERE name = 'Librarianship'")
        app.screen.query_one("#f-onet_code", Input).value = "25-4022.00"
        await pilot.press("enter")
        await pilot.pause()
        row = demo_store.query(
            "SELECT id, onet_code FROM career_field WHERE name = 'Librarianship'"
        )
        assert row[0][1] == "25-4022.00"
        assert listing(app).selected_key == row[0][0]
        await pilot.press("o")
        assert opened == ["https://www.onetonline.org/link/summary/25-4022.00"]


async def test_stage1_research_sources_are_ticked_and_annotated(app, demo_store):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        key = listing(app).selected_key
        await pilot.press("e")
        dialog = app.screen
        dialog.query_one("#f-src_career_cruising_done").value = True
        dialog.query_one("#f-src_career_cruising_notes").value = "Matched 3 profiles"
        await pilot.press("ctrl+s")
        await pilot.pause()
        row = demo_store.query(
            "SELECT src_career_cruising_done, src_career_cruising_notes "
            "FROM career_field WHERE id = ?",
            (key,),
        )
        assert tuple(row[0]) == (1, "Matched 3 profiles")
        assert "Matched 3 profiles" in text_of(app, "#detail")


async def test_stage2_organization_with_bad_website_is_refused(app, demo_store):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "n", *"Acme Labs")
        app.screen.query_one("#f-website", Input).value = "not a url at all"
        app.screen.query_one("#f-career_field", Input).value = "Data science"
        await pilot.press("enter")
        assert "web address" in text_of(app, "#e-website")
        app.screen.query_one("#f-website", Input).value = "acme.example.com"
        await pilot.press("enter")
        await pilot.pause()
        row = demo_store.query(
            "SELECT o.website, f.name FROM organization o JOIN career_field"
            " f ON f.id = o.career_field_id WHERE o.name = 'Acme Labs'"
        )
        assert tuple(row[0]) == ("https://acme.example.com", "Data science")


async def test_stage3_composer_warns_and_logs_outreach_with_a_nudge(app, demo_store):
    copied: list[str] = []
    app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        cid = listing(app).selected_key
        # The slot and place shown are this person's last proposal: start from none.
        app.screen.query_one("#timeframe", Input).value = ""
        app.screen.query_one("#place", Input).value = ""
        await pilot.pause()
        assert "Fill in the [bracketed] parts" in text_of(app, "#warnings")
        await pilot.press("w", *"Tue 3-3:30pm")
        app.screen.query_one("#place", Input).focus()
        await pilot.press(*"a video call", "escape")
        message = app.screen.query_one("#message", TextArea).text
        assert "Tue 3-3:30pm" in message and "not asking for a job" in message
        assert "✓" in text_of(app, "#warnings")
        app.screen.query_one("#message", TextArea).text = message + "\nAre you hiring?"
        await pilot.pause()
        assert "hiring" in text_of(app, "#warnings")
        await pilot.press("c")
        assert copied and "Are you hiring?" in copied[-1]
        await pilot.press("s")  # still warns about "hiring": asks first
        await pilot.pause()
        assert "still has warnings" in str(app.screen.query_one("Static").render())
        await pilot.press("y")
        await pilot.pause()
        nudges = demo_store.query(
            "SELECT due FROM follow_up WHERE contact_id = ? AND kind = "
            "'nudge' AND done = 0 ORDER BY id DESC",
            (cid,),
        )
        assert db.from_db(nudges[0][0]) == FROZEN.replace(day=3, month=12)
        await pilot.press("r")
        await pilot.pause()
        await pilot.press(*"maybe in spring", "enter", "down", "enter")  # not now
        await pilot.pause()
        assert not demo_store.query(
            "SELECT 1 FROM follow_up WHERE contact_id = ? AND kind = 'nudge' AND done = 0", (cid,)
        )
        assert (
            demo_store.query(
                "SELECT response FROM outreach WHERE contact_id = ? ORDER BY id DESC", (cid,)
            )[0][0]
            == "not now: maybe in spring"
        )


async def test_stage4_schedules_with_typed_dates_and_refuses_nonsense(app, demo_store):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        cid = listing(app).selected_key
        await pilot.press("s")
        when = app.screen.query_one("#when", Input)
        when.value = "someday maybe"
        await pilot.press("enter")
        assert "Not saved" in text_of(app, "#schedule-error")
        before = demo_store.interviews.rows()
        assert [r for r in before if r.contact_id == cid][0].scheduled_at != FROZEN
        when.value = "tue 3pm"
        await pilot.press("enter")
        await pilot.pause()
        row = [r for r in demo_store.interviews.rows() if r.contact_id == cid][0]
        assert row.scheduled_at == FROZEN.replace(day=1, month=12, hour=15)


async def test_stage4_prepare_picks_questions(app, demo_store):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        cid = listing(app).selected_key
        await pilot.press("p")
        await pilot.pause()
        from textual.widgets import SelectionList

        picker = app.screen.query_one(SelectionList)
        picker.deselect_all()
        last = demo_store.questions.bank()[-1]
        picker.select(last.id)
        await pilot.press("ctrl+s")
        await pilot.pause()
        row = [r for r in demo_store.interviews.rows() if r.contact_id == cid][0]
        planned = demo_store.interviews.state(row.interview_id).answers
        assert [a.question for a in planned] == [last.text]


async def test_stage5_thank_you_draft_log_touch_and_cadence(app, demo_store):
    copied: list[str] = []
    app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        cid = listing(app).selected_key
        draft = app.screen.query_one("#draft", TextArea).text
        interview = demo_store.interviews.latest_done(cid)
        advice = demo_store.interviews.state(interview).advice
        assert advice and advice in draft
        await pilot.press("c")
        assert copied == [draft]
        await pilot.press("t")
        assert not [f for f in demo_store.follow_ups.open_for(cid) if f.kind == "thank-you"]
        await pilot.press("g", *"Sent the GIS article", "enter")
        await pilot.pause()
        logged = demo_store.query(
            "SELECT note, done FROM follow_up WHERE contact_id = ? AND kind = 'give-back'", (cid,)
        )
        assert tuple(logged[0]) == ("Sent the GIS article", 1)
        cadence = app.screen.query_one("#cadence", Input)
        cadence.value = "0"
        cadence.focus()
        await pilot.press("enter")
        assert "Not saved" in text_of(app, "#cadence-error")
        cadence.value = "6"
        await pilot.press("enter")
        stay = [f for f in demo_store.follow_ups.open_for(cid) if f.kind == "stay-in-touch"]
        assert [s.due for s in stay] == [FROZEN.replace(month=5, year=2027)]


async def test_agenda_groups_done_and_snooze(app, demo_store):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        lines = listing(app)
        assert lines.row(0).parts[0][0].startswith("Overdue")
        first = app.screen.selected
        assert first is not None and first.due < FROZEN
        await pilot.press("z")
        due = demo_store.query("SELECT due FROM follow_up WHERE id = ?", (first.id,))[0][0]
        assert db.from_db(due) == FROZEN.replace(day=27)
        second = app.screen.selected
        await pilot.press("x")
        done = demo_store.query("SELECT done FROM follow_up WHERE id = ?", (second.id,))
        assert done[0][0] == 1
        await pilot.press("enter")
        assert app.screen.__class__.__name__ == "ContactScreen"


async def test_stage3_hand_edited_draft_is_kept(app, demo_store):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        cid = listing(app).selected_key
        message = app.screen.query_one("#message", TextArea)
        message.focus()
        await pilot.press("end", *" PS: loved your talk", "escape")
        await pilot.press("down", "up")  # away and back
        await pilot.pause()
        assert "PS: loved your talk" in app.screen.query_one("#message", TextArea).text
        await pilot.press("b")
    assert "PS: loved your talk" in demo_store.contacts.draft(cid, "outreach_draft")


async def test_stage5_thank_you_edits_are_kept(app, demo_store):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        cid = listing(app).selected_key
        draft = app.screen.query_one("#draft", TextArea)
        draft.focus()
        await pilot.press("end", *" Thanks again!", "escape")
        await pilot.press("down", "up")
        await pilot.pause()
        assert "Thanks again!" in app.screen.query_one("#draft", TextArea).text
    assert "Thanks again!" in demo_store.contacts.draft(cid, "thank_you_draft")
