"""The one message checker, templates filled with the profile, mailto links."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from infointerview_tui.core.messages import (
    DEFAULT_TEMPLATES,
    check_message,
    field_in_sentence,
    first_sentence,
    job_requests,
    mailto_url,
    problems,
    render,
)
from infointerview_tui.core.settings import Profile, Settings

GOOD = (
    "Hello Ada,\n\nDana Lee suggested I contact you. Your work on your team's data platform "
    "sounds fascinating, and your view of the field would help me. Would you have 20 minutes "
    "on Tue 3pm, by video call? I'm not asking for a job opening, only your insights.\n\n"
    "Thank you,\nSam"
)


def test_a_good_first_message_passes_every_check():
    checks = check_message(GOOD, word_limit=75, connection=["Dana Lee", "Dana"])
    assert problems(checks) == []
    assert [c.label for c in checks][:2] == [
        "50/75 words",
        "Connection (Dana Lee) in the first sentence",
    ]


@pytest.mark.parametrize(
    "word", ["internship", "co-op", "role", "position", "opening", "refer me for", "job",
             "hiring", "résumé"],
)  # fmt: skip
def test_job_words_count_as_a_request_unless_negated(word):
    assert job_requests(f"Could you tell me about the {word} at your team?") == [word]
    assert job_requests(f"I'm not asking for a {word}, only advice.") == []


def test_meet_sometime_soon_is_neither_a_time_nor_a_place():
    failed = problems(check_message("Hello Ada,\n\nCould we meet sometime soon?"))
    assert "A specific time" in failed and "A place or call link" in failed


def test_each_rule_can_fail():
    failed = problems(
        check_message(
            "Hi Ada,\nI am a student and I want a job. I attached my CV. I hope to hear back.",
            word_limit=10,
        )
    )
    assert failed == [
        "20/10 words",
        "Connection (a referrer or shared affiliation) in the first sentence",
        "The request is a question",
        "More about them than you (you 0, I 5)",
        "No job request (found: job, cv)",
        "A specific time",
        "A place or call link",
        "No attachment",
    ]


def test_linkedin_notes_are_held_to_300_characters():
    (length, *_rest) = check_message("x" * 301, "linkedin")
    assert (length.label, length.ok) == ("301/300 characters", False)


def test_first_sentence_skips_the_greeting():
    assert first_sentence("Hello Ada,\nDana suggested I write. More.") == "Dana suggested I write."


def test_render_fills_known_placeholders_and_leaves_other_braces():
    assert render("Hi {first} {unknown} {", {"first": "Ada"}) == "Hi Ada {unknown} {"


def test_mailto_carries_recipient_subject_and_body():
    url = mailto_url("ada@example.com", "Your work & mine", "Line one\nLine two?")
    parts = urlsplit(url)
    assert parts.scheme == "mailto" and parts.path == "ada@example.com"
    query = parse_qs(parts.query)
    assert query == {"subject": ["Your work & mine"], "body": ["Line one\nLine two?"]}


def test_drafts_use_the_profile_and_the_referrer(store):
    store.configure(Settings(profile=Profile("Sam Lee", "a data student", "Sam")))
    dana = store.intents.add_contact("Dana Lee", 5)
    ada = store.intents.add_contact("Ada Byron", 3, organization="Clearpath", referred_by_id=dana)
    draft = store.draft_message(ada, "outreach", time="Tue 3-3:30pm", place="a video call")
    assert draft.subject == "Your experience at Clearpath"
    assert draft.body.startswith("Hello Ada,\n\nDana Lee suggested I contact you.")
    assert draft.body.endswith("Thank you,\nSam")
    checks = check_message(draft.body, connection=store.connection_names(ada))
    assert problems(checks) == []


def test_edited_templates_are_kept_and_reset(store):
    ada = store.intents.add_contact("Ada Byron", 3)
    store.intents.save_template("nudge", "Following up", "Hi {first}, any news? {unknown}")
    assert store.draft_message(ada, "nudge").body == "Hi Ada, any news? {unknown}"
    assert store.is_custom_template("nudge")
    store.intents.reset_template("nudge")
    assert store.message_template("nudge") == DEFAULT_TEMPLATES["nudge"]
    assert store.query("SELECT count(*) FROM message_template")[0][0] == 0


def test_every_default_template_passes_its_own_checks_when_filled(store):
    dana = store.intents.add_contact("Dana Lee", 5)
    ada = store.intents.add_contact("Ada Byron", 3, organization="Clearpath", referred_by_id=dana)
    for kind in DEFAULT_TEMPLATES:
        body = store.draft_message(
            ada, kind, time="Tue 3-3:30pm", place="a video call", action="the SQL course"
        ).body
        failed = problems(check_message(body, kind, connection=store.connection_names(ada)))
        assert failed == [], (kind, failed)


@pytest.mark.parametrize(
    "text",
    [
        "Hi Ada! Dana suggested I write. More.",
        "Hello Ada,\n\nDana suggested I write. More.",
        "Dear Dr. Byron\nDana suggested I write. More.",
    ],
)
def test_greetings_of_every_shape_are_skipped(text):
    assert first_sentence(text) == "Dana suggested I write."


# -- issue 11: the usual slips (moved from the old outreach checks) ----------------


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Is there a co-op position?", "co-op"),
        ("Could you refer me for the analyst post?", "refer me for"),
        ("I'm not sure, but do you have an internship?", "internship"),
    ],
)
def test_a_negation_that_does_not_negate_the_ask_still_flags(text, word):
    assert word in job_requests(text)


@pytest.mark.parametrize(
    "text",
    [
        "I'm not asking for a job opening, only your advice.",
        "This isn't about a role or an internship.",
        "I am not looking for a position.",
    ],
)
def test_negated_job_words_are_fine(text):
    assert job_requests(text) == []


@pytest.mark.parametrize(
    ("name", "shown"),
    [("UX research", "UX research"), ("Data science", "data science"), ("DevOps", "DevOps")],
)
def test_field_names_keep_their_own_capitals(name, shown):
    assert field_in_sentence(name) == shown


def test_a_templates_bracketed_example_is_not_a_time_or_a_place():
    """The composer's placeholder "[a specific 20-30 minute slot, e.g. Tue 3-3:30pm]" held
    an example time, so the checklist ticked "A specific time" before one was written."""
    text = (
        "Hello Maya, your perspective would help me. Would you be open to a chat "
        "[a specific 20-30 minute slot, e.g. Tue 3-3:30pm], [a place or call link, e.g. "
        "a video call]? I'm not asking for a job."
    )
    checks = {c.label: c.ok for c in check_message(text)}
    assert checks["A specific time"] is False
    assert checks["A place or call link"] is False
    filled = text.replace("[a specific 20-30 minute slot, e.g. Tue 3-3:30pm]", "Tue 3-3:30pm")
    assert {c.label: c.ok for c in check_message(filled)}["A specific time"] is True
