"""Contacts and their stage history: the board's cards, the people lists, one contact.

Reads run on the calling thread's connection. The write helpers take the connection of
a transaction opened by core/intents.py; `record_stage_changes` is the one function that
writes a stage change.

Lean by design (sqlite3 only, one indexed query per page, one small transaction per
move) so that 10,000 contacts open and move as fast as 10.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from . import db
from .database import Database
from .stages import FIRST_STAGE, LAST_STAGE
from .text import clean_line, like_pattern

PAGE_SIZE = 40  # a little more than a tall terminal shows


@dataclass(frozen=True, slots=True)
class Card:
    """A contact as the board draws it."""

    id: int
    name: str
    title: str
    organization: str
    due_kind: str  # "" when nothing is due
    due: datetime | None


@dataclass(frozen=True, slots=True)
class ContactState:
    """What a state-checked write compares: where the contact is and its row version."""

    id: int
    name: str
    stage: int
    position: int
    archived: bool
    version: int


@dataclass(frozen=True, slots=True)
class StageChange:
    """One step of a contact's history; `from_stage` is None for its arrival."""

    contact_id: int
    from_stage: int | None
    to_stage: int
    position: int
    at: datetime


@dataclass(frozen=True, slots=True)
class HistoryStep:
    from_stage: int | None
    to_stage: int
    at: datetime


@dataclass(frozen=True, slots=True)
class InterviewSummaryRow:
    id: int
    scheduled_at: datetime | None
    status: str
    planned_minutes: int
    location: str


@dataclass(frozen=True, slots=True)
class FollowUpSummaryRow:
    id: int
    kind: str
    due: datetime | None
    done: bool
    note: str


@dataclass(slots=True)
class ContactView:
    """A contact with the names of what it links to, for the detail screen.

    `values` maps each editable column to its value (the form edits them by name).
    """

    values: dict[str, Any]
    organization: str
    career_field: str
    referred_by: str
    history: list[HistoryStep] = field(default_factory=list)
    interviews: list[InterviewSummaryRow] = field(default_factory=list)
    follow_ups: list[FollowUpSummaryRow] = field(default_factory=list)
    referrals: list[str] = field(default_factory=list)

    @property
    def version(self) -> int:
        return int(self.values.get("version", 0))


@dataclass(frozen=True, slots=True)
class ContactMatch:
    id: int
    name: str
    organization: str
    archived: bool = False


@dataclass(frozen=True, slots=True)
class LinkedContact:
    id: int
    name: str
    stage: int


@dataclass(frozen=True, slots=True)
class PersonRow:
    id: int
    name: str
    stage: int
    organization: str
    how_found: str
    referred_by: str
    last_outreach: datetime | None
    replied: bool


@dataclass(frozen=True, slots=True)
class DraftContext:
    name: str
    referrer: str
    career_field: str


DRAFTS = ("outreach_draft", "thank_you_draft")

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


def _card(row: sqlite3.Row | tuple[Any, ...]) -> Card:
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


