"""Messages: the one checker, the built-in templates, and `mailto:` links.

The checker encodes the method's advice for a first message (Dalton's "5-point email",
and career-centre guides): under the word limit, the connection in the first sentence,
the request as a question, more about them than about you, no job request, a specific
time and place, no attachment. Nudges, thank-yous and updates get the checks that apply.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import quote

KINDS: tuple[str, ...] = (
    "outreach",
    "linkedin",
    "nudge",
    "thank-you",
    "advice-update",
    "stay-in-touch",
)
KIND_LABELS: dict[str, str] = {
    "outreach": "First outreach",
    "linkedin": "LinkedIn connection note",
    "nudge": "Nudge",
    "thank-you": "Thank-you",
    "advice-update": "Update on your advice",
    "stay-in-touch": "Stay in touch",
}
LINKEDIN_LIMIT = 300  # characters LinkedIn allows in a connection note
FOLLOW_UP_WORD_LIMIT = 150  # thank-yous and updates: short, but not a first message

JOB_WORDS = re.compile(
    r"\b(?:jobs?|internships?|co-?ops?|roles?|positions?|openings?|vacanc(?:y|ies)|hiring|"
    r"hire|r[eé]sum[eé]s?|cv|employment|apply(?:ing)?|refer me for)\b",
    re.IGNORECASE,
)
# A job word is fine when its sentence says you are *not* after one ("I'm not asking
# for a job opening", "this isn't about a role"); "I'm not sure, but is there an
# internship?" still asks.
NEGATION = re.compile(
    r"(?:\b(?:not|never|no)|n't)\s+(?:\w+\s+){0,2}?(?:asking|looking|seeking|requesting|"
    r"hoping|trying|after|about|want(?:ing)?|expecting|interested)\b[^.!?\n]*$",
    re.IGNORECASE,
)
TIME_HINT = re.compile(
    r"\b(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b|\b\d{1,2}(?::\d{2})?"
    r"\s*(?:am|pm)\b|\b\d{1,2}:\d{2}\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"[a-z]*\.? \d{1,2}\b|\bnext week\b|\bthis week\b|\btomorrow\b|\b(?:morning|afternoon)\b",
    re.IGNORECASE,
)
# "meet" alone is not a place: "meet sometime soon" names neither a time nor a place.
PLACE_HINT = re.compile(
    r"\b(?:call|zoom|teams|phone|video|coffee|caf[eé]|office|lunch|campus|library)\b|"
    r"\b(?:at|near) your\b|https?://",
    re.IGNORECASE,
)
ATTACHMENT = re.compile(r"\b(?:attach(?:ed|ment|ments|ing)?|enclos(?:ed|ing|ure))\b", re.I)
CONNECTION_HINT = re.compile(
    r"\b(?:suggested|referred|recommended|fellow|alum(?:na|nus|ni)?|also (?:studied|went|"
    r"worked)|we met|met you|mutual|same (?:school|program|university|college|team))\b",
    re.IGNORECASE,
)
# "Hello Ada," / "Hi Ada!" / "Dear Dr. Byron" (up to the comma, "!" or end of the line).
GREETING = re.compile(
    r"^\s*(?:hi|hello|hey|dear|good (?:morning|afternoon))\b[^\n,!]{0,40}(?:[,!]|\n|$)\s*",
    re.IGNORECASE,
)
ABOUT_THEM = re.compile(r"\b(?:you|your|yours|yourself)\b", re.IGNORECASE)
ABOUT_ME = re.compile(r"\b(?:i|me|my|mine|myself)\b|\bi'(?:m|ve|d|ll)\b", re.IGNORECASE)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n{2,}")


@dataclass(frozen=True, slots=True)
class Check:
    """One line of the checklist: what was checked, and whether the message passes."""

    label: str
    ok: bool


def _sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_END.split(text) if s.strip()]


def first_sentence(text: str) -> str:
    """The message's first sentence after the greeting line ("Hello Ada,")."""
    body = GREETING.sub("", text.lstrip(), count=1)
    sentences = _sentences(body)
    return sentences[0] if sentences else ""


def refusal(channel: str, message: str) -> str | None:
    """Why a message cannot be logged as sent on `channel`, or None (a rule, not a hint)."""
    if channel.strip().lower() == "linkedin" and len(message) > LINKEDIN_LIMIT:
        return f"a LinkedIn note holds {LINKEDIN_LIMIT} characters, not {len(message)}"
    return None


def field_in_sentence(name: str) -> str:
    """A field's name inside a sentence: "Data science" -> "data science", but names
    with capitals of their own keep them ("UX research", "DevOps")."""
    words = name.split(" ", 1)
    first = words[0]
    if len(first) > 1 and first[0].isupper() and first[1:].islower():
        words[0] = first.lower()
    return " ".join(words)


def job_requests(text: str) -> list[str]:
    """Words asking for a job, except in a negated sentence ("I'm not asking for a job")."""
    found: list[str] = []
    for sentence in _sentences(text):
        for match in JOB_WORDS.finditer(sentence):
            if NEGATION.search(sentence[: match.start()]):
                continue
            word = match.group(0).lower()
            if word not in found:
                found.append(word)
    return found


