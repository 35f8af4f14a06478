"""3B7 in business days, curmudgeons, responsiveness and the settings the rules read."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from infointerview_tui.core import db
from infointerview_tui.core.settings import Settings
from tests.conftest import FROZEN

# Tue 22 Dec 2026, 10:00 UTC: the US calendar skips 25 Dec and 1 Jan.
SENT = datetime(2026, 12, 22, 10, 0, tzinfo=UTC)


def open_follow_ups(store, contact_id):
    rows = store.query(
        "SELECT kind, due, note FROM follow_up WHERE contact_id = ? AND done = false "
        "AND kind IN ('nudge', 'next-contact') ORDER BY due",
        (contact_id,),
    )
    return [(r[0], db.from_db(r[1]), r[2]) for r in rows]


def test_3b7_skips_weekends_and_holidays_and_names_the_next_person(store):
    store.configure(Settings(holidays="US"), UTC)
    ada = store.intents.add_contact("Ada Byron", 3, organization="Clearpath")
    store.intents.add_contact("Grace Hopper", 3, organization="Clearpath")
    store.intents.log_outreach(ada, channel="email", message="Hello", sent_at=SENT)
    (nxt, nudge) = open_follow_ups(store, ada)
    assert nxt[:2] == ("next-contact", datetime(2026, 12, 28, 10, 0, tzinfo=UTC))
    assert "second person at Clearpath: Grace Hopper" in nxt[2]
    assert nudge[:2] == ("nudge", datetime(2027, 1, 4, 10, 0, tzinfo=UTC))


def test_without_holidays_only_weekends_are_skipped(store):
    store.configure(Settings(), UTC)
    ada = store.intents.add_contact("Ada Byron", 3, organization="Clearpath")
    store.intents.log_outreach(ada, channel="email", message="Hello", sent_at=SENT)
    dues = [due for _, due, _ in open_follow_ups(store, ada)]
    assert dues == [
        datetime(2026, 12, 25, 10, 0, tzinfo=UTC),
        datetime(2026, 12, 31, 10, tzinfo=UTC),
    ]


def test_a_reply_cancels_both_and_a_quick_one_makes_a_booster(store):
    store.configure(Settings(holidays="US"), UTC)
    ada = store.intents.add_contact("Ada Byron", 3, organization="Clearpath")
    outreach = store.intents.log_outreach(ada, channel="email", message="Hello", sent_at=SENT)
    assert store.intents.log_reply(ada, "Happy to", at=SENT + timedelta(days=1)) == outreach
    assert open_follow_ups(store, ada) == []
    assert store.responsiveness_of([ada], SENT + timedelta(days=2)) == {ada: "booster"}


def test_a_reply_after_three_business_days_makes_an_obligate(store):
    store.configure(Settings(holidays="US"), UTC)
    ada = store.intents.add_contact("Ada Byron", 3)
    outreach = store.intents.log_outreach(ada, channel="email", message="Hello", sent_at=SENT)
    # 22 Dec + 3 business days = 28 Dec (25 Dec skipped): the 29th is day 4
    late = datetime(2026, 12, 29, tzinfo=UTC)
    assert store.intents.log_reply(ada, "Sorry for the delay", at=late) == outreach
    assert store.responsiveness_of([ada], datetime(2027, 1, 5, tzinfo=UTC)) == {ada: "obligate"}


def test_silence_after_the_nudge_makes_a_curmudgeon_and_offers_the_next_person(store):
    store.configure(Settings(holidays="US"), UTC)
    ada = store.intents.add_contact("Ada Byron", 3, organization="Clearpath")
    store.intents.add_contact("Grace Hopper", 3, organization="Clearpath")
    store.intents.log_outreach(ada, channel="email", message="Hello", sent_at=SENT)
    nudge_id = store.query("SELECT id FROM follow_up WHERE kind = 'nudge'")[0][0]
    store.intents.complete_follow_up(nudge_id)
    (after,) = open_follow_ups(store, ada)  # it replaces the day-3 next-contact
    # day 14 in US business days from 22 Dec: 13 Jan 2027
    assert after[:2] == ("next-contact", datetime(2027, 1, 13, 10, 0, tzinfo=UTC))
    assert "Ada Byron is a curmudgeon" in after[2] and "Grace Hopper" in after[2]
    assert store.responsiveness_of([ada], datetime(2027, 1, 12, tzinfo=UTC)) == {ada: None}
    assert store.responsiveness_of([ada], after[1]) == {ada: "curmudgeon"}


def test_no_outreach_no_responsiveness(store):
    ada = store.intents.add_contact("Ada Byron", 3)
    assert store.responsiveness_of([ada], FROZEN) == {}


def test_new_contacts_take_the_configured_stay_in_touch_cadence(store):
    store.configure(Settings(stay_in_touch_months=2), UTC)
    ada = store.intents.add_contact("Ada Byron", 5)
    store.intents.log_touch(ada, "update", "Enrolled")
    (due,) = store.query(
        "SELECT due FROM follow_up WHERE contact_id = ? AND kind = 'stay-in-touch'", (ada,)
    )
    assert db.from_db(due[0]) == FROZEN.replace(month=1, year=2027)


def test_an_interview_is_their_answer_nothing_waits_on_their_silence(store):
    """A conversation with someone shows they answered, logged or not: planning one, or
    finishing one, counts as their reply (at the latest by then), so no nudge or "write
    to a second person" stays open and no badge calls them a curmudgeon."""
    store.configure(Settings(holidays="US"), UTC)
    clock = [SENT]
    store.db.clock = lambda: clock[0]
    ada = store.intents.add_contact("Ada Byron", 3, organization="Clearpath")
    grace = store.intents.add_contact("Grace Hopper", 3, organization="Clearpath")
    store.intents.log_outreach(ada, channel="email", message="Hello", sent_at=SENT)
    assert [kind for kind, _, _ in open_follow_ups(store, ada)] == ["next-contact", "nudge"]
    # No reply logged; the notes are taken a day on and the interview finished.
    clock[0] = SENT + timedelta(days=1)
    store.intents.finish_interview(store.intents.open_notes(ada))
    assert open_follow_ups(store, ada) == []
    weeks_on = SENT + timedelta(days=40)  # far past the curmudgeon's day 14
    assert store.responsiveness_of([ada], weeks_on) == {ada: "booster"}
    assert store.outreach.latest_unanswered(ada) is None
    # Planned for later, after a second message: its nudges go at the planning.
    store.intents.log_outreach(grace, channel="email", message="Hello", sent_at=SENT)
    clock[0] = SENT + timedelta(days=10)
    store.intents.schedule_interview(grace, SENT + timedelta(days=14))
    assert open_follow_ups(store, grace) == []
    assert store.responsiveness_of([grace], weeks_on) == {grace: "obligate"}
