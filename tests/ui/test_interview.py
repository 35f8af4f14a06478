"""The note-taking screen: typing lands in the database; nothing typed is lost."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from textual.widgets import TextArea

from infointerview_tui.screens.board import BoardScreen
from infointerview_tui.screens.interview import InterviewScreen
from tests.conftest import FROZEN, make_app

SIZE = (140, 42)


def answers(store, interview_id):
    return store.interviews.state(interview_id).answers


async def open_interview(pilot, app, store, name="Ada Interviewee"):
    cid = store.intents.add_contact(name, 4, organization="Analytical Engines")
    board = app.screen
    assert isinstance(board, BoardScreen)
    board.refresh_board()
    board.set_stage(4)
    index = store.contacts.card_index(cid)
    board.current.selected = index
    await pilot.press("i")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, InterviewScreen)
    return cid, screen


async def test_i_opens_with_focus_in_the_first_questions_notes(app, demo_store):
    async with app.run_test(size=SIZE) as pilot:
        cid, screen = await open_interview(pilot, app, demo_store)
        assert isinstance(app.focused, TextArea) and app.focused.id == "answer"
        state = demo_store.interviews.state(screen.interview_id)
        assert state.status == "planned" and state.contact_id == cid  # preparing
        assert "not started" in str(screen.query_one("#timer").render())
        await pilot.press(*"qab12")  # app keys must not fire while typing
        state = demo_store.interviews.state(screen.interview_id)
        assert state.status == "in progress" and state.started_at is not None
        assert app.screen is screen
        assert screen.query_one("#answer", TextArea).text == "qab12"


async def test_typing_reaches_the_database_within_a_second(app, demo_store):
    async with app.run_test(size=SIZE) as pilot:
        _, screen = await open_interview(pilot, app, demo_store)
        await pilot.press(*"Started in QA")
        await asyncio.sleep(1.0)  # no flush: the autosave alone must have written it
        assert answers(demo_store, screen.interview_id)[0].notes == "Started in QA"


async def test_switching_questions_saves_at_once_and_ticks_asked(app, demo_store):
    async with app.run_test(size=SIZE) as pilot:
        _, screen = await open_interview(pilot, app, demo_store)
        await pilot.press(*"first", "ctrl+down")
        saved = answers(demo_store, screen.interview_id)
        assert saved[0].notes == "first" and saved[0].asked
        await pilot.press(*"second", "ctrl+up")
        saved = answers(demo_store, screen.interview_id)
        assert saved[1].notes == "second"
        assert screen.query_one("#answer", TextArea).text == "first"
        await pilot.press("ctrl+t")
        assert not answers(demo_store, screen.interview_id)[0].asked


async def test_air_and_free_notes_autosave_and_reopen_restores(app, demo_store):
    async with app.run_test(size=SIZE) as pilot:
        cid, screen = await open_interview(pilot, app, demo_store)
        await pilot.press(*"q1 notes")
        screen.query_one("#advice", TextArea).focus()
        await pilot.press(*"Take the evening course")
        screen.query_one("#free_notes", TextArea).focus()
        await pilot.press(*"[b]literal[/")
        await pilot.press("escape")
        assert isinstance(app.screen, BoardScreen)
        state = demo_store.interviews.state(screen.interview_id)
        assert state.advice == "Take the evening course"
        assert state.free_notes == "[b]literal[/"
        assert state.status == "in progress"  # escape leaves without ending
        await pilot.press("i")
        await pilot.pause()
        again = app.screen
        assert isinstance(again, InterviewScreen) and again.interview_id == screen.interview_id
        assert again.query_one("#answer", TextArea).text == "q1 notes"
        assert again.query_one("#advice", TextArea).text == "Take the evening course"
        assert again.query_one("#free_notes", TextArea).text == "[b]literal[/"


async def test_ctrl_r_records_a_referral(app, demo_store):
    async with app.run_test(size=SIZE) as pilot:
        cid, _ = await open_interview(pilot, app, demo_store)
        await pilot.press("ctrl+r")
        assert app.focused.id == "f-name"
        await pilot.press(*"Grace Referred", "tab", *"Navy Lab", "enter")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        row = demo_store.query(
            "SELECT stage, referred_by_id FROM contact WHERE name = 'Grace Referred'"
        )
        assert tuple(row[0]) == (3, cid)


async def test_ctrl_r_escape_cancels(app, demo_store):
    async with app.run_test(size=SIZE) as pilot:
        await open_interview(pilot, app, demo_store)
        await pilot.press("ctrl+r", *"Nobody", "escape")
        assert not demo_store.query("SELECT 1 FROM contact WHERE name = 'Nobody'")


async def test_ctrl_f_finishes(app, demo_store):
    async with app.run_test(size=SIZE) as pilot:
        cid, screen = await open_interview(pilot, app, demo_store)
        await pilot.press(*"Loved it", "ctrl+f")
        await pilot.pause()
        # Nothing asked for a referral or a resource yet: warned once, still here.
        assert app.screen is screen
        assert "not asked for a referral or a resource" in str(list(app._notifications)[-1].message)
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "InterviewSummary"
        view = demo_store.contacts.view(cid)
        assert view.values["stage"] == 5
        assert (view.history[-1].from_stage, view.history[-1].to_stage) == (4, 5)
        thank = [f for f in view.follow_ups if f.kind == "thank-you"]
        assert [f.due for f in thank] == [FROZEN + timedelta(hours=24)]
        state = demo_store.interviews.state(screen.interview_id)
        assert state.status == "done" and state.answers[0].notes == "Loved it"
        await pilot.press("escape")
        assert isinstance(app.screen, BoardScreen)


async def test_ctrl_n_adds_an_ad_hoc_question(app, demo_store):
    async with app.run_test(size=SIZE) as pilot:
        _, screen = await open_interview(pilot, app, demo_store)
        count = len(answers(demo_store, screen.interview_id))
        await pilot.press("ctrl+n", *"What surprised you?", "enter")
        await pilot.pause()
        saved = answers(demo_store, screen.interview_id)
        assert len(saved) == count + 1
        assert "What surprised you?" in [a.question for a in saved]
        assert app.focused.id == "answer"


async def test_ctrl_s_writes_markdown_beside_the_database(app, demo_store):
    async with app.run_test(size=SIZE) as pilot:
        _, screen = await open_interview(pilot, app, demo_store)
        await pilot.press(*"Markdown me", "ctrl+s")
        written = list(demo_store.path.parent.glob("*-ada-interviewee-*.md"))
        assert len(written) == 1
        text = written[0].read_text()
        assert "# Information interview: Ada Interviewee (Analytical Engines)" in text
        assert "Markdown me" in text and "## AIR" in text


async def test_quitting_mid_interview_saves(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        _, screen = await open_interview(pilot, app, demo_store)
        await pilot.press(*"typed then quit", "ctrl+q")
        interview = screen.interview_id
    assert answers(demo_store, interview)[0].notes == "typed then quit"


async def test_leaving_an_interview_never_started_leaves_nothing(app, demo_store):
    async with app.run_test(size=SIZE) as pilot:
        cid, screen = await open_interview(pilot, app, demo_store)
        interview = screen.interview_id
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        rows = demo_store.query("SELECT count(*) FROM interview WHERE id = ?", (interview,))
        assert rows[0][0] == 0
        assert (
            demo_store.query("SELECT count(*) FROM interview WHERE contact_id = ?", (cid,))[0][0]
            == 0
        )


async def test_ctrl_g_starts_the_clock(app, demo_store):
    async with app.run_test(size=SIZE) as pilot:
        _, screen = await open_interview(pilot, app, demo_store)
        await pilot.press("ctrl+g")
        await pilot.pause()
        state = demo_store.interviews.state(screen.interview_id)
        assert state.status == "in progress" and state.started_at == FROZEN
        assert "00:00 / 30:00" in str(screen.query_one("#timer").render())
        await pilot.press("escape")
        await pilot.pause()
        assert demo_store.interviews.state(screen.interview_id).status == "in progress"


async def test_i_on_a_done_interview_opens_its_notes_and_offers_a_new_one(app, demo_store):
    async with app.run_test(size=SIZE) as pilot:
        cid, screen = await open_interview(pilot, app, demo_store)
        first = screen.interview_id
        await pilot.press(*"Loves Rust", "ctrl+f", "ctrl+f")  # the second: no referral asked
        await pilot.pause()
        await pilot.press("escape")  # leave the summary
        await pilot.pause()
        app.post_message(__import__("infointerview_tui.messages").messages.StartInterview(cid))
        await pilot.pause()
        again = app.screen
        assert isinstance(again, InterviewScreen) and again.interview_id == first
        assert again.query_one("#answer", TextArea).text == "Loves Rust"
        assert "done" in str(again.query_one("#timer").render())
        await pilot.press("end", *" and Go")  # past notes can be edited
        await pilot.pause()
        again.flush()
        assert answers(demo_store, first)[0].notes == "Loves Rust and Go"
        await pilot.press("ctrl+g")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        new = app.screen
        assert isinstance(new, InterviewScreen) and new.interview_id != first
        assert demo_store.interviews.state(new.interview_id).status == "planned"


async def test_coverage_line_shows_air_and_tiara_asked(app, demo_store):
    async with app.run_test(size=SIZE) as pilot:
        _, screen = await open_interview(pilot, app, demo_store)
        assert demo_store.coverage(screen.interview_id).air == frozenset()
        referral = next(i for i, a in enumerate(screen.answers) if a.category == 5)
        screen.current = referral
        await pilot.press("ctrl+t")  # asked: "Who else would you suggest I talk to...?" (R)
        await pilot.pause()
        assert "R" in demo_store.coverage(screen.interview_id).air
        line = str(app.screen.query_one("#coverage").render())
        assert line == "asked: AIR A· I· R✓  TIARA T· I· A· R· A·"
