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
    r"employment|apply(?:ing)?|application)\b",
    re.IGNORECASE,
)
NOT_ASKING = re.compile(r"not (?:asking|looking) (?:you )?for a job", re.IGNORECASE)
TIME_HINT = re.compile(
    r"\b(mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b|\b\d{1,2}(?::\d{2})?"
    r"\s*(?:am|pm)\b|\b\d{1,2}:\d{2}\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"[a-z]*\.? \d{1,2}\b|\bnext week\b|\bthis week\b|\btomorrow\b",
    re.IGNORECASE,
)
PLACE_HINT = re.compile(
    r"\b(call|zoom|teams|meet|phone|video|coffee|caf[eé]|office|at your|near your|https?://)",
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
    field = draft.career_field.lower() if draft.career_field else "your field"
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


def check_outreach(text: str) -> list[str]:
    """Warnings about a draft; empty when it follows the timeline's advice."""
    warnings: list[str] = []
    without_disclaimer = NOT_ASKING.sub("", text)
    asked = sorted({m.group(0).lower() for m in JOB_WORDS.finditer(without_disclaimer)})
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
