"""The period an insight covers, and the conditions every insight query shares."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import literal
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import col

from .models import Contact
from .sqlfuncs import db_time

PERIODS: dict[str, int | None] = {"30": 30, "90": 90, "all": None}
PERIOD_LABELS = {"30": "last 30 days", "90": "last 90 days", "all": "everything"}


@dataclass(frozen=True, slots=True)
class Period:
    label: str
    since: datetime | None  # None: everything
    now: datetime

    @classmethod
    def last(cls, key: str, now: datetime) -> Period:
        days = PERIODS[key]
        since = None if days is None else now - timedelta(days=days)
        return cls(PERIOD_LABELS[key], since, now)


LIVE = col(Contact.archived) == False  # noqa: E712 - SQL, not Python truth
# The same rows as LIVE (archived is NOT NULL), written so that SQLite does not pick
# ix_contact_board for `archived = 0` and reads an index that serves the query instead.
NOT_ARCHIVED = col(Contact.archived).is_not(True)


def since(column: Any, period: Period) -> ColumnElement[bool]:
    return column >= db_time(period.since) if period.since else literal(True)
