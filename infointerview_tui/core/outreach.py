"""Outreach: drafting messages (stage 3 outreach, stage 5 thank-you notes), with checks,
and the log of messages sent and replies received (`OutreachLog`).

The checks encode the timeline's advice: be clear you are *not asking for a job*,
propose a *specific timeframe and location*, and keep it short.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, insert, select, update

from . import db
from .database import Database
from .models import Outreach, table

MAX_WORDS = 120
JOB_WORDS = re.compile(
    r"\b(jobs?|positions?|openings?|vacanc(?:y|ies)|hiring|hire|r[eé]sum[eé]s?|cv|"
    r"employment|apply(?:ing)?|application|internships?|co-?ops?|roles?|refer me for)\b",
    re.IGNORECASE,
)
# A job word is fine when its sentence says you are *not* after one ("I'm not asking
# for a job opening", "this isn't about a role").
NEGATED = re.compile(
    r"(?:\bnot|n't|\bnever)\s+(?:\w+\s+){0,2}?(?:asking|looking|seeking|requesting|hoping|"
    r"trying|after|about|want(?:ing)?|expecting)\b[^.!?\n]*$",
    re.IGNORECASE,
)
SENTENCE_START = re.compile(r"[.!?\n][^.!?\n]*$")
TIME_HINT = re.compile(
    r"\b(mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b|\b\d{1,2}(?::\d{2})?"
    r"\s*(?:am|pm)\b|\b\d{1,2}:\d{2}\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"[a-z]*\.? \d{1,2}\b|\bnext week\b|\bthis week\b|\btomorrow\b",
    re.IGNORECASE,
)
PLACE_HINT = re.compile(
    r"\b(call|zoom|teams|google meet|meet\.google|phone|video|coffee|caf[eé]|office|"
    r"at your|near your|https?://)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Draft:
    name: str
    referrer: str = ""
    career_field: str = ""
    timeframe: str = ""
    place: str = ""


def outreach_message(draft: Draft) -> str:
    """A short, specific request for a 20-30 minute information interview."""
    first = draft.name.split()[0] if draft.name.strip() else "there"
    opening = f"{draft.referrer} suggested I contact you. " if draft.referrer else ""
    field = field_in_sentence(draft.career_field) if draft.career_field else "your field"
    when = draft.timeframe or "[a specific 20-30 minute slot, e.g. Tue 3-3:30pm]"
    where = draft.place or "[a place or call link]"
    return (
        f"Hello {first},\n\n"
        f"{opening}I'm exploring a career in {field} and would value 20-30 minutes of "
        f"your insight into your path and your work. I'm not asking for a job, only for "
        f"your advice.\n\n"
        f"Would {when} work, at {where}? I'm happy to fit around your schedule.\n\n"
        f"Thank you for considering it."
    )


def field_in_sentence(name: str) -> str:
    """A field's name inside a sentence: "Data science" -> "data science", but names
    with capitals of their own keep them ("UX research", "DevOps")."""
    words = name.split(" ", 1)
    first = words[0]
    if len(first) > 1 and first[0].isupper() and first[1:].islower():
        words[0] = first.lower()
    return " ".join(words)


def job_words(text: str) -> list[str]:
    """The words of `text` that ask for a job, unless their sentence negates that."""
    found: set[str] = set()
    for match in JOB_WORDS.finditer(text):
        before = text[: match.start()]
        start = SENTENCE_START.search(before)
        sentence = before[start.start() + 1 :] if start else before
        if not NEGATED.search(sentence):
            found.add(match.group(0).lower())
    return sorted(found)


def check_outreach(text: str) -> list[str]:
    """Warnings about a draft; empty when it follows the timeline's advice."""
    warnings: list[str] = []
    asked = job_words(text)
    if asked:
        warnings.append(
            "It reads like a job request (" + ", ".join(asked) + "): say you are "
            "not asking for a job."
        )
    if "[" in text and "]" in text:
        warnings.append("Fill in the [bracketed] parts.")
    if not TIME_HINT.search(text):
        warnings.append("Propose a specific time (e.g. 'Tue 3-3:30pm').")
    if not PLACE_HINT.search(text):
        warnings.append("Propose a specific place or call link.")
    words = len(text.split())
    if words > MAX_WORDS:
        warnings.append(f"{words} words: keep it under about {MAX_WORDS}.")
    return warnings


def thank_you_message(name: str, advice: str, insight: str) -> str:
    """A thank-you note that shows you listened: it quotes their advice and insight."""
    first = name.split()[0] if name.strip() else "there"
    lines = [f"Hello {first},", "", "Thank you for taking the time to talk with me."]
    if insight.strip():
        lines.append(f"What you said stayed with me: {insight.strip()}")
    if advice.strip():
        lines.append(f"I'm acting on your advice: {advice.strip()}")
    lines += ["", "I'll keep you posted on how it goes.", "", "With thanks,"]
    return "\n".join(lines)


