"""What is due: open follow-ups and scheduled interviews, grouped for the agenda."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from . import db, schedule
from .base import StoreBase


@dataclass(frozen=True, slots=True)
class AgendaItem:
    source: str  # "follow_up", "interview" or "lamp" (no contact: an organization)
    id: int
    kind: str  # thank-you, nudge, stay-in-touch, give-back, update, interview
    contact_id: int
    contact: str
    organization: str
    due: datetime
    note: str

    def as_json(self, tz: object = None) -> dict[str, object]:
        due = self.due.astimezone(tz) if tz is not None else self.due  # type: ignore[arg-type]
        return {
            "kind": self.kind,
            "contact": self.contact,
            "organization": self.organization,
            "due": due.isoformat(),
            "note": self.note,
        }


class AgendaQueries(StoreBase):
    """The agenda part of the Store."""

    def agenda(self, limit: int | None = None) -> list[AgendaItem]:
        """Every open follow-up and planned interview of live contacts, soonest first."""
        rows = self.query(
            "SELECT 'follow_up', f.id, f.kind, c.id, c.name, coalesce(o.name, ''), f.due, "
            "f.note FROM follow_up f JOIN contact c ON c.id = f.contact_id "
            "LEFT JOIN organization o ON o.id = c.organization_id "
            "WHERE f.done = 0 AND c.archived = 0 "
            "UNION ALL "
            "SELECT 'interview', i.id, 'interview', c.id, c.name, coalesce(o.name, ''), "
            "i.scheduled_at, i.location FROM interview i JOIN contact c ON c.id = i.contact_id "
            "LEFT JOIN organization o ON o.id = c.organization_id "
            "WHERE i.status = 'planned' AND i.scheduled_at IS NOT NULL AND c.archived = 0 "
            "ORDER BY 7, 2" + (f" LIMIT {int(limit)}" if limit else "")
        )
        return [
            AgendaItem(r[0], r[1], r[2], r[3], r[4], r[5], db.from_db(r[6]), r[7])  # type: ignore[arg-type]
            for r in rows
        ]

    def grouped_agenda(self, now: datetime) -> dict[str, list[AgendaItem]]:
        """The agenda in its groups: Overdue, Today, This week, Later (all keys present)."""
        groups: dict[str, list[AgendaItem]] = {g: [] for g in schedule.AGENDA_GROUPS}
        extra = self.method_agenda(now)  # type: ignore[attr-defined]
        for item in extra + self.agenda():
            groups[schedule.agenda_group(item.due, now)].append(item)
        return groups
