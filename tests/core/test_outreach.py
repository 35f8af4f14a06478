"""The outreach composer's template and checks, and the thank-you draft."""

from infointerview_tui.core.outreach import (
    Draft,
    check_outreach,
    outreach_message,
    thank_you_message,
)


def test_template_uses_referrer_first_and_is_clean_when_filled():
    text = outreach_message(
        Draft(
            "Ada Lovelace",
            referrer="Charles Babbage",
            career_field="Data science",
            timeframe="Tue 3-3:30pm",
            place="a video call",
        )
    )
    assert text.startswith("Hello Ada,\n\nCharles Babbage suggested I contact you.")
    assert "data science" in text and "not asking for a job" in text
    assert check_outreach(text) == []


def test_unfilled_template_asks_for_the_specifics():
    warnings = check_outreach(outreach_message(Draft("Ada")))
    assert any("bracketed" in w for w in warnings)


def test_job_words_are_flagged_but_the_disclaimer_is_not():
    warnings = check_outreach("Hi! Are you hiring? Here is my résumé. Tue 3pm by phone.")
    assert len(warnings) == 1 and "hiring" in warnings[0] and "résumé" in warnings[0]
    assert check_outreach("I'm not asking for a job. Tue 3pm by phone?") == []


def test_missing_time_place_and_length():
    warnings = check_outreach("Could we talk sometime? " + "word " * 130)
    assert any("specific time" in w for w in warnings)
    assert any("place" in w for w in warnings)
    assert any("words" in w for w in warnings)


def test_thank_you_quotes_advice_and_insight():
    text = thank_you_message("Grace Hopper", "Learn COBOL.", "Ships are safe in harbour.")
    assert text.startswith("Hello Grace,")
    assert "Learn COBOL." in text and "Ships are safe in harbour." in text


# -- issue 11: the usual slips -----------------------------------------------------

import pytest  # noqa: E402

from infointerview_tui.core.outreach import job_words  # noqa: E402

SLOT = " Would Tue 3-3:30pm on a video call work?"


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Do you have an internship this summer?", "internship"),
        ("Is there a co-op position?", "co-op"),
        ("I'd love a role on your team.", "role"),
        ("Any opening in your group?", "opening"),
        ("Could you refer me for the analyst post?", "refer me for"),
        ("I'm not sure, but do you have an internship?", "internship"),
    ],
)
def test_job_slips_are_caught(text, word):
    assert word in job_words(text)
    assert any("job request" in w for w in check_outreach(text + SLOT))


@pytest.mark.parametrize(
    "text",
    [
        "I'm not asking for a job opening, only your advice.",
        "This isn't about a role or an internship.",
        "I am not looking for a position.",
    ],
)
def test_negated_job_words_are_fine(text):
    assert job_words(text) == []
    assert check_outreach(text + SLOT) == []


def test_meet_sometime_soon_is_neither_time_nor_place():
    warnings = check_outreach("Could we meet sometime soon?")
    assert any("specific time" in w for w in warnings)
    assert any("place" in w for w in warnings)


def test_field_names_keep_their_case():
    text = outreach_message(Draft("Ada", career_field="UX research", timeframe="t", place="p"))
    assert "a career in UX research" in text
    text = outreach_message(Draft("Ada", career_field="Data science", timeframe="t", place="p"))
    assert "a career in data science" in text
