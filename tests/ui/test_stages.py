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


async def test_stage2_is_the_lamp_list_keyed_with_shift_m_and_p(app, demo_store):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        count = demo_store.lamp_count()
        assert f"LAMP list {count} / 40 organizations" in text_of(app, "#lamp-counter")
        ranked = demo_store.lamp_list(FROZEN)
        assert listing(app).selected_key == ranked[0].id
        assert sum(e.active for e in ranked) == 5
        # Key the last organization to the top: M3 P3 puts it first and active.
        last = [e for e in ranked if not e.dry and not e.active][-1]
        app.screen.reload(select=last.id)
        await pilot.pause()
        assert listing(app).selected_key == last.id
        for _ in range((3 - last.motivation) % 4):
            await pilot.press("M")
        for _ in range((3 - last.posting) % 3):
            await pilot.press("P")
        top = demo_store.lamp_list(FROZEN)
        mine = next(e for e in top if e.id == last.id)
        assert (mine.motivation, mine.posting) == (3, 3)
        assert mine.active and listing(app).selected_key == last.id
        assert "Motivation 3 · Posting 3" in text_of(app, "#detail")


async def test_stage3_composer_checks_and_logs_outreach_with_3b7(app, demo_store):
    copied: list[str] = []
    app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        cid = listing(app).selected_key
        # The slot and place shown are this person's last proposal: start from none.
        app.screen.query_one("#timeframe", Input).value = ""
        app.screen.query_one("#place", Input).value = ""
        await pilot.pause()
        assert "✗ Fill in the [bracketed] parts" in text_of(app, "#checks")
        await pilot.press("w", *"Tue 3-3:30pm")
        app.screen.query_one("#place", Input).focus()
        await pilot.press(*"a video call", "escape")
        message = app.screen.query_one("#message", TextArea).text
        assert "Tue 3-3:30pm" in message and "not asking for a job" in message
        checks = text_of(app, "#checks")
        assert "✓ A specific time" in checks and "✓ No job request" in checks
        assert "[bracketed]" not in checks
        app.screen.query_one("#message", TextArea).text = message + "\nAre you hiring?"
        await pilot.pause()
        assert "✗ No job request (found: hiring)" in text_of(app, "#checks")
        await pilot.press("c")
        assert copied and "Are you hiring?" in copied[-1]
        await pilot.press("s")  # still warns about "hiring": asks first
        await pilot.pause()
        assert "still misses" in str(app.screen.query_one("Static").render())
        await pilot.press("y")
        await pilot.pause()
        nudges = demo_store.query(
            "SELECT due FROM follow_up WHERE contact_id = ? AND kind = "
            "'nudge' AND done = false ORDER BY id DESC",
            (cid,),
        )
        # Thu 26 Nov + 7 business days: Mon 7 Dec, same time
        assert db.from_db(nudges[0][0]) == FROZEN.replace(day=7, month=12)
        await pilot.press("r")
        await pilot.pause()
        await pilot.press(*"maybe in spring", "enter", "down", "enter")  # not now
        await pilot.pause()
        assert not demo_store.query(
            "SELECT 1 FROM follow_up WHERE contact_id = ? AND kind IN ('nudge', 'next-contact') "
            "AND done = false",
            (cid,),
        )
        assert tuple(
            demo_store.query(
                "SELECT response, outcome FROM outreach WHERE contact_id = ? ORDER BY id DESC",
                (cid,),
            )[0]
        ) == ("maybe in spring", "not-now")


async def test_stage3_linkedin_note_kind_and_mail_client(app, demo_store):
    opened: list[str] = []
    app.open_url = lambda url, **kw: opened.append(url)  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        cid = listing(app).selected_key
        await pilot.press("e")
        assert "LinkedIn connection note" in text_of(app, "#composer-title")
        assert app.screen.query_one("#channel", Input).value == "linkedin"
        area = app.screen.query_one("#message", TextArea)
        assert "/300 characters" in text_of(app, "#checks")
        area.text = "x" * 301
        await pilot.pause()
        assert "✗ 301/300 characters" in text_of(app, "#checks")
        await pilot.press("s")  # refused: LinkedIn holds 300 characters
        assert not demo_store.query(
            "SELECT 1 FROM outreach WHERE contact_id = ? AND channel = 'linkedin'", (cid,)
        )
        await pilot.press("e")
        assert "Nudge" in text_of(app, "#composer-title")
        area.text = "Hello,\nAny chance of a call on Tue 3pm?"
        await pilot.press("ctrl+o")
        assert opened and opened[-1].startswith("mailto:")
        assert "body=Hello%2C%0AAny%20chance" in opened[-1]


async def test_stage3_templates_are_edited_in_the_app(app, demo_store):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "t")
        body = app.screen.query_one("#f-body", TextArea)
        body.text = "Hi {first}, a custom opener on Tue 3pm by video call?"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert demo_store.message_template("outreach").body.startswith("Hi {first}, a custom")
        await pilot.press("f")
        assert "a custom opener" in app.screen.query_one("#message", TextArea).text


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


