"""Interviews, referrals, outreach and follow-ups in the store (frozen clock)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from infointerview_tui.core import db
from infointerview_tui.core.validation import ValidationError
from tests.conftest import FROZEN


def follow_ups(store, contact_id, kind=None):
    sql = "SELECT kind, due, done FROM follow_up WHERE contact_id = ?"
    params: list = [contact_id]
    if kind:
        sql += " AND kind = ?"
        params.append(kind)
    return [(r[0], db.from_db(r[1]), r[2]) for r in store.query(sql + " ORDER BY id", params)]


def test_start_creates_a_planned_interview_with_default_questions(store):
    cid = store.intents.add_contact("Ada", 4)
    interview = store.intents.open_notes(cid)
    state = store.interviews.state(interview)
    assert state.status == "in progress" and state.started_at == FROZEN
    categories = {a.category for a in state.answers}
    assert categories == {1, 2, 3, 4, 5}
    favourites = {q.text for q in store.questions.bank() if q.favourite}
    assert {a.question for a in state.answers} <= favourites | {
        q.text for q in store.questions.bank() if q.builtin
    }
    assert store.intents.open_notes(cid) == interview  # reopening: the same interview


def test_finish_moves_to_stage_5_and_schedules_the_thank_you(store):
    cid = store.intents.add_contact("Ada", 4)
    interview = store.intents.open_notes(cid)
    due = store.intents.finish_interview(interview)
    assert due == FROZEN + timedelta(hours=24)
    state = store.interviews.state(interview)
    assert state.status == "done" and state.ended_at == FROZEN
    assert store.contacts.view(cid).values["stage"] == 5
    events = store.query(
        "SELECT from_stage, to_stage FROM stage_event WHERE contact_id = ? ORDER BY id", (cid,)
    )
    assert tuple(events[-1]) == (4, 5)
    assert ("thank-you", FROZEN + timedelta(hours=24), 0) in follow_ups(store, cid)
    stay = follow_ups(store, cid, "stay-in-touch")
    assert stay == [("stay-in-touch", FROZEN.replace(month=2, year=2027), 0)]
    store.intents.finish_interview(interview)  # finishing twice does not duplicate the thank-you
    assert len(follow_ups(store, cid, "thank-you")) == 1


def test_referral_is_a_stage_3_contact_referred_by_the_interviewee(store):
    cid = store.intents.add_contact("Ada", 4)
    new = store.intents.record_referral(cid, "Grace", organization="Navy", may_use_name=True)
    view = store.contacts.view(new)
    assert view.values["stage"] == 3 and view.referred_by == "Ada"
    assert view.organization == "Navy" and view.values["how_found"] == "referral"
    assert "May mention" in view.values["notes"]


def test_a_referral_chain_cannot_loop(any_store):
    """Ana referred Bo, Bo referred Cy: naming Cy (or Bo) as Ana's referrer is refused, the
    chain stays as it was; a referrer outside the chain is fine."""
    store = any_store
    ana = store.intents.add_contact("Ana", 4)
    bo = store.intents.record_referral(ana, "Bo")
    cy = store.intents.record_referral(bo, "Cy")
    for referrer, through in (("Cy", "Bo"), ("Bo", "Bo")):
        with pytest.raises(ValidationError) as refused:
            store.intents.edit_contact(ana, {"referred_by": referrer})
        message = refused.value.errors["referred_by"]
        assert message.startswith(f"{through} came to you through Ana, so {referrer} can't")
    assert store.contacts.view(ana).referred_by in ("", None)
    assert store.contacts.view(cy).referred_by == "Bo"
    store.intents.add_contact("Dee", 4)
    store.intents.edit_contact(ana, {"referred_by": "Dee"})
    assert store.contacts.view(ana).referred_by == "Dee"


def test_answers_and_texts_autosave(store):
    cid = store.intents.add_contact("Ada", 4)
    interview = store.intents.open_notes(cid)
    answer = store.interviews.state(interview).answers[0]
    store.intents.save_answer(answer.id, "notes [b]x[/", answer.version, answer.notes)
    store.intents.set_asked(answer.id, True)
    state = store.interviews.state(interview)
    store.intents.save_interview_text(interview, "advice", "Take the course", state.version, "")
    store.intents.save_interview_text(interview, "insight", "Calm", state.version, "")
    state = store.interviews.state(interview)
    assert state.answers[0].notes == "notes [b]x[/" and state.answers[0].asked
    assert (state.advice, state.insight) == ("Take the course", "Calm")


def test_outreach_schedules_one_nudge_and_a_reply_cancels_it(store):
    cid = store.intents.add_contact("Ada", 3)
    outreach = store.intents.log_outreach(cid, channel="email", message="Hello")
    # Thu 26 Nov: 7 business days on is Mon 7 Dec, same time (no organization: no day 3)
    assert follow_ups(store, cid) == [("nudge", FROZEN + timedelta(days=11), 0)]
    assert store.intents.log_reply(cid, "Happy to chat") == outreach
    assert follow_ups(store, cid) == []


def test_a_logged_touch_resets_the_stay_in_touch_date(store):
    cid = store.intents.add_contact("Ada", 5)
    store.intents.finish_interview(store.intents.open_notes(cid))
    store.db.clock = lambda: FROZEN + timedelta(days=40)
    store.intents.log_touch(cid, "update", "Told them I enrolled")
    stay = follow_ups(store, cid, "stay-in-touch")
    open_stay = [s for s in stay if not s[2]]
    # touched 5 Jan 2027 (40 days on): due 3 months later, not 3 months after the interview
    assert [s[1] for s in open_stay] == [FROZEN.replace(year=2027, month=4, day=5)]


def test_complete_and_snooze(store):
    cid = store.intents.add_contact("Ada", 5)
    fid = store.intents.add_follow_up(cid, "give-back", FROZEN - timedelta(days=2), "Send article")
    store.intents.snooze_follow_up(fid)
    assert follow_ups(store, cid, "give-back")[0][1] == FROZEN + timedelta(days=1)
    store.intents.complete_follow_up(fid)
    assert follow_ups(store, cid, "give-back")[0][2] == 1
    assert [k for k, _, done in follow_ups(store, cid) if not done] == ["stay-in-touch"]


def test_question_bank_crud_reorder_and_restore(store):
    before = store.questions.bank(category=2)
    mine = store.intents.add_question(2, "  What surprised you?  ", "I", True)
    assert store.questions.bank(category=2)[-1].text == "What surprised you?"
    assert store.intents.move_question(mine, -1)
    assert store.questions.bank(category=2)[-2].id == mine
    store.intents.edit_question(
        mine, category=4, text="What surprised you most?", air="A", favourite=False
    )
    moved = [q for q in store.questions.bank(category=4) if q.id == mine][0]
    assert (moved.text, moved.air, moved.favourite) == ("What surprised you most?", "A", False)
    builtin = before[0]
    store.intents.delete_question(builtin.id)
    store.intents.delete_question(mine)
    texts = {q.text for q in store.questions.bank()}
    assert builtin.text not in texts and "What surprised you most?" not in texts
    assert store.intents.restore_default_questions() == 1
    texts = {q.text for q in store.questions.bank()}
    assert builtin.text in texts and "What surprised you most?" not in texts
    assert {q.text for q in store.questions.bank(search="SURPRISED")} == set()
    assert store.questions.bank(search="typical workday")


def test_bad_question_input_is_refused(store):
    import pytest

    for args in ((0, "x", ""), (6, "x", ""), (1, "   ", ""), (1, "x", "Z")):
        with pytest.raises(ValueError):
            store.intents.add_question(*args)


def test_a_thank_you_marked_sent_before_it_is_due_says_why_and_what_to_do(store):
    """t on stage 5 with no thank-you pending: the refusal names the reason of this
    contact (no interview, one planned, one not finished, already sent)."""
    from infointerview_tui.core.outcomes import Conflict

    cid = store.intents.add_contact("Ann Lee", 5)
    with pytest.raises(Conflict, match="no interview is logged"):
        store.intents.mark_thank_you_sent(cid)
    planned = store.intents.schedule_interview(cid, FROZEN + timedelta(days=2))
    with pytest.raises(Conflict, match="not been held yet"):
        store.intents.mark_thank_you_sent(cid)
    assert store.intents.open_notes(cid) == planned  # typing in its notes starts it
    store.intents.start_interview(planned)
    with pytest.raises(Conflict, match=r"not finished yet: .*ctrl\+f"):
        store.intents.mark_thank_you_sent(cid)
    store.intents.finish_interview(planned)
    assert store.intents.mark_thank_you_sent(cid) == 1
    with pytest.raises(Conflict, match="already marked sent"):
        store.intents.mark_thank_you_sent(cid)
