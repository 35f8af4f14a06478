"""The board's queries: counts, pages of cards, moves, reordering, undo.

Lean by design (sqlite3 only, one indexed query per page, one small transaction per
move) so that 10,000 contacts open and move as fast as 10.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from . import db
from .base import StoreBase
from .stages import FIRST_STAGE, LAST_STAGE
from .text import like_pattern

PAGE_SIZE = 40  # a little more than a tall terminal shows


@dataclass(frozen=True, slots=True)
class Card:
    id: int
    name: str
    title: str
    organization: str
    due_kind: str  # "" when nothing is due
    due: datetime | None


@dataclass(frozen=True, slots=True)
class Move:
    """What a move changed, enough to undo it."""

    contact_id: int
    from_stage: int
    from_position: int
    to_stage: int
    to_position: int


_FILTER_SQL = (
    " AND (c.name LIKE :q ESCAPE '\\' OR c.title LIKE :q ESCAPE '\\'"
    " OR c.tags LIKE :q ESCAPE '\\' OR o.name LIKE :q ESCAPE '\\')"
)

# The next due action of a card: its earliest open follow-up or planned interview.
_CARD_SQL = """
SELECT c.id, c.name, c.title, coalesce(o.name, '') AS org,
  (SELECT f.due || '|' || f.kind FROM follow_up f
     WHERE f.contact_id = c.id AND f.done = 0 ORDER BY f.due LIMIT 1) AS fu,
  (SELECT i.scheduled_at FROM interview i
     WHERE i.contact_id = c.id AND i.status = 'planned' AND i.scheduled_at IS NOT NULL
     ORDER BY i.scheduled_at LIMIT 1) AS iv
FROM contact c LEFT JOIN organization o ON o.id = c.organization_id
WHERE c.archived = 0 AND c.stage = :stage{filter}
ORDER BY c.position, c.id
LIMIT :limit OFFSET :offset
"""


def _card(row: sqlite3.Row | tuple) -> Card:
    contact_id, name, title, org, follow_up, interview = tuple(row)
    due_kind, due = "", None
    if follow_up:
        due_text, due_kind = follow_up.split("|", 1)
        due = db.from_db(due_text)
    if interview:
        when = db.from_db(interview)
        if due is None or (when is not None and when < due):
            due_kind, due = "interview", when
    return Card(contact_id, name, title, org, due_kind, due)


class BoardQueries(StoreBase):
    """The board's part of the Store."""

    def stage_counts(self, text_filter: str = "") -> dict[int, int]:
        """Number of live (not archived) contacts per stage, all five stages present."""
        counts = dict.fromkeys(range(FIRST_STAGE, LAST_STAGE + 1), 0)
        if text_filter:
            sql = (
                "SELECT c.stage, count(*) FROM contact c "
                "LEFT JOIN organization o ON o.id = c.organization_id "
                "WHERE c.archived = 0" + _FILTER_SQL + " GROUP BY c.stage"
            )
            rows = self.conn.execute(sql, {"q": like_pattern(text_filter)})
        else:
            rows = self.conn.execute(
                "SELECT stage, count(*) FROM contact WHERE archived = 0 GROUP BY stage"
            )
        for stage, count in rows:
            counts[stage] = count
        return counts

    def stage_cards(
        self, stage: int, offset: int = 0, limit: int = PAGE_SIZE, text_filter: str = ""
    ) -> list[Card]:
        """One page of a column's cards, in board order."""
        sql = _CARD_SQL.format(filter=_FILTER_SQL if text_filter else "")
        params = {"stage": stage, "limit": limit, "offset": offset, "q": like_pattern(text_filter)}
        return [_card(row) for row in self.conn.execute(sql, params)]

    def card_index(self, contact_id: int, text_filter: str = "") -> int | None:
        """Where a contact sits in its column (for keeping it selected after a change)."""
        row = self.conn.execute(
            "SELECT stage, position FROM contact WHERE id = ? AND archived = 0", (contact_id,)
        ).fetchone()
        if row is None:
            return None
        stage, position = row
        sql = (
            "SELECT count(*) FROM contact c LEFT JOIN organization o "
            "ON o.id = c.organization_id WHERE c.archived = 0 AND c.stage = :stage "
            "AND (c.position < :pos OR (c.position = :pos AND c.id < :id))"
            + (_FILTER_SQL if text_filter else "")
        )
        params = {"stage": stage, "pos": position, "id": contact_id, "q": like_pattern(text_filter)}
        return self.conn.execute(sql, params).fetchone()[0]

    def move_contact(self, contact_id: int, to_stage: int) -> Move:
        """Move a contact to another stage (top of that column) and record the event."""
        if not FIRST_STAGE <= to_stage <= LAST_STAGE:
            raise ValueError(f"there is no stage {to_stage}")
        with self.write() as conn:
            row = conn.execute(
                "SELECT stage, position FROM contact WHERE id = ?", (contact_id,)
            ).fetchone()
            if row is None:
                raise LookupError(f"no contact with id {contact_id}")
            from_stage, from_position = row
            to_position = self._top_position(conn, to_stage)
            self._set_stage(conn, contact_id, from_stage, to_stage, to_position)
        return Move(contact_id, from_stage, from_position, to_stage, to_position)

    def undo_move(self, move: Move) -> None:
        """Put a moved contact back where it was (a new stage event says so)."""
        with self.write() as conn:
            self._set_stage(
                conn, move.contact_id, move.to_stage, move.from_stage, move.from_position
            )

    def reorder_contact(self, contact_id: int, direction: int) -> bool:
        """Swap a contact with its neighbour above (-1) or below (+1); False at an edge."""
        with self.write() as conn:
            row = conn.execute(
                "SELECT stage, position FROM contact WHERE id = ?", (contact_id,)
            ).fetchone()
            if row is None:
                return False
            stage, position = row
            if direction < 0:
                sql = (
                    "SELECT id, position FROM contact WHERE archived = 0 AND stage = ? AND "
                    "(position < ? OR (position = ? AND id < ?)) "
                    "ORDER BY position DESC, id DESC LIMIT 1"
                )
            else:
                sql = (
                    "SELECT id, position FROM contact WHERE archived = 0 AND stage = ? AND "
                    "(position > ? OR (position = ? AND id > ?)) "
                    "ORDER BY position, id LIMIT 1"
                )
            neighbour = conn.execute(sql, (stage, position, position, contact_id)).fetchone()
            if neighbour is None:
                return False
            other_id, other_position = neighbour
            if other_position == position:
                # Equal positions (e.g. from an old import): renumber once, then swap.
                self._renumber(conn, stage)
                position, other_position = (
                    conn.execute("SELECT position FROM contact WHERE id = ?", (i,)).fetchone()[0]
                    for i in (contact_id, other_id)
                )
            conn.execute(
                "UPDATE contact SET position = ? WHERE id = ?", (other_position, contact_id)
            )
            conn.execute("UPDATE contact SET position = ? WHERE id = ?", (position, other_id))
        return True

    @staticmethod
    def _renumber(conn: sqlite3.Connection, stage: int) -> None:
        ids = [
            r[0]
            for r in conn.execute(
                "SELECT id FROM contact WHERE stage = ? ORDER BY position, id", (stage,)
            )
        ]
        conn.executemany(
            "UPDATE contact SET position = ? WHERE id = ?", [(i, cid) for i, cid in enumerate(ids)]
        )
