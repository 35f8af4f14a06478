"""Advice from an interview becomes action items; acting on one closes the loop."""

from __future__ import annotations

from infointerview_tui.core.advice import advice_lines


def test_advice_lines_drop_bullets_and_blanks():
    text = "- Take the evening SQL course\n\n* Join the meetup\n2) Read 'Storytelling with Data'"
    assert advice_lines(text) == [
        "Take the evening SQL course",
        "Join the meetup",
        "Read 'Storytelling with Data'",
    ]


def test_finishing_an_interview_turns_advice_into_items_once(store):
    ada = store.intents.add_contact("Ada Byron", 4)
    interview = store.intents.open_notes(ada)
    advice = "Take the evening SQL course\nJoin the meetup"
    store.intents.save_interview_text(interview, "advice", advice, 0, "")
    store.intents.finish_interview(interview)
    assert store.intents.capture_advice(interview) == 0  # finishing already captured both
    items = store.advice_items(ada)
    assert [(i.text, i.done) for i in items] == [
        ("Take the evening SQL course", False),
        ("Join the meetup", False),
    ]


def test_acting_on_advice_is_remembered_and_the_update_is_a_touch(store):
    ada = store.intents.add_contact("Ada Byron", 5)
    item = store.intents.add_advice_item(ada, "Take the evening SQL course")
    entry = store.intents.set_advice_done(item)
    assert entry.done and entry.contact == "Ada Byron"
    assert store.done_advice(ada) == ["Take the evening SQL course"]
    store.intents.advice_update_sent(item, "I took the evening SQL course you suggested")
    touches = store.query(
        "SELECT kind, note FROM follow_up WHERE contact_id = ? AND done = true", (ada,)
    )
    assert [tuple(t) for t in touches] == [
        ("update", "I took the evening SQL course you suggested")
    ]
    (open_touch,) = store.query(
        "SELECT 1 FROM follow_up WHERE contact_id = ? AND kind = 'stay-in-touch' AND done = false",
        (ada,),
    )
    assert store.advice_items(ada)[0].update_sent_at is not None
