"""The catalog: career fields (stage 1) and organizations (stage 2).

Reads take a connection from the database's pool; the write helpers take the connection
of a transaction opened by core/intents.py. SQLAlchemy Core on the model tables.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, and_, func, insert, literal, select, update

from . import db, search, validation
from .database import Database
from .models import CareerField, CareerFieldCount, Contact, Organization, OrganizationCount, table
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


_FIELD = table(CareerField)
_ORG = table(Organization)
_CONTACT = table(Contact)
_FIELD_COUNT = table(CareerFieldCount)
_ORG_COUNT = table(OrganizationCount)
_TABLES = {"career_field": _FIELD, "organization": _ORG}


def _counted(parent: Table, child: Table, link: Any, *where: Any) -> Any:
    """(id, n): how many `child` rows (meeting `where`) each `parent` row has, as a
    subquery: a GROUP BY over a join from the parent, which reads the child's index on
    `link` (+ `where`'s columns) alone."""
    on = and_(link == parent.c.id, *where)
    return (
        select(parent.c.id.label("id"), func.count(child.c.id).label("n"))
        .select_from(parent.outerjoin(child, on))
        .group_by(parent.c.id)
        .subquery()
    )


class Catalog:
    """The career-field and organization repository."""

    def __init__(self, database: Database) -> None:
        self.db = database

    def career_fields(self) -> list[dict[str, Any]]:
        """Every career field with its organization and live-contact counts, by name.

        The organizations are counted by a GROUP BY read from `ix_organization_field`;
        the people are the field's `career_field_count` (core/counters.py)."""
        f, n = _FIELD, _FIELD_COUNT
        organizations = _counted(f, _ORG, _ORG.c.career_field_id)
        query = (
            select(
                f,
                organizations.c.n.label("organizations"),
                func.coalesce(n.c.contacts, 0).label("contacts"),
            )
            .select_from(
                f.join(organizations, organizations.c.id == f.c.id).outerjoin(
                    n, n.c.career_field_id == f.c.id
                )
            )
            .order_by(f.c.name)
        )
        with self.db.read() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def organizations(
        self,
        career_field_id: int | None = None,
        ids: list[int] | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Organizations (of one field, those of `ids`, or all; the first `limit` by
        name) with their field's name and live-contact count (their
        `organization_count`, core/counters.py)."""
        o, f, n = _ORG, _FIELD, _ORG_COUNT
        query = (
            select(
                o,
                func.coalesce(f.c.name, "").label("career_field"),
                func.coalesce(n.c.people, 0).label("contacts"),
            )
            .select_from(
                o.outerjoin(f, f.c.id == o.c.career_field_id).outerjoin(
                    n, n.c.organization_id == o.c.id
                )
            )
            .order_by(db.nocase(o.c.name))
        )
        if career_field_id is not None:
            query = query.where(o.c.career_field_id == career_field_id)
        if ids is not None:
            query = query.where(o.c.id.in_(ids))
        if limit is not None:
            query = query.limit(limit)
        with self.db.read() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def search(self, text: str, limit: int = 10) -> tuple[list[str], list[str]]:
        """Names of organizations and career fields with a word starting with each typed
        word (through the search index), up to `limit` of each."""
        with self.db.read() as conn:
            return (
                search.find_names(conn, search.ORG, text, limit),
                search.find_names(conn, search.FIELD, text, limit),
            )

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
            self.db,
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
            self.db,
            select(col(model.id))
            .where(func.lower(col(model.name)) == name.strip().lower())
            .order_by(col(model.id))
            .limit(1),
        )
        return None if found is None else int(found)

    # -- writes (called by intents, inside their transaction) ------------------------

    @staticmethod
    def organization_id(
        conn: Connection, name: str, career_field_id: int | None, now: datetime
    ) -> int | None:
        """The organization with this name (case-insensitive), created if new."""
        name = clean_line(name)
        if not name:
            return None
        found = conn.execute(
            select(_ORG.c.id)
            .where(db.nocase(_ORG.c.name) == db.nocase(literal(name)))
            .order_by(_ORG.c.id)
            .limit(1)
        ).scalar()
        if found is not None:
            return int(found)
        return Catalog._insert(
            conn,
            _ORG,
            {"name": name, "career_field_id": career_field_id, "created_at": db.utc(now)},
        )

    @staticmethod
    def field_of_organization(conn: Connection, name: str) -> int | None:
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
    def organization_ids_by_name(conn: Connection) -> dict[str, int]:
        """Every organization's id by its case-folded name (`db.fold`; first one wins)."""
        ids: dict[str, int] = {}
        for org_id, name in conn.execute(select(_ORG.c.id, _ORG.c.name).order_by(_ORG.c.id.desc())):
            ids[db.fold(str(name))] = int(org_id)
        return ids

    @staticmethod
    def career_field_id(conn: Connection, name: str, now: datetime) -> int | None:
        """The career field with this name (case-insensitive), created if new."""
        name = clean_line(name)
        if not name:
            return None
        found = conn.execute(
            select(_FIELD.c.id)
            .where(db.nocase(_FIELD.c.name) == db.nocase(literal(name)))
            .order_by(_FIELD.c.id)
            .limit(1)
        ).scalar()
        if found is not None:
            return int(found)
        return Catalog._insert(conn, _FIELD, {"name": name, "created_at": db.utc(now)})

    @staticmethod
    def _insert(conn: Connection, table: Table, values: dict[str, Any]) -> int:
        record_id = int(
            conn.execute(insert(table).values(**values).returning(table.c.id)).scalar_one()
        )
        search.add(conn, [(search.CATALOG_KINDS[table.name], record_id, values["name"])])
        return record_id

    @staticmethod
    def save(conn: Connection, table: str, record_id: int | None, values: dict[str, Any]) -> int:
        """Insert (record_id None) or update a career_field / organization row."""
        if table not in _TABLES:
            raise ValueError(f"not a catalog table: {table}")
        target = _TABLES[table]
        values = db.bind(values)
        if record_id is None:
            return Catalog._insert(conn, target, values)
        result = conn.execute(update(target).where(target.c.id == record_id).values(**values))
        if result.rowcount == 0:
            raise LookupError(f"no {table.replace('_', ' ')} with id {record_id}")
        if "name" in values:
            search.replace(conn, [(search.CATALOG_KINDS[table], record_id, values["name"])])
        return record_id