BRACKETED = re.compile(r"\[[^\[\]]*\]")


def check_message(
    text: str,
    kind: str = "outreach",
    *,
    word_limit: int = 100,
    connection: Sequence[str] = (),
) -> list[Check]:
    """The checklist for a message of `kind`; `connection` names the referrer (if any)."""
    checks: list[Check] = []
    words = len(text.split())
    if kind == "linkedin":
        checks.append(
            Check(f"{len(text)}/{LINKEDIN_LIMIT} characters", len(text) <= LINKEDIN_LIMIT)
        )
    elif kind in ("outreach", "nudge"):
        checks.append(Check(f"{words}/{word_limit} words", 0 < words <= word_limit))
    else:
        limit = FOLLOW_UP_WORD_LIMIT
        checks.append(Check(f"{words}/{limit} words", 0 < words <= limit))
    if kind in ("outreach", "linkedin"):
        opening = first_sentence(text)
        names = [n for n in connection if n.strip()]
        if names:
            ok = any(n.lower() in opening.lower() for n in names)
            label = f"Connection ({names[0]}) in the first sentence"
        else:
            ok = bool(CONNECTION_HINT.search(opening))
            label = "Connection (a referrer or shared affiliation) in the first sentence"
        checks.append(Check(label, ok))
    if kind in ("outreach", "linkedin", "nudge"):
        asks = any(s.rstrip().endswith("?") for s in _sentences(text))
        checks.append(Check("The request is a question", asks))
    if kind == "outreach":
        them, me = len(ABOUT_THEM.findall(text)), len(ABOUT_ME.findall(text))
        checks.append(Check(f"More about them than you (you {them}, I {me})", them >= me))
    asked = job_requests(text)
    checks.append(
        Check(
            "No job request" + (f" (found: {', '.join(asked)})" if asked else ""),
            not asked,
        )
    )
    if kind in ("outreach", "nudge"):
        # A template's [bracketed] example ("e.g. Tue 3-3:30pm") is not a time yet.
        filled = BRACKETED.sub(" ", text)
        checks.append(Check("A specific time", bool(TIME_HINT.search(filled))))
        checks.append(Check("A place or call link", bool(PLACE_HINT.search(filled))))
    checks.append(Check("No attachment", not ATTACHMENT.search(text)))
    if "[" in text and "]" in text:
        checks.append(Check("Fill in the [bracketed] parts", False))
    return checks


def problems(checks: Sequence[Check]) -> list[str]:
    """The labels of the checks that failed."""
    return [c.label for c in checks if not c.ok]


# -- templates --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Template:
    kind: str
    subject: str
    body: str


DEFAULT_TEMPLATES: dict[str, Template] = {
    "outreach": Template(
        "outreach",
        "Your experience at {organization}",
        "Hello {first},\n\n{connection}Your work at {organization} caught my eye, and your "
        "perspective on {field} would help me greatly. Would you be open to a 20-minute chat "
        "about your experience {time}, {place}? I'm not asking for a job, only your "
        "insights.\n\nThank you,\n{signature}",
    ),
    "linkedin": Template(
        "linkedin",
        "",
        "Hi {first}! {connection}Your work at {organization} caught my eye. Would you be open "
        "to a short chat about your experience in {field}? Not asking for a job, only your "
        "insights. Thank you! {signature}",
    ),
    "nudge": Template(
        "nudge",
        "Re: Your experience at {organization}",
        "Hello {first},\n\nI know how busy things get, so I'm floating this back to the top "
        "of your inbox. Would a 20-minute chat {time}, {place} work for you? Happy to fit "
        "around your schedule.\n\nThank you,\n{signature}",
    ),
    "thank-you": Template(
        "thank-you",
        "Thank you",
        "Hello {first},\n\nThank you for taking the time to talk with me.\n{insight_line}"
        "{advice_line}\nI'll keep you posted on how it goes.\n\nWith thanks,\n{signature}",
    ),
    "advice-update": Template(
        "advice-update",
        "I took your advice",
        "Hello {first},\n\nA quick update on your advice ({action}): I acted on it, and it "
        "helped. Thank you for suggesting it.\n\nI'll keep you posted.\n\nBest,\n{signature}",
    ),
    "stay-in-touch": Template(
        "stay-in-touch",
        "Catching up",
        "Hello {first},\n\nIt's been a while since we spoke, and I wanted to share where "
        "things are.{did_line}\n\nHow are things at {organization}?\n\nBest,\n{signature}",
    ),
}

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def render(text: str, values: Mapping[str, str]) -> str:
    """Fill `{name}` placeholders; unknown ones (and other braces) stay as written."""
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def mailto_url(to: str, subject: str, body: str) -> str:
    """A `mailto:` link that opens the message in the user's mail client."""
    query = f"subject={quote(subject, safe='')}&body={quote(body, safe='')}"
    return f"mailto:{quote(to, safe='@')}?{query}"
