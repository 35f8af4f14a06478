"""What the interviews repository returns (typed rows), its tables, and the rule that
keeps both sides when two windows save one text at once (`merge_texts`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Select,
    case,
    false,
    select,
)

from .models import Contact, Interview, InterviewAnswer, Organization, Question, table

INTERVIEW_TEXT_FIELDS = ("advice", "insight", "referral_notes", "free_notes", "summary")


@dataclass(frozen=True, slots=True)
class Answer:
    id: int
    category: int
    question: str
    asked: bool
    notes: str
    version: int = 0


@dataclass(frozen=True, slots=True)
class InterviewState:
    id: int
    contact_id: int
    contact_name: str
    contact_title: str
    organization: str
    status: str
    scheduled_at: datetime | None
    started_at: datetime | None
    ended_at: datetime | None
    planned_minutes: int
    location: str
    advice: str
    insight: str
    referral_notes: str
    free_notes: str
    summary: str
    answers: tuple[Answer, ...]
    referrals: tuple[str, ...]
    version: int = 0


@dataclass(frozen=True, slots=True)
class InterviewRow:
    """A line of stage 4: a contact and their next interview, if any."""

    contact_id: int
    name: str
    organization: str
    interview_id: int | None
    scheduled_at: datetime | None
    status: str
    location: str
    planned_minutes: int


@dataclass(frozen=True, slots=True)
class SavedText:
    """The outcome of saving a text: what is stored now, and its row version.

    `merged` is True when another window had changed the text since this one read it:
    both texts were kept, theirs first, then a marked copy of this window's.
    """

    text: str
    version: int
    merged: bool = False


MERGE_MARK = "\n\n--- also typed in another window at the same time ---\n"


def merge_texts(theirs: str, mine: str) -> str:
    """Both versions of a text, theirs first and this window's clearly marked after it."""
    if mine == theirs or not mine.strip():
        return theirs
    if not theirs.strip():
        return mine
    return theirs + MERGE_MARK + mine


_INTERVIEW = table(Interview)
_ANSWER = table(InterviewAnswer)
_CONTACT = table(Contact)
_ORG = table(Organization)
_QUESTION = table(Question)
_TABLES = {"interview": _INTERVIEW, "interview_answer": _ANSWER}
_OPEN = ("in progress", "planned")


def last_done(contact_id: Any, *columns: Any) -> Select[Any]:
    """`columns` of the contact's most recently finished interview (a row at most): a
    seek on ix_interview_contact_ended (r0023). Without it SQLite walked every finished
    interview by date (ix_interview_ended) until it met the contact's: ~7,000 VM steps
    at 100,000 contacts, three times for each person highlighted in stage 3."""
    i = _INTERVIEW
    return (
        select(*columns)
        .where(i.c.contact_id == contact_id, i.c.status == "done")
        .order_by(i.c.ended_at.desc())
        .limit(1)
    )


def _flag(condition: Any) -> Any:
    """1 when `condition` holds, else 0: orders the same on every engine."""
    return case((condition, 1), else_=0)


def _whose(interview: Any, stage: int | None = None, *, at: bool = True) -> Any:
    """The interview's contact is live (and at `stage`, or not at it when `at` is
    False): an EXISTS on the contact's id (an alias: never the outer query's contact)."""
    c = _CONTACT.alias("whose")
    where = [c.c.id == interview.c.contact_id, c.c.archived == false()]
    if stage is not None:
        where.append(c.c.stage == stage if at else c.c.stage != stage)
    return select(c.c.id).where(*where).exists()
