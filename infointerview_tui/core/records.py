"""Editing records: contacts, career fields and organizations, validated as a whole.

A save either applies every change or none (one transaction), and a validation error
names every wrong field at once.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from . import db, validation
from .base import StoreBase
from .stages import CAREER_FIELD_STATUSES, FIRST_STAGE, LAST_STAGE
from .text import clean_line, clean_text, like_pattern


@dataclass(slots=True)
class ContactView:
    """A contact with the names of what it links to, for the detail screen."""

    values: dict[str, Any]
    organization: str
    career_field: str
    referred_by: str
    history: list[tuple[int | None, int, datetime]] = field(default_factory=list)
    interviews: list[dict[str, Any]] = field(default_factory=list)
    follow_ups: list[dict[str, Any]] = field(default_factory=list)
    referrals: list[str] = field(default_factory=list)


def _field_rules() -> dict[str, Any]:
    def status(value: str) -> str:
        if value not in CAREER_FIELD_STATUSES:
            raise ValueError("one of: " + ", ".join(CAREER_FIELD_STATUSES))
        return value

    rules: dict[str, Any] = {
        "name": validation.required,
        "status": status,
        "onet_code": validation.onet_code,
        "notes": clean_text,
    }
    for prefix in ("src_experience", "src_self_assessment", "src_career_cruising", "src_onet"):
        rules[f"{prefix}_done"] = bool
        rules[f"{prefix}_notes"] = clean_text
    return rules


FIELD_RULES = _field_rules()
ORGANIZATION_RULES: dict[str, Any] = {
    "name": validation.required,
    "website": validation.url,
    "location": clean_line,
    "how_found": clean_line,
    "notes": clean_text,
}


class RecordQueries(StoreBase):
    """The record-editing part of the Store."""

    # -- organizations and fields by name -------------------------------------------

    def _organization_id(
        self, conn: sqlite3.Connection, name: str, career_field_id: int | None = None
    ) -> int | None:
        """The organization with this name (case-insensitive), created if new."""
        name = clean_line(name)
        if not name:
            return None
        row = conn.execute(
            "SELECT id FROM organization WHERE name = ? COLLATE NOCASE ORDER BY id LIMIT 1",
            (name,),
        ).fetchone()
        if row:
            return int(row[0])
        cur = conn.execute(
            "INSERT INTO organization (name, career_field_id, created_at) VALUES (?, ?, ?)",
            (name, career_field_id, db.to_db(self.now())),
        )
        return int(cur.lastrowid or 0)

    def _career_field_id(self, conn: sqlite3.Connection, name: str) -> int | None:
        name = clean_line(name)
        if not name:
            return None
        row = conn.execute(
            "SELECT id FROM career_field WHERE name = ? COLLATE NOCASE ORDER BY id LIMIT 1",
            (name,),
        ).fetchone()
        if row:
            return int(row[0])
        cur = conn.execute(
            "INSERT INTO career_field (name, created_at) VALUES (?, ?)",
            (name, db.to_db(self.now())),
        )
        return int(cur.lastrowid or 0)

    def _contact_id_by_name(self, conn: sqlite3.Connection, name: str) -> int | None:
        row = conn.execute(
            "SELECT id FROM contact WHERE name = ? COLLATE NOCASE ORDER BY archived, id LIMIT 1",
            (clean_line(name),),
        ).fetchone()
        return int(row[0]) if row else None

    # -- contacts ----------------------------------------------------------------

    def add_contact(
        self,
        name: str,
        stage: int = FIRST_STAGE,
        *,
        organization: str = "",
        career_field: str = "",
        referred_by_id: int | None = None,
        **values: Any,
    ) -> int:
        """Create a contact at the bottom of a stage's column; returns its id."""
        if not FIRST_STAGE <= stage <= LAST_STAGE:
            raise validation.ValidationError({"stage": "a stage from 1 to 5"})
        # The stay-in-touch cadence starts as config.toml's (per contact after that).
        values.setdefault("stay_in_touch_months", self.rules.stay_in_touch_months)  # type: ignore[attr-defined]
        cleaned = validation.check({"name": name, **values}, validation.CONTACT_FIELDS)
        now = db.to_db(self.now())
        with self.write() as conn:
            field_id = self._career_field_id(conn, career_field)
            cleaned["organization_id"] = self._organization_id(conn, organization, field_id)
            cleaned["career_field_id"] = field_id
            cleaned["referred_by_id"] = referred_by_id
            cleaned["stage"] = stage
            cleaned["position"] = self.next_position(conn, stage)
            cleaned["created_at"] = cleaned["updated_at"] = now
            columns = ", ".join(cleaned)
            marks = ", ".join("?" for _ in cleaned)
            cur = conn.execute(
                f"INSERT INTO contact ({columns}) VALUES ({marks})", tuple(cleaned.values())
            )
            contact_id = int(cur.lastrowid or 0)
            conn.execute(
                "INSERT INTO stage_event (contact_id, from_stage, to_stage, at) "
                "VALUES (?, NULL, ?, ?)",
                (contact_id, stage, now),
            )
        return contact_id

    def next_position(self, conn: sqlite3.Connection, stage: int) -> int:
        """The position at the bottom of a column."""
        bottom = conn.execute(
            "SELECT max(position) FROM contact WHERE stage = ?", (stage,)
        ).fetchone()[0]
        return 0 if bottom is None else int(bottom) + 1

    def contact_view(self, contact_id: int) -> ContactView | None:
        """Everything the contact screen shows, in a handful of queries."""
        row = self.conn.execute(
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
        for ev in self.query(
            "SELECT from_stage, to_stage, at FROM stage_event WHERE contact_id = ? ORDER BY at, id",
            (contact_id,),
        ):
            view.history.append((ev[0], ev[1], db.from_db(ev[2])))  # type: ignore[arg-type]
        view.interviews = [
            dict(r)
            for r in self.query(
                "SELECT id, scheduled_at, status, planned_minutes, location FROM interview "
                "WHERE contact_id = ? ORDER BY coalesce(scheduled_at, started_at) DESC",
                (contact_id,),
            )
        ]
        view.follow_ups = [
            dict(r)
            for r in self.query(
                "SELECT id, kind, due, done, note FROM follow_up WHERE contact_id = ? "
                "ORDER BY done, due",
                (contact_id,),
            )
        ]
        view.referrals = [
            r[0]
            for r in self.query(
                "SELECT name FROM contact WHERE referred_by_id = ? ORDER BY name", (contact_id,)
            )
        ]
        return view

    def update_contact(self, contact_id: int, values: dict[str, Any]) -> None:
        """Validate and apply changes; `organization`, `career_field` and `referred_by`
        are given by name (a new organization or field is created; a referrer must exist).
        """
        links = {
            k: values.pop(k) for k in ("organization", "career_field", "referred_by") if k in values
        }
        cleaned = validation.check(values, validation.CONTACT_FIELDS)
        unknown = set(cleaned) - set(validation.CONTACT_FIELDS)
        if unknown:
            raise ValueError(f"not contact fields: {sorted(unknown)}")
        with self.write() as conn:
            if "referred_by" in links:
                referrer = clean_line(links["referred_by"])
                ref_id = self._contact_id_by_name(conn, referrer) if referrer else None
                if referrer and ref_id is None:
                    raise validation.ValidationError(
                        {"referred_by": f"no contact named {referrer!r}"}
                    )
                if ref_id == contact_id:
                    raise validation.ValidationError(
                        {"referred_by": "a contact cannot refer themselves"}
                    )
                cleaned["referred_by_id"] = ref_id
            if "career_field" in links:
                cleaned["career_field_id"] = self._career_field_id(conn, links["career_field"])
            if "organization" in links:
                cleaned["organization_id"] = self._organization_id(
                    conn, links["organization"], cleaned.get("career_field_id")
                )
            cleaned["updated_at"] = db.to_db(self.now())
            sets = ", ".join(f"{k} = ?" for k in cleaned)
            cur = conn.execute(
                f"UPDATE contact SET {sets} WHERE id = ?", (*cleaned.values(), contact_id)
            )
            if cur.rowcount == 0:
                raise LookupError(f"no contact with id {contact_id}")

    DRAFTS = ("outreach_draft", "thank_you_draft")

    def draft(self, contact_id: int, kind: str) -> str:
        """A saved draft ('outreach_draft' or 'thank_you_draft'); '' when none."""
        if kind not in self.DRAFTS:
            raise ValueError(f"no draft called {kind}")
        row = self.conn.execute(f"SELECT {kind} FROM contact WHERE id = ?", (contact_id,))
        found = row.fetchone()
        return str(found[0]) if found else ""

    def save_draft(self, contact_id: int, kind: str, text: str) -> None:
        if kind not in self.DRAFTS:
            raise ValueError(f"no draft called {kind}")
        with self.write() as conn:
            conn.execute(f"UPDATE contact SET {kind} = ? WHERE id = ?", (text, contact_id))

    def set_archived(self, contact_id: int, archived: bool = True) -> None:
        with self.write() as conn:
            conn.execute(
                "UPDATE contact SET archived = ?, updated_at = ? WHERE id = ?",
                (archived, db.to_db(self.now()), contact_id),
            )

    def search_contacts(self, text: str, limit: int = 20) -> list[tuple[int, str, str]]:
        """Contacts whose name, title or organization contains text: (id, name, org)."""
        like = like_pattern(text)
        return [
            (r[0], r[1], r[2])
            for r in self.query(
                "SELECT c.id, c.name, coalesce(o.name, '') FROM contact c "
                "LEFT JOIN organization o ON o.id = c.organization_id "
                "WHERE c.archived = 0 AND (c.name LIKE ? ESCAPE '\\' OR o.name LIKE ? ESCAPE '\\')"
                " ORDER BY c.name LIMIT ?",
                (like, like, limit),
            )
        ]

    # -- career fields -------------------------------------------------------------

    def career_fields(self) -> list[dict[str, Any]]:
        return [
            dict(r)
            for r in self.query(
                "SELECT f.*, (SELECT count(*) FROM organization o WHERE o.career_field_id = f.id)"
                " AS organizations, (SELECT count(*) FROM contact c WHERE c.career_field_id ="
                " f.id AND c.archived = 0) AS contacts FROM career_field f ORDER BY f.name"
            )
        ]

    def save_career_field(self, field_id: int | None, values: dict[str, Any]) -> int:
        """Create (field_id None) or update a career field; returns its id."""
        cleaned = validation.check(values, FIELD_RULES)
        with self.write() as conn:
            if field_id is None:
                cleaned.setdefault("status", "exploring")
                cleaned["created_at"] = db.to_db(self.now())
                cols = ", ".join(cleaned)
                cur = conn.execute(
                    f"INSERT INTO career_field ({cols}) VALUES ({', '.join('?' * len(cleaned))})",
                    tuple(cleaned.values()),
                )
                return int(cur.lastrowid or 0)
            sets = ", ".join(f"{k} = ?" for k in cleaned)
            conn.execute(
                f"UPDATE career_field SET {sets} WHERE id = ?", (*cleaned.values(), field_id)
            )
            return field_id

    # -- organizations -------------------------------------------------------------

    def organizations(self, career_field_id: int | None = None) -> list[dict[str, Any]]:
        where, params = (
            ("WHERE o.career_field_id = ?", (career_field_id,))
            if (career_field_id is not None)
            else ("", ())
        )
        return [
            dict(r)
            for r in self.query(
                "SELECT o.*, coalesce(f.name, '') AS career_field, (SELECT count(*) FROM "
                "contact c WHERE c.organization_id = o.id AND c.archived = 0) AS contacts "
                f"FROM organization o LEFT JOIN career_field f ON f.id = o.career_field_id "
                f"{where} ORDER BY o.name COLLATE NOCASE",
                params,
            )
        ]

    def save_organization(self, org_id: int | None, values: dict[str, Any]) -> int:
        """Create or update an organization; `career_field` is given by name."""
        field_name = values.pop("career_field", None)
        cleaned = validation.check(values, ORGANIZATION_RULES)
        with self.write() as conn:
            if field_name is not None:
                cleaned["career_field_id"] = self._career_field_id(conn, field_name)
            if org_id is None:
                cleaned["created_at"] = db.to_db(self.now())
                cols = ", ".join(cleaned)
                cur = conn.execute(
                    f"INSERT INTO organization ({cols}) VALUES ({', '.join('?' * len(cleaned))})",
                    tuple(cleaned.values()),
                )
                return int(cur.lastrowid or 0)
            sets = ", ".join(f"{k} = ?" for k in cleaned)
            conn.execute(
                f"UPDATE organization SET {sets} WHERE id = ?", (*cleaned.values(), org_id)
            )
            return org_id
