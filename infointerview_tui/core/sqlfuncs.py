"""Small SQL helpers the insight queries share, written once per dialect.

Standard SQL has no portable "days between two timestamps"; this module is the one place
that knows how SQLite (julianday) and PostgreSQL (epoch seconds) spell it, so the queries
in insights.py and referrals.py stay plain SQLAlchemy `select()`s.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Float
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement


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