_OUTREACH = table(Outreach)


@dataclass(frozen=True, slots=True)
class SentMessage:
    """A logged outreach as the contact screen lists it."""

    id: int
    sent_at: datetime
    channel: str
    response: str
    replied_at: datetime | None


class OutreachLog:
    """The outreach repository: messages sent and replies received.

    Reads take a connection from the database's pool; the write helpers take the
    connection of a transaction opened by core/intents.py.
    """

    def __init__(self, database: Database) -> None:
        self.db = database

    def latest_unanswered(self, contact_id: int) -> int | None:
        """The contact's most recent outreach with no reply logged, if any."""
        x = _OUTREACH
        query = (
            select(x.c.id)
            .where(x.c.contact_id == contact_id, x.c.replied_at.is_(None))
            .order_by(x.c.sent_at.desc())
            .limit(1)
        )
        with self.db.read() as conn:
            found = conn.execute(query).scalar()
        return int(found) if found is not None else None

    def already_sent(self, contact_id: int, message: str) -> datetime | None:
        """When this exact message was last logged as sent to the contact, if ever."""
        from sqlalchemy import func, select
        from sqlmodel import col

        from . import sql
        from .models import Outreach

        sent = sql.scalar(
            self.db.conn,
            select(func.max(col(Outreach.sent_at))).where(
                col(Outreach.contact_id) == contact_id,
                func.trim(col(Outreach.message)) == message.strip(),
            ),
        )
        return db.from_db(sent)

    def for_contact(self, contact_id: int, limit: int = 50) -> list[SentMessage]:
        """The contact's logged messages, newest first."""
        from sqlalchemy import select
        from sqlmodel import col

        from . import sql
        from .models import Outreach

        return [
            SentMessage(r[0], db.from_db(r[1]) or datetime.min, r[2], r[3], db.from_db(r[4]))
            for r in sql.rows(
                self.db.conn,
                select(
                    col(Outreach.id),
                    col(Outreach.sent_at),
                    col(Outreach.channel),
                    col(Outreach.response),
                    col(Outreach.replied_at),
                )
                .where(col(Outreach.contact_id) == contact_id)
                .order_by(col(Outreach.sent_at).desc(), col(Outreach.id).desc())
                .limit(limit),
            )
        ]

    def latest_proposal(self, contact_id: int) -> tuple[str, str]:
        """The slot and place last proposed to this contact ('' when none)."""
        from sqlalchemy import select
        from sqlmodel import col

        from . import sql
        from .models import Outreach

        row = sql.run(
            self.db.conn,
            select(col(Outreach.proposed_timeframe), col(Outreach.proposed_place))
            .where(col(Outreach.contact_id) == contact_id)
            .order_by(col(Outreach.sent_at).desc(), col(Outreach.id).desc())
            .limit(1),
        ).fetchone()
        return (str(row[0]), str(row[1])) if row else ("", "")

    @staticmethod
    def proposal(conn: Connection, outreach_id: int) -> tuple[str, str]:
        """The slot and place an outreach proposed."""
        from sqlalchemy import select
        from sqlmodel import col

        from . import sql
        from .models import Outreach

        row = sql.run(
            conn,
            select(col(Outreach.proposed_timeframe), col(Outreach.proposed_place)).where(
                col(Outreach.id) == outreach_id
            ),
        ).fetchone()
        return (str(row[0]), str(row[1])) if row else ("", "")

    @staticmethod
    def insert(
        conn: Connection,
        contact_id: int,
        sent: datetime,
        channel: str,
        message: str,
        timeframe: str,
        place: str,
    ) -> int:
        statement = (
            insert(_OUTREACH)
            .values(
                contact_id=contact_id,
                sent_at=db.utc(sent),
                channel=channel,
                message=message,
                proposed_timeframe=timeframe,
                proposed_place=place,
            )
            .returning(_OUTREACH.c.id)
        )
        return int(conn.execute(statement).scalar_one())

    @staticmethod
    def record_reply(conn: Connection, outreach_id: int, response: str, at: datetime) -> int:
        """Store the reply; returns the contact it came from."""
        x = _OUTREACH
        contact_id = conn.execute(select(x.c.contact_id).where(x.c.id == outreach_id)).scalar()
        if contact_id is None:
            raise LookupError(f"no outreach with id {outreach_id}")
        conn.execute(
            update(x).where(x.c.id == outreach_id).values(response=response, replied_at=db.utc(at))
        )
        return int(contact_id)
