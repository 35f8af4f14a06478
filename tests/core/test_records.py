"""Issue 11 intents: an interview's life, deleting records, replies with an outcome,
renaming / merging / deleting career fields and organizations (frozen clock)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from infointerview_tui.core import db
from infointerview_tui.core.outcomes import Conflict
from infointerview_tui.core.validation import ValidationError
from tests.conftest import FROZEN


def count(store, sql, params=()):
    return store.query(sql, params)[0][0]


# -- an interview's life ----------------------------------------------------------------


def test_opening_to_prepare_does_not_start_and_leaving_leaves_nothing(store):
    cid = store.intents.add_contact("Ada", 4)
    opened = store.intents.prepare_notes(cid)
    assert opened.created and opened.status == "planned"
    state = store.interviews.state(opened.interview_id)
    assert state.started_at is None and state.status == "planned"
    assert store.intents.discard_unstarted(opened.interview_id)
    assert count(store, "SELECT count(*) FROM interview") == 0
    assert count(store, "SELECT count(*) FROM interview_answer") == 0


def test_the_interview_starts_when_started_and_the_clocks_count_from_then(tmp_path):
    from infointerview_tui.core.store import Store

    now = [FROZEN]
    store = Store(tmp_path / "t.db", clock=lambda: now[0])
    cid = store.intents.add_contact("Ada", 4)
    interview = store.intents.prepare_notes(cid).interview_id
    now[0] = FROZEN + timedelta(minutes=20)  # twenty minutes of preparing
    started = store.intents.start_interview(interview)
    assert started == FROZEN + timedelta(minutes=20)
    now[0] = FROZEN + timedelta(minutes=25)
    assert store.intents.start_interview(interview) == started  # idempotent
    state = store.interviews.state(interview)
    assert state.status == "in progress" and state.started_at == started
    assert not store.intents.discard_unstarted(interview)  # started: kept
    now[0] = FROZEN + timedelta(minutes=50)
    due = store.intents.finish_interview(interview)
    assert due == FROZEN + timedelta(minutes=50, hours=24)
    store.close()


def test_a_prepared_interview_with_notes_is_kept(store):
    cid = store.intents.add_contact("Ada", 4)
    interview = store.intents.prepare_notes(cid).interview_id
    answer = store.interviews.state(interview).answers[0]
    store.intents.save_answer(answer.id, "ask about the move to Montreal", 0, "")
    assert not store.intents.discard_unstarted(interview)
    assert count(store, "SELECT count(*) FROM interview") == 1


def test_i_on_a_done_interview_opens_it_and_a_new_one_only_when_asked(store):
    cid = store.intents.add_contact("Ada", 4)
    first = store.intents.prepare_notes(cid).interview_id
    store.intents.start_interview(first)
    store.intents.finish_interview(first)
    again = store.intents.prepare_notes(cid)
    assert again.interview_id == first and again.status == "done" and not again.created
    with pytest.raises(Conflict, match="already finished"):
        store.intents.start_interview(first)
    second = store.intents.new_interview(cid)
    assert second != first
    assert store.intents.prepare_notes(cid).interview_id == second
    with pytest.raises(Conflict):
        store.intents.new_interview(cid)


def test_delete_interview_takes_its_notes_and_open_thank_you(store):
    cid = store.intents.add_contact("Ada", 4)
    interview = store.intents.prepare_notes(cid).interview_id
    store.intents.finish_interview(interview)
    assert count(store, "SELECT count(*) FROM follow_up WHERE kind = 'thank-you'") == 1
    assert store.intents.delete_interview(interview) == "Ada"
    assert count(store, "SELECT count(*) FROM interview") == 0
    assert count(store, "SELECT count(*) FROM interview_answer") == 0
    assert count(store, "SELECT count(*) FROM follow_up WHERE kind = 'thank-you'") == 0
    with pytest.raises(Conflict):
        store.intents.delete_interview(interview)


# -- outreach ------------------------------------------------------------------------


def test_delete_outreach_takes_its_nudge(store):
    cid = store.intents.add_contact("Ada", 3)
    oid = store.intents.log_outreach(cid, channel="email", message="Hello")
    assert store.outreach.already_sent(cid, "Hello ") == FROZEN
    assert store.outreach.already_sent(cid, "Other") is None
    assert [m.id for m in store.outreach.for_contact(cid)] == [oid]
    store.intents.delete_outreach(oid)
    assert store.outreach.for_contact(cid) == []
    assert count(store, "SELECT count(*) FROM follow_up WHERE kind = 'nudge'") == 0


def test_reply_yes_moves_to_interview_with_the_proposed_slot_and_place(store):
    cid = store.intents.add_contact("Ada", 3)
    store.intents.log_outreach(
        cid, channel="email", message="Hi", timeframe="Tue 3-3:30pm", place="Café Olimpico"
    )
    reply = store.intents.record_reply(cid, "yes", "Tuesday works!")
    assert reply.outcome == "yes" and reply.interview_id is not None
    assert reply.location == "Café Olimpico"
    assert reply.scheduled_at is not None and reply.scheduled_at > FROZEN
    assert reply.scheduled_at.astimezone().strftime("%a %H:%M") == "Tue 15:00"
    assert store.contacts.state(cid).stage == 4
    row = store.query("SELECT response, replied_at FROM outreach")[0]
    assert row[0] == "Tuesday works!" and db.from_db(row[1]) == FROZEN
    assert count(store, "SELECT count(*) FROM follow_up WHERE kind = 'nudge' AND done = false") == 0


@pytest.mark.parametrize("outcome", ["not-now", "no"])
def test_reply_not_now_or_no_stays(store, outcome):
    cid = store.intents.add_contact("Ada", 3)
    store.intents.log_outreach(cid, channel="email", message="Hi", timeframe="Tue 3pm")
    reply = store.intents.record_reply(cid, outcome)
    assert reply.interview_id is None and store.contacts.state(cid).stage == 3
    assert store.query("SELECT response FROM outreach")[0][0] == outcome


def test_reply_refuses_an_unknown_outcome_and_no_outreach(store):
    cid = store.intents.add_contact("Ada", 3)
    with pytest.raises(ValidationError):
        store.intents.record_reply(cid, "maybe")
    with pytest.raises(Conflict):
        store.intents.record_reply(cid, "yes")


# -- career fields and organizations ----------------------------------------------------


def test_a_contact_added_under_an_organization_takes_its_field(store):
    field = store.intents.save_career_field(None, {"name": "UX research"})
    store.intents.save_organization(None, {"name": "Clearpath", "career_field": "UX research"})
    cid = store.intents.add_contact("Ada", 3, organization="clearpath")
    assert store.contacts.view(cid).career_field == "UX research"
    other = store.intents.add_contact("Bob", 3)
    store.intents.edit_contact(other, {"organization": "Clearpath"})
    assert store.contacts.view(other).career_field == "UX research"
    assert store.catalog.career_fields()[0]["id"] == field


def test_rename_refuses_a_taken_name_and_merge_moves_people(store):
    store.intents.save_organization(None, {"name": "Clearpath"})
    store.intents.save_organization(None, {"name": "ClearPath Inc"})
    a = store.intents.add_contact("Ada", 3, organization="Clearpath")
    b = store.intents.add_contact("Bob", 3, organization="ClearPath Inc")
    orgs = {o["name"]: o["id"] for o in store.catalog.organizations()}
    with pytest.raises(ValidationError, match="merge"):
        store.intents.rename_organization(orgs["ClearPath Inc"], "clearpath")
    store.intents.rename_organization(orgs["Clearpath"], "Clearpath Robotics")
    removal = store.intents.merge_organizations(orgs["ClearPath Inc"], orgs["Clearpath"])
    assert removal.name == "ClearPath Inc" and removal.contacts == 1
    assert store.contacts.view(a).organization == "Clearpath Robotics"
    assert store.contacts.view(b).organization == "Clearpath Robotics"
    assert [o["name"] for o in store.catalog.organizations()] == ["Clearpath Robotics"]


def test_delete_field_keeps_its_people_and_organizations(store):
    store.intents.save_career_field(None, {"name": "Data science"})
    store.intents.save_organization(None, {"name": "Clearpath", "career_field": "Data science"})
    cid = store.intents.add_contact("Ada", 3, organization="Clearpath")
    field_id = store.catalog.career_fields()[0]["id"]
    removal = store.intents.delete_career_field(field_id)
    assert (removal.contacts, removal.organizations) == (1, 1)
    assert store.catalog.career_fields() == []
    view = store.contacts.view(cid)
    assert view.career_field == "" and view.organization == "Clearpath"
