"""The question bank: five categories, AIR tags, favourites, built-in defaults.

Reads run on the calling thread's connection; the write helpers take the connection of
a transaction opened by core/intents.py (the rules of editing the bank live here).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Connection,
    ScalarSelect,
    and_,
    bindparam,
    delete,
    false,
    func,
    insert,
    not_,
    or_,
    select,
    true,
    update,
)

from .database import Database
from .models import InterviewAnswer, Question, table
from .seed_questions import DEFAULT_QUESTIONS
from .text import clean_line, like_pattern

AIR_VALUES = ("", "A", "I", "R")


@dataclass(frozen=True, slots=True)
class QuestionRow:
    id: int
    category: int
    text: str
    air: str
    favourite: bool
    builtin: bool
    tiara: str = ""


_QUESTION = table(Question)
_ANSWER = table(InterviewAnswer)


def _next_position(category: int) -> ScalarSelect[Any]:
    """Below the last question of `category` (0 for the first)."""
    q = _QUESTION.alias("last")
    return (
        select(func.coalesce(func.max(q.c.position), -1) + 1)
        .where(q.c.category == category)
        .scalar_subquery()
    )


class Questions:
    """The question-bank repository."""

    def __init__(self, database: Database) -> None:
        self.db = database

    def bank(
        self, category: int | None = None, search: str = "", tag: str = ""
    ) -> list[QuestionRow]:
        """Live questions in bank order, optionally one category, matching text, or a tag
        (an AIR letter or a TIARA tag)."""
        q = _QUESTION
        query = select(
            q.c.id, q.c.category, q.c.text, q.c.air, q.c.favourite, q.c.builtin_key, q.c.tiara
        )
        query = query.where(q.c.deleted == false())
        if tag:
            query = query.where(or_(q.c.air == tag, q.c.tiara == tag))
        if category is not None:
            query = query.where(q.c.category == category)
        if search:
            query = query.where(q.c.text.ilike(like_pattern(search), escape="\\"))
        query = query.order_by(q.c.category, q.c.position, q.c.id)
        with self.db.read() as conn:
            rows = conn.execute(query).all()
        return [
            QuestionRow(r[0], r[1], r[2], r[3], bool(r[4]), r[5] is not None, r[6]) for r in rows
        ]

    def builtin_ids(self) -> dict[str, int]:
        """The id of each built-in question (deleted ones too) by its key."""
        q = _QUESTION
        query = select(q.c.builtin_key, q.c.id).where(q.c.builtin_key.is_not(None))
        with self.db.read() as conn:
            return {str(key): int(qid) for key, qid in conn.execute(query)}

    # -- writes (called by intents, inside their transaction) ------------------------

    @classmethod
    def add(
        cls,
        conn: Connection,
        category: int,
        text: str,
        air: str = "",
        favourite: bool = False,
    ) -> int:
        text = cls.check(category, text, air)
        position = conn.execute(select(_next_position(category))).scalar_one()
        statement = (
            insert(_QUESTION)
            .values(category=category, text=text, air=air, favourite=favourite, position=position)
            .returning(_QUESTION.c.id)
        )
        return int(conn.execute(statement).scalar_one())

    @classmethod
    def update(
        cls,
        conn: Connection,
        question_id: int,
        *,
        category: int,
        text: str,
        air: str,
        favourite: bool,
    ) -> None:
        text = cls.check(category, text, air)
        q = _QUESTION
        old = conn.execute(select(q.c.category).where(q.c.id == question_id)).scalar()
        if old is None:
            raise LookupError(f"no question with id {question_id}")
        values: dict[str, Any] = {
            "category": category,
            "text": text,
            "air": air,
            "favourite": favourite,
        }
        if old != category:
            values["position"] = conn.execute(select(_next_position(category))).scalar_one()
        conn.execute(update(q).where(q.c.id == question_id).values(**values))

    @staticmethod
    def check(category: int, text: str, air: str) -> str:
        """The question's text, cleaned; ValueError saying what is wrong."""
        if not 1 <= category <= 5:
            raise ValueError("category must be 1 to 5")
        if air not in AIR_VALUES:
            raise ValueError("AIR tag must be A, I, R or none")
        text = clean_line(text)
        if not text:
            raise ValueError("a question needs some text")
        return text

    @staticmethod
    def toggle_favourite(conn: Connection, question_id: int) -> None:
        q = _QUESTION
        conn.execute(update(q).where(q.c.id == question_id).values(favourite=not_(q.c.favourite)))

    @staticmethod
    def delete(conn: Connection, question_id: int) -> None:
        """Built-in questions are hidden (restorable); the user's own are removed."""
        q = _QUESTION
        conn.execute(
            update(q)
            .where(q.c.id == question_id, q.c.builtin_key.is_not(None))
            .values(deleted=True)
        )
        conn.execute(delete(q).where(q.c.id == question_id, q.c.builtin_key.is_(None)))

    @classmethod
    def move(cls, conn: Connection, question_id: int, direction: int) -> bool:
        """Swap with the neighbour above (-1) or below (+1) in its category."""
        q = _QUESTION
        row = conn.execute(select(q.c.category, q.c.position).where(q.c.id == question_id)).first()
        if row is None:
            return False
        category, position = row
        if direction < 0:
            beyond = or_(
                q.c.position < position, and_(q.c.position == position, q.c.id < question_id)
            )
            order = (q.c.position.desc(), q.c.id.desc())
        else:
            beyond = or_(
                q.c.position > position, and_(q.c.position == position, q.c.id > question_id)
            )
            order = (q.c.position.asc(), q.c.id.asc())
        neighbour = select(q.c.id, q.c.position).where(
            q.c.category == category, q.c.deleted == false(), beyond
        )
        other = conn.execute(neighbour.order_by(*order).limit(1)).first()
        if other is None:
            return False
        other_id, other_position = other
        if other_position == position:
            cls._renumber(conn, category)
            position = conn.execute(select(q.c.position).where(q.c.id == question_id)).scalar_one()
            other_position = conn.execute(
                select(q.c.position).where(q.c.id == other_id)
            ).scalar_one()
        conn.execute(update(q).where(q.c.id == question_id).values(position=other_position))
        conn.execute(update(q).where(q.c.id == other_id).values(position=position))
        return True

    @staticmethod
    def _renumber(conn: Connection, category: int) -> None:
        q = _QUESTION
        ids = conn.execute(
            select(q.c.id).where(q.c.category == category).order_by(q.c.position, q.c.id)
        ).scalars()
        pairs = [{"qid": qid, "pos": i} for i, qid in enumerate(ids)]
        if pairs:
            conn.execute(
                update(q).where(q.c.id == bindparam("qid")).values(position=bindparam("pos")),
                pairs,
            )

    @staticmethod
    def restore_defaults(conn: Connection) -> int:
        """Bring back deleted built-ins (and any missing); the user's own are untouched."""
        q = _QUESTION
        restored = conn.execute(
            update(q)
            .where(q.c.deleted == true(), q.c.builtin_key.is_not(None))
            .values(deleted=False)
        ).rowcount
        have = set(
            conn.execute(select(q.c.builtin_key).where(q.c.builtin_key.is_not(None))).scalars()
        )
        missing = [
            {
                "category": d.category,
                "text": d.text,
                "air": d.air,
                "favourite": d.favourite,
                "position": d.position,
                "builtin_key": d.key,
                "tiara": d.tiara,
            }
            for d in DEFAULT_QUESTIONS
            if d.key not in have
        ]
        if missing:
            conn.execute(insert(q), missing)
        return restored + len(missing)

    @staticmethod
    def plan_defaults(conn: Connection, interview_id: int) -> None:
        """Preparation default: each category's favourites, else its first question."""
        q = _QUESTION
        rows = conn.execute(
            select(q.c.id, q.c.category, q.c.text, q.c.favourite)
            .where(q.c.deleted == false())
            .order_by(q.c.category, q.c.position, q.c.id)
        ).all()
        picks: list[tuple[int, int, str]] = []
        for category in range(1, 6):
            in_cat = [r for r in rows if r[1] == category]
            chosen = [r for r in in_cat if r[3]] or in_cat[:1]
            picks.extend((r[0], r[1], r[2]) for r in chosen)
        if picks:
            conn.execute(
                insert(_ANSWER),
                [
                    {
                        "interview_id": interview_id,
                        "question_id": qid,
                        "category": cat,
                        "question_text": text,
                        "position": i,
                    }
                    for i, (qid, cat, text) in enumerate(picks)
                ],
            )