class Contacts:
    """The contacts repository."""

    def __init__(self, database: Database) -> None:
        self.db = database

    # -- the board -------------------------------------------------------------------

    def stage_counts(self, text_filter: str = "") -> dict[int, int]:
        """Number of live (not archived) contacts per stage, all five stages present."""
        counts = dict.fromkeys(range(FIRST_STAGE, LAST_STAGE + 1), 0)
        if text_filter:
            sql = (
                "SELECT c.stage, count(*) FROM contact c "
                "LEFT JOIN organization o ON o.id = c.organization_id "
                "WHERE c.archived = 0" + _FILTER_SQL + " GROUP BY c.stage"
            )
            rows = self.db.conn.execute(sql, {"q": like_pattern(text_filter)})
        else:
            rows = self.db.conn.execute(
                "SELECT stage, count(*) FROM contact WHERE archived = 0 GROUP BY stage"
            )
        for stage, count in rows:
            counts[stage] = count
        return counts

    def cards(
        self, stage: int, offset: int = 0, limit: int = PAGE_SIZE, text_filter: str = ""
    ) -> list[Card]:
        """One page of a column's cards, in board order."""
        sql = _CARD_SQL.format(filter=_FILTER_SQL if text_filter else "")
        params = {"stage": stage, "limit": limit, "offset": offset, "q": like_pattern(text_filter)}
        return [_card(row) for row in self.db.conn.execute(sql, params)]

    def card_index(self, contact_id: int, text_filter: str = "") -> int | None:
        """Where a contact sits in its column (for keeping it selected after a change)."""
        row = self.db.conn.execute(
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
        return int(self.db.conn.execute(sql, params).fetchone()[0])

    def state(self, contact_id: int, conn: sqlite3.Connection | None = None) -> ContactState:
        """Where the contact is now (inside a transaction when `conn` is given)."""
        row = (
            (conn or self.db.conn)
            .execute(
                "SELECT id, name, stage, position, archived, version FROM contact WHERE id = ?",
                (contact_id,),
            )
            .fetchone()
        )
        if row is None:
            raise LookupError(f"no contact with id {contact_id}")
        return ContactState(row[0], row[1], row[2], row[3], bool(row[4]), row[5])

    def history(self, contact_id: int) -> list[HistoryStep]:
        """The contact's stage events, oldest first."""
        return [
            HistoryStep(r[0], r[1], db.from_db(r[2]))  # type: ignore[arg-type]
            for r in self.db.conn.execute(
                "SELECT from_stage, to_stage, at FROM stage_event WHERE contact_id = ? ORDER BY id",
                (contact_id,),
            )
        ]

    # -- one contact ----------------------------------------------------------------

    def view(self, contact_id: int) -> ContactView | None:
        """Everything the contact screen shows, in a handful of queries."""
        conn = self.db.conn
        row = conn.execute(
            "SELECT c.*, coalesce(o.name, '') AS org, coalesce(f.name, '') AS fld, "
            "coalesce(r.name, '') AS ref FROM contact c "
            "LEFT JOIN organization o ON o.id = c.organization_id "
            "LEFT JOIN career_field f ON f.id = c.career_field_id "
            "LEFT JOIN contact r ON r.id = c.referred_by_id WHERE c.id = ?",
            (contact_id,),
        ).fetchone()
        if row is None:
            return None
        values = dict(row)
        view = ContactView(values, values.pop("org"), values.pop("fld"), values.pop("ref"))
        view.history = self.history(contact_id)
        view.interviews = [
            InterviewSummaryRow(r[0], db.from_db(r[1]), r[2], r[3], r[4])
            for r in conn.execute(
                "SELECT id, scheduled_at, status, planned_minutes, location FROM interview "
                "WHERE contact_id = ? ORDER BY coalesce(scheduled_at, started_at) DESC",
                (contact_id,),
            )
        ]
        view.follow_ups = [
            FollowUpSummaryRow(r[0], r[1], db.from_db(r[2]), bool(r[3]), r[4])
            for r in conn.execute(
                "SELECT id, kind, due, done, note FROM follow_up WHERE contact_id = ? "
                "ORDER BY done, due",
                (contact_id,),
            )
        ]
        view.referrals = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM contact WHERE referred_by_id = ? ORDER BY name", (contact_id,)
            )
        ]
        return view

    def form(self, contact_id: int, keys: list[str]) -> dict[str, str]:
        """The contact's fields as the edit form shows them (see `form_values`)."""
        return self.form_values(self.db.conn, contact_id, keys)

    def name(self, contact_id: int) -> str:
        row = self.db.conn.execute("SELECT name FROM contact WHERE id = ?", (contact_id,))
        found = row.fetchone()
        return str(found[0]) if found else ""

    def draft(self, contact_id: int, kind: str) -> str:
        """A saved draft ('outreach_draft' or 'thank_you_draft'); '' when none."""
        if kind not in DRAFTS:
            raise ValueError(f"no draft called {kind}")
        row = self.db.conn.execute(f"SELECT {kind} FROM contact WHERE id = ?", (contact_id,))
        found = row.fetchone()
        return str(found[0]) if found else ""

    def draft_context(self, contact_id: int) -> DraftContext:
        """Name, referrer's name and career field, for the outreach composer."""
        row = self.db.conn.execute(
            "SELECT c.name, coalesce(r.name, ''), coalesce(f.name, of.name, '') FROM contact c "
            "LEFT JOIN contact r ON r.id = c.referred_by_id "
            "LEFT JOIN career_field f ON f.id = c.career_field_id "
            "LEFT JOIN organization o ON o.id = c.organization_id "
            "LEFT JOIN career_field of ON of.id = o.career_field_id WHERE c.id = ?",
            (contact_id,),
        ).fetchone()
        if row is None:
            raise LookupError(f"no contact with id {contact_id}")
        return DraftContext(row[0], row[1], row[2])

    def search(self, text: str, limit: int = 20) -> list[ContactMatch]:
        """Contacts whose name or organization contains `text`, live ones first (the
        archived ones are found too, marked as such)."""
        like = like_pattern(text)
        return [
            ContactMatch(r[0], r[1], r[2], bool(r[3]))
            for r in self.db.conn.execute(
                "SELECT c.id, c.name, coalesce(o.name, ''), c.archived FROM contact c "
                "LEFT JOIN organization o ON o.id = c.organization_id "
                "WHERE (c.name LIKE ? ESCAPE '\\' OR o.name LIKE ? ESCAPE '\\')"
                " ORDER BY c.archived, c.name LIMIT ?",
                (like, like, limit),
            )
        ]

    def archived(self, limit: int = 500) -> list[ContactMatch]:
        """Archived contacts, by name (a page: `limit`)."""
        from sqlalchemy import select
        from sqlmodel import col

        from . import sql
        from .models import Contact, Organization

        return [
            ContactMatch(r[0], r[1], r[2] or "", True)
            for r in sql.rows(
                self.db.conn,
                select(col(Contact.id), col(Contact.name), col(Organization.name))
                .outerjoin(Organization, col(Organization.id) == col(Contact.organization_id))
                .where(col(Contact.archived).is_(True))
                .order_by(col(Contact.name))
                .limit(limit),
            )
        ]

    def name_starting(self, prefix: str) -> str | None:
        """A contact's name that `prefix` starts (any case), shortest first."""
        from sqlalchemy import func, select
        from sqlmodel import col

        from . import sql
        from .models import Contact

        prefix = prefix.strip()
        if not prefix:
            return None
        found = sql.scalar(
            self.db.conn,
            select(col(Contact.name))
            .where(func.lower(col(Contact.name)).startswith(prefix.lower(), autoescape=True))
            .order_by(func.length(col(Contact.name)), col(Contact.name))
            .limit(1),
        )
        return None if found is None else str(found)

    def linked(
        self,
        *,
        career_field_id: int | None = None,
        organization_id: int | None = None,
        limit: int = 50,
    ) -> list[LinkedContact]:
        """Live contacts in a field or at an organization."""
        if organization_id is not None:
            where, params = "c.organization_id = ?", (organization_id, limit)
        else:
            where = "(c.career_field_id = ? OR o.career_field_id = ?)"
            params = (career_field_id, career_field_id, limit)  # type: ignore[assignment]
        return [
            LinkedContact(r[0], r[1], r[2])
            for r in self.db.conn.execute(
                f"SELECT c.id, c.name, c.stage FROM contact c LEFT JOIN organization o "
                f"ON o.id = c.organization_id WHERE c.archived = 0 AND {where} "
                f"ORDER BY c.stage, c.name LIMIT ?",
                params,
            )
        ]

    # -- stage 3: people -------------------------------------------------------------

    def people_count(self) -> int:
        return int(
            self.db.conn.execute(
                "SELECT count(*) FROM contact WHERE archived = 0 AND stage <= 3"
            ).fetchone()[0]
        )

    def people(self, offset: int = 0, limit: int = 200) -> list[PersonRow]:
        rows = self.db.conn.execute(
            "SELECT c.id, c.name, c.stage, coalesce(o.name, ''), c.how_found, "
            "coalesce(r.name, ''), (SELECT max(sent_at) FROM outreach x WHERE x.contact_id ="
            " c.id), (SELECT count(*) FROM outreach x WHERE x.contact_id = c.id AND "
            "x.replied_at IS NOT NULL) FROM contact c "
            "LEFT JOIN organization o ON o.id = c.organization_id "
            "LEFT JOIN contact r ON r.id = c.referred_by_id "
            "WHERE c.archived = 0 AND c.stage <= 3 ORDER BY c.stage DESC, c.position, c.id "
            "LIMIT ? OFFSET ?",
            (limit, offset),
        )
        return [
            PersonRow(r[0], r[1], r[2], r[3], r[4], r[5], db.from_db(r[6]), bool(r[7]))
            for r in rows
        ]

    # -- writes (called by intents, inside their transaction) ------------------------

    @staticmethod
    def id_by_name(conn: sqlite3.Connection, name: str) -> int | None:
        row = conn.execute(
            "SELECT id FROM contact WHERE name = ? COLLATE NOCASE ORDER BY archived, id LIMIT 1",
            (clean_line(name),),
        ).fetchone()
        return int(row[0]) if row else None

    @staticmethod
    def form_values(conn: sqlite3.Connection, contact_id: int, keys: list[str]) -> dict[str, str]:
        """The contact's fields as the edit form shows them (links by name, '' for none)."""
        row = conn.execute(
            "SELECT c.*, coalesce(o.name, '') AS organization, coalesce(f.name, '') AS "
            "career_field, coalesce(r.name, '') AS referred_by FROM contact c "
            "LEFT JOIN organization o ON o.id = c.organization_id "
            "LEFT JOIN career_field f ON f.id = c.career_field_id "
            "LEFT JOIN contact r ON r.id = c.referred_by_id WHERE c.id = ?",
            (contact_id,),
        ).fetchone()
        if row is None:
            raise LookupError(f"no contact with id {contact_id}")
        names = set(row.keys()) if isinstance(row, sqlite3.Row) else set()
        return {k: str(row[k] or "") for k in keys if k in names}

    @staticmethod
    def top_position(conn: sqlite3.Connection, stage: int) -> int:
        """A position above every live card of `stage`: where arrivals land."""
        top = conn.execute(
            "SELECT min(position) FROM contact WHERE archived = 0 AND stage = ?", (stage,)
        ).fetchone()[0]
        return 0 if top is None else int(top) - 1

    @staticmethod
    def bottom_position(conn: sqlite3.Connection, stage: int) -> int:
        """The position below every card of a column."""
        bottom = conn.execute(
            "SELECT max(position) FROM contact WHERE stage = ?", (stage,)
        ).fetchone()[0]
        return 0 if bottom is None else int(bottom) + 1

    @staticmethod
    def insert(conn: sqlite3.Connection, values: dict[str, Any]) -> int:
        """A new contact row (its arrival is recorded by `record_stage_changes`)."""
        columns = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        cur = conn.execute(
            f"INSERT INTO contact ({columns}) VALUES ({marks})",
            tuple(db.to_db(v) if isinstance(v, datetime) else v for v in values.values()),
        )
        return int(cur.lastrowid or 0)

    @staticmethod
    def insert_many(conn: sqlite3.Connection, columns: Sequence[str], rows: list[tuple]) -> None:  # type: ignore[type-arg]
        marks = ", ".join("?" for _ in columns)
        conn.executemany(
            f"INSERT INTO contact ({', '.join(columns)}) VALUES ({marks})",
            [tuple(db.to_db(v) if isinstance(v, datetime) else v for v in row) for row in rows],
        )

    @staticmethod
    def record_stage_changes(conn: sqlite3.Connection, changes: Sequence[StageChange]) -> None:
        """THE way a contact changes stage: its row and its history, together.

        Each change must continue the contact's history (`from_stage` is where it is,
        and differs from `to_stage`); the caller checked that against the database.
        """
        last: dict[int, StageChange] = {}
        for change in changes:
            if change.from_stage == change.to_stage:
                raise ValueError(f"contact {change.contact_id} is already at {change.to_stage}")
            if not FIRST_STAGE <= change.to_stage <= LAST_STAGE:
                raise ValueError(f"there is no stage {change.to_stage}")
            last[change.contact_id] = change
        conn.executemany(
            "INSERT INTO stage_event (contact_id, from_stage, to_stage, at) VALUES (?, ?, ?, ?)",
            [(c.contact_id, c.from_stage, c.to_stage, db.to_db(c.at)) for c in changes],
        )
        # An arrival's row was just inserted at that stage: only moves update the row.
        conn.executemany(
            "UPDATE contact SET stage = ?, position = ?, updated_at = ?, version = version + 1 "
            "WHERE id = ?",
            [
                (c.to_stage, c.position, db.to_db(c.at), c.contact_id)
                for c in last.values()
                if c.from_stage is not None
            ],
        )

    @staticmethod
    def update(conn: sqlite3.Connection, contact_id: int, values: dict[str, Any]) -> None:
        """Apply column values and bump the row version."""
        sets = "".join(f"{k} = ?, " for k in values)
        cur = conn.execute(
            f"UPDATE contact SET {sets}version = version + 1 WHERE id = ?",
            (*(db.to_db(v) if isinstance(v, datetime) else v for v in values.values()), contact_id),
        )
        if cur.rowcount == 0:
            raise LookupError(f"no contact with id {contact_id}")

    @staticmethod
    def save_draft(conn: sqlite3.Connection, contact_id: int, kind: str, text: str) -> None:
        # Drafts are scratch text: they do not bump the version (undo stays possible).
        if kind not in DRAFTS:
            raise ValueError(f"no draft called {kind}")
        conn.execute(f"UPDATE contact SET {kind} = ? WHERE id = ?", (text, contact_id))

    @staticmethod
    def neighbour(
        conn: sqlite3.Connection, state: ContactState, direction: int
    ) -> tuple[int, int] | None:
        """(id, position) of the live card above (-1) or below (+1) in the column."""
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
        row = conn.execute(sql, (state.stage, state.position, state.position, state.id)).fetchone()
        return (int(row[0]), int(row[1])) if row else None

    @staticmethod
    def renumber(conn: sqlite3.Connection, stage: int) -> None:
        """Give a column's cards distinct positions 0, 1, 2... in their current order."""
        ids = [
            r[0]
            for r in conn.execute(
                "SELECT id FROM contact WHERE stage = ? ORDER BY position, id", (stage,)
            )
        ]
        conn.executemany(
            "UPDATE contact SET position = ? WHERE id = ?", [(i, cid) for i, cid in enumerate(ids)]
        )

    @staticmethod
    def set_referrers(conn: sqlite3.Connection, pairs: Sequence[tuple[int, int]]) -> None:
        """(contact id, referrer id) links for contacts being created."""
        conn.executemany(
            "UPDATE contact SET referred_by_id = ? WHERE id = ?", [(r, c) for c, r in pairs]
        )

    @staticmethod
    def set_position(conn: sqlite3.Connection, contact_id: int, position: int) -> None:
        # Reordering is not a change to the contact: no version bump.
        conn.execute("UPDATE contact SET position = ? WHERE id = ?", (position, contact_id))

    @staticmethod
    def has_any(conn: sqlite3.Connection) -> bool:
        return conn.execute("SELECT 1 FROM contact LIMIT 1").fetchone() is not None
