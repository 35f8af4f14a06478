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
