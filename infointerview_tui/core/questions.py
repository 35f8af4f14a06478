"""The question bank: five categories, AIR tags, favourites, built-in defaults.

Reads run on the calling thread's connection; the write helpers take the connection of
a transaction opened by core/intents.py (the rules of editing the bank live here).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from .database import Database
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


class Questions:
    """The question-bank repository."""

    def __init__(self, database: Database) -> None:
        self.db = database

    def bank(self, category: int | None = None, search: str = "") -> list[QuestionRow]:
        """Live questions in bank order, optionally one category and/or matching text."""
        sql = (
            "SELECT id, category, text, air, favourite, builtin_key FROM question WHERE deleted = 0"
        )
        params: list[object] = []
        if category is not None:
            sql += " AND category = ?"
            params.append(category)
        if search:
            sql += " AND text LIKE ? ESCAPE '\\'"
            params.append(like_pattern(search))
        sql += " ORDER BY category, position, id"
        return [
            QuestionRow(r[0], r[1], r[2], r[3], bool(r[4]), r[5] is not None)
            for r in self.db.conn.execute(sql, params)
        ]

    # -- writes (called by intents, inside their transaction) ------------------------

    @classmethod
    def add(
        cls,
        conn: sqlite3.Connection,
        category: int,
        text: str,
        air: str = "",
        favourite: bool = False,
    ) -> int:
        text = cls.check(category, text, air)
        position = conn.execute(
            "SELECT coalesce(max(position), -1) + 1 FROM question WHERE category = ?",
            (category,),
        ).fetchone()[0]
        cur = conn.execute(
            "INSERT INTO question (category, text, air, favourite, position) "
            "VALUES (?, ?, ?, ?, ?)",
            (category, text, air, favourite, position),
        )
        return int(cur.lastrowid or 0)

    @classmethod
    def update(
        cls,
        conn: sqlite3.Connection,
        question_id: int,
        *,
        category: int,
        text: str,
        air: str,
        favourite: bool,
    ) -> None:
        text = cls.check(category, text, air)
        old = conn.execute("SELECT category FROM question WHERE id = ?", (question_id,)).fetchone()
        if old is None:
            raise LookupError(f"no question with id {question_id}")
        position_sql = ""
        params: tuple[object, ...] = (category, text, air, favourite)
        if old[0] != category:
            position_sql = (
                ", position = (SELECT coalesce(max(position), -1) + 1 "
                "FROM question WHERE category = ?)"
            )
            params += (category,)
        conn.execute(
            f"UPDATE question SET category = ?, text = ?, air = ?, favourite = ?"
            f"{position_sql} WHERE id = ?",
            (*params, question_id),
        )

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
    def toggle_favourite(conn: sqlite3.Connection, question_id: int) -> None:
        conn.execute("UPDATE question SET favourite = NOT favourite WHERE id = ?", (question_id,))

    @staticmethod
    def delete(conn: sqlite3.Connection, question_id: int) -> None:
        """Built-in questions are hidden (restorable); the user's own are removed."""
        conn.execute(
            "UPDATE question SET deleted = 1 WHERE id = ? AND builtin_key IS NOT NULL",
            (question_id,),
        )
        conn.execute("DELETE FROM question WHERE id = ? AND builtin_key IS NULL", (question_id,))

    @classmethod
    def move(cls, conn: sqlite3.Connection, question_id: int, direction: int) -> bool:
        """Swap with the neighbour above (-1) or below (+1) in its category."""
        row = conn.execute(
            "SELECT category, position FROM question WHERE id = ?", (question_id,)
        ).fetchone()
        if row is None:
            return False
        category, position = row
        op, order = ("<", "DESC") if direction < 0 else (">", "ASC")
        other = conn.execute(
            f"SELECT id, position FROM question WHERE category = ? AND deleted = 0 AND "
            f"(position {op} ? OR (position = ? AND id {op} ?)) "
            f"ORDER BY position {order}, id {order} LIMIT 1",
            (category, position, position, question_id),
        ).fetchone()
        if other is None:
            return False
        if other[1] == position:
            cls._renumber(conn, category)
            position = conn.execute(
                "SELECT position FROM question WHERE id = ?", (question_id,)
            ).fetchone()[0]
            other = conn.execute(
                "SELECT id, position FROM question WHERE id = ?", (other[0],)
            ).fetchone()
        conn.execute("UPDATE question SET position = ? WHERE id = ?", (other[1], question_id))
        conn.execute("UPDATE question SET position = ? WHERE id = ?", (position, other[0]))
        return True

    @staticmethod
    def _renumber(conn: sqlite3.Connection, category: int) -> None:
        ids = [
            r[0]
            for r in conn.execute(
                "SELECT id FROM question WHERE category = ? ORDER BY position, id", (category,)
            )
        ]
        conn.executemany(
            "UPDATE question SET position = ? WHERE id = ?", [(i, qid) for i, qid in enumerate(ids)]
        )

    @staticmethod
    def restore_defaults(conn: sqlite3.Connection) -> int:
        """Bring back deleted built-ins (and any missing); the user's own are untouched."""
        restored = conn.execute(
            "UPDATE question SET deleted = 0 WHERE deleted = 1 AND builtin_key IS NOT NULL"
        ).rowcount
        have = {
            r[0]
            for r in conn.execute("SELECT builtin_key FROM question WHERE builtin_key IS NOT NULL")
        }
        for q in DEFAULT_QUESTIONS:
            if q.key not in have:
                conn.execute(
                    "INSERT INTO question (category, text, air, favourite, position, "
                    "builtin_key) VALUES (?, ?, ?, ?, ?, ?)",
                    (q.category, q.text, q.air, q.favourite, q.position, q.key),
                )
                restored += 1
        return restored

    @staticmethod
    def plan_defaults(conn: sqlite3.Connection, interview_id: int) -> None:
        """Preparation default: each category's favourites, else its first question."""
        rows = conn.execute(
            "SELECT id, category, text, favourite FROM question WHERE deleted = 0 "
            "ORDER BY category, position, id"
        ).fetchall()
        picks: list[tuple[int, int, str]] = []
        for category in range(1, 6):
            in_cat = [r for r in rows if r[1] == category]
            chosen = [r for r in in_cat if r[3]] or in_cat[:1]
            picks.extend((r[0], r[1], r[2]) for r in chosen)
        conn.executemany(
            "INSERT INTO interview_answer (interview_id, question_id, category, question_text,"
            " position) VALUES (?, ?, ?, ?, ?)",
            [(interview_id, qid, cat, text, i) for i, (qid, cat, text) in enumerate(picks)],
        )
