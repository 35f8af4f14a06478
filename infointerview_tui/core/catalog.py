"""The catalog: career fields (stage 1) and organizations (stage 2).

Reads run on the calling thread's connection; the write helpers take the connection of
a transaction opened by core/intents.py.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

from . import db, validation
from .database import Database
from .stages import CAREER_FIELD_STATUSES
from .text import clean_line, clean_text


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


class Catalog:
    """The career-field and organization repository."""

    def __init__(self, database: Database) -> None:
        self.db = database

    def career_fields(self) -> list[dict[str, Any]]:
        """Every career field with its organization and live-contact counts, by name."""
        return [
            dict(r)
            for r in self.db.conn.execute(
                "SELECT f.*, (SELECT count(*) FROM organization o WHERE o.career_field_id = f.id)"
                " AS organizations, (SELECT count(*) FROM contact c WHERE c.career_field_id ="
                " f.id AND c.archived = 0) AS contacts FROM career_field f ORDER BY f.name"
            )
        ]

    def organizations(self, career_field_id: int | None = None) -> list[dict[str, Any]]:
        """Organizations (of one field, or all) with their field's name and contact count."""
        where, params = (
            ("WHERE o.career_field_id = ?", (career_field_id,))
            if (career_field_id is not None)
            else ("", ())
        )
        return [
            dict(r)
            for r in self.db.conn.execute(
                "SELECT o.*, coalesce(f.name, '') AS career_field, (SELECT count(*) FROM "
                "contact c WHERE c.organization_id = o.id AND c.archived = 0) AS contacts "
                f"FROM organization o LEFT JOIN career_field f ON f.id = o.career_field_id "
                f"{where} ORDER BY o.name COLLATE NOCASE",
                params,
            )
        ]

    def name_starting(self, kind: str, prefix: str) -> str | None:
        """The stored organization or career-field name that `prefix` starts (any case):
        an exact match first, else the shortest. None when there is none."""
        from sqlalchemy import func, select
        from sqlmodel import col

        from . import sql
        from .models import CareerField, Organization

        model: Any = {"organization": Organization, "career_field": CareerField}[kind]
        prefix = prefix.strip()
        if not prefix:
            return None
        found = sql.scalar(
            self.db.conn,
            select(col(model.name))
            .where(func.lower(col(model.name)).startswith(prefix.lower(), autoescape=True))
            .order_by(func.length(col(model.name)), col(model.name))
            .limit(1),
        )
        return None if found is None else str(found)

    def id_by_name(self, kind: str, name: str) -> int | None:
        """The organization or career field with exactly this name (any case)."""
        from sqlalchemy import func, select
        from sqlmodel import col

        from . import sql
        from .models import CareerField, Organization

        model: Any = {"organization": Organization, "career_field": CareerField}[kind]
        found = sql.scalar(
            self.db.conn,
            select(col(model.id))
            .where(func.lower(col(model.name)) == name.strip().lower())
            .order_by(col(model.id))
            .limit(1),
        )
        return None if found is None else int(found)

    # -- writes (called by intents, inside their transaction) ------------------------

    @staticmethod
    def organization_id(
        conn: sqlite3.Connection, name: str, career_field_id: int | None, now: datetime
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
            (name, career_field_id, db.to_db(now)),
        )
        return int(cur.lastrowid or 0)

    @staticmethod
    def field_of_organization(conn: sqlite3.Connection, name: str) -> int | None:
        """The career field of the organization with this name, if it has one."""
        from sqlalchemy import func, select
        from sqlmodel import col

        from . import sql
        from .models import Organization

        name = clean_line(name)
        if not name:
            return None
        found = sql.scalar(
            conn,
            select(col(Organization.career_field_id))
            .where(func.lower(col(Organization.name)) == name.lower())
            .order_by(col(Organization.id))
            .limit(1),
        )
        return None if found is None else int(found)

    @staticmethod
    def organization_ids_by_name(conn: sqlite3.Connection) -> dict[str, int]:
        """Every organization's id by its lower-cased name (first one wins)."""
        ids: dict[str, int] = {}
        for org_id, name in conn.execute("SELECT id, name FROM organization ORDER BY id DESC"):
            ids[str(name).lower()] = int(org_id)
        return ids

    @staticmethod
    def career_field_id(conn: sqlite3.Connection, name: str, now: datetime) -> int | None:
        """The career field with this name (case-insensitive), created if new."""
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
            "INSERT INTO career_field (name, created_at) VALUES (?, ?)", (name, db.to_db(now))
        )
        return int(cur.lastrowid or 0)

    @staticmethod
    def save(
        conn: sqlite3.Connection, table: str, record_id: int | None, values: dict[str, Any]
    ) -> int:
        """Insert (record_id None) or update a career_field / organization row."""
        if table not in ("career_field", "organization"):
            raise ValueError(f"not a catalog table: {table}")
        values = {k: db.to_db(v) if isinstance(v, datetime) else v for k, v in values.items()}
        if record_id is None:
            cols = ", ".join(values)
            cur = conn.execute(
                f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' * len(values))})",
                tuple(values.values()),
            )
            return int(cur.lastrowid or 0)
        sets = ", ".join(f"{k} = ?" for k in values)
        cur = conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", (*values.values(), record_id))
        if cur.rowcount == 0:
            raise LookupError(f"no {table.replace('_', ' ')} with id {record_id}")
        return record_id