async def test_agenda_header_shows_the_weekly_goal_and_lamp_promotions(app, demo_store):
    progress = demo_store.weekly_progress(FROZEN)
    top = demo_store.lamp_list(FROZEN)[0]
    for cid, stage in demo_store.query(
        "SELECT id, stage FROM contact WHERE organization_id = ? AND archived = false", (top.id,)
    ):
        if stage != 5:  # everyone there done: the organization runs dry
            demo_store.intents.move_card(cid, stage, 5)
    (promotion,) = demo_store.lamp_promotions(FROZEN)
    assert promotion[0] == top.name
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await pilot.pause()
        goal = text_of(app, "#weekly-goal")
        assert f"outreach {progress.outreach}/5 ✗" in goal
        assert f"interviews {progress.interviews}/2 ✓" in goal
        lamp = [item for item in app.screen.items.values() if item.kind == "lamp"]
        assert [i.note for i in lamp] == [
            f"{top.name} ran dry: {promotion[1]} is now one of your five active"
        ]
        key = next(k for k, v in app.screen.items.items() if v.kind == "lamp")
        lines = listing(app)
        lines.selected = next(
            i for i in range(lines.total) if (r := lines.row(i)) is not None and r.key == key
        )
        await pilot.pause()
        await pilot.press("enter")
        assert app.current_mode == "stage2"


async def test_stage5_advice_ticked_offers_an_update_that_counts_as_a_touch(app, demo_store):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        cid = listing(app).selected_key
        items = demo_store.advice_items(cid)
        assert items and "Advice to act on (v)" in text_of(app, "#detail")
        assert items[0].text in text_of(app, "#detail")
        todo = next(i for i, item in enumerate(items) if not item.done)
        await pilot.press("v")
        options = app.screen.query_one("#items")
        options.highlighted = todo
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "UpdateDialog"
        body = app.screen.query_one("#f-message", TextArea).text
        assert f"your advice ({items[todo].text.rstrip('.')}): I acted on it" in body
        await pilot.press("ctrl+s")
        await pilot.pause()
        after = next(i for i in demo_store.advice_items(cid) if i.id == items[todo].id)
        assert after.done and after.update_sent_at is not None
        touches = demo_store.query(
            "SELECT note FROM follow_up WHERE contact_id = ? AND kind = 'update' AND done = true",
            (cid,),
        )
        assert [t[0] for t in touches] == [body]
        await pilot.press("escape")
        assert "☑ " + items[todo].text in text_of(app, "#detail")
        assert "update sent" in text_of(app, "#detail")


async def test_stage5_thanked_contacts_get_a_stay_in_touch_draft_quoting_what_they_did(
    app, demo_store
):
    rows = {r.contact_id: r for r in demo_store.follow_ups.rows()}
    cid = next(c for c, r in rows.items() if r.thank_you == "sent" and demo_store.done_advice(c))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        app.screen.reload(select=cid)
        await pilot.pause()
        assert "Stay-in-touch draft" in text_of(app, "#draft-title")
        draft = app.screen.query_one("#draft", TextArea).text
        assert f"Since we talked I followed your advice: {demo_store.done_advice(cid)[0]}" in draft


async def test_contact_screen_lists_advice_and_v_opens_it(app, demo_store):
    cid = next(
        r.contact_id for r in demo_store.follow_ups.rows() if demo_store.advice_items(r.contact_id)
    )
    items = demo_store.advice_items(cid)
    async with app.run_test(size=SIZE) as pilot:
        app.action_open_contact(cid)
        await pilot.pause()
        side = text_of(app, "#history")
        assert "Advice to act on (v)" in side
        assert all(item.text in side for item in items)
        await pilot.press("v")
        assert app.screen.__class__.__name__ == "AdviceDialog"


async def test_stage5_draft_is_checked_and_every_template_is_editable_from_the_palette(
    app, demo_store
):
    from infointerview_tui.commands import screen_commands

    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await pilot.pause()
        checks = text_of(app, "#checks")
        assert "/150 words" in checks and "✓ No job request" in checks
        titles = {c.title: c for c in screen_commands(app)}
        command = titles["Edit template: Thank-you"]
        command.callback()
        await pilot.pause()
        assert app.screen.__class__.__name__ == "TemplateDialog"
        app.screen.query_one("#f-body", TextArea).text = "Thanks {first}! See you at the meetup."
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert demo_store.message_template("thank-you").body == "Thanks {first}! See you at the meetup."
    assert {f"Edit template: {label}" for label in (
        "First outreach", "LinkedIn connection note", "Nudge", "Thank-you",
        "Update on your advice", "Stay in touch",
    )} <= set(titles)  # fmt: skip


async def test_each_visit_reads_a_screens_list_once(app, demo_store, monkeypatch):
    """A first visit used to read the list three times (on_mount and two ScreenResume),
    three times the wait at 100,000 contacts."""
    calls: dict[str, int] = {}
    for repository, method in (
        (demo_store.catalog, "career_fields"),
        (demo_store.interviews, "pages"),  # the paged lists count once per load
        (demo_store.follow_ups, "pages"),
        (demo_store.follow_ups, "agenda_counts"),
    ):
        original = getattr(repository, method)
        name = f"{type(repository).__name__}.{method}"

        def counted(*args, _original=original, _name=name, **kwargs):
            calls[_name] = calls.get(_name, 0) + 1
            return _original(*args, **kwargs)

        monkeypatch.setattr(repository, method, counted)
    async with app.run_test(size=SIZE) as pilot:
        for key in ("1", "4", "5", "a", "b", "4", "a"):
            await pilot.press(key)
            await pilot.pause()
        # stage 1 and 5 once each; stage 4 and the agenda once on each of two visits
        assert calls == {
            "Catalog.career_fields": 1,
            "Interviews.pages": 2,
            "FollowUps.pages": 1,
            "FollowUps.agenda_counts": 2,
        }
        assert listing(app).total > 0  # and the agenda shows its items
