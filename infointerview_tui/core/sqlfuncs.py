"""Small SQL helpers the queries share, written once per dialect.

Standard SQL has no portable "days between two timestamps"; this module is the one place
that knows how SQLite (julianday) and PostgreSQL (epoch seconds) spell it, so the queries
in insights.py and referrals.py stay plain SQLAlchemy `select()`s. It is also the one
place with a planner hint (`indexed_by`: SQLite's INDEXED BY, which SQLAlchemy's SQLite
dialect does not render from `with_hint`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Float, Table
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.sql.selectable import Alias
from sqlalchemy.sql.visitors import InternalTraversal


class days_between(FunctionElement[float]):  # noqa: N801 - reads like the SQL function it is
    """`end - start` in fractional days, as a SQL expression."""

    type = Float()
    inherit_cache = True
    name = "days_between"


@compiles(days_between)
def _days_sqlite(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = list(element.clauses)
    return (
        f"(julianday({compiler.process(end, **kw)}) - julianday({compiler.process(start, **kw)}))"
    )


@compiles(days_between, "postgresql")
def _days_postgresql(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = list(element.clauses)
    return (
        f"(EXTRACT(EPOCH FROM ({compiler.process(end, **kw)} - "
        f"{compiler.process(start, **kw)})) / 86400.0)"
    )


def db_time(value: datetime) -> datetime:
    """An aware datetime as a query parameter (the models' columns take aware UTC)."""
    if value.tzinfo is None:
        raise ValueError("datetimes given to a query must be timezone-aware")
    return value.astimezone(UTC)


def aware(value: datetime) -> datetime:
    """A datetime read back from the database, as aware UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class IndexedBy(Alias):
    """A table under another name, read through one index on SQLite (`contact AS place
    INDEXED BY ix_contact_place`); a plain alias on PostgreSQL, whose planner picks an
    index by its statistics. For a lookup the SQLite planner gets wrong without
    ANALYZE data: an equality on the rowid always goes to the table's row, even when an
    index on (rowid, ...) holds every column the query reads."""

    inherit_cache = True
    _traverse_internals = [
        *Alias._traverse_internals,
        ("index", InternalTraversal.dp_string),
    ]
    index: str


def indexed_by(table: Table, name: str, index: str) -> IndexedBy:
    """`table` as `name`, read through `index` (SQLite) when it is in a FROM."""
    if not any(ix.name == index for ix in table.indexes):
        raise ValueError(f"{table.name} has no index {index}")
    alias = IndexedBy._construct(table, name=name)
    alias.index = index
    return alias


@compiles(IndexedBy)
def _plain_alias(element: IndexedBy, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.visit_alias(element, **kw)


@compiles(IndexedBy, "sqlite")
def _sqlite_indexed_by(element: IndexedBy, compiler: SQLCompiler, **kw: Any) -> str:
    text = compiler.visit_alias(element, **kw)
    if not kw.get("asfrom") or kw.get("ashint"):
        return text
    return f"{text} INDEXED BY {compiler.preparer.quote(element.index)}"
