"""The 2-Hour Job Search's routine, kept by the Store: 3B7 follow-ups and responsiveness.

Logging outreach to a person at an organization schedules, in business days (weekends and
the configured holidays skipped, at the wall-clock time of the send):

- day 3 without a reply: `next-contact`, "write to a second person at X" (naming someone
  there you have not written to yet, if there is one);
- day 7 without a reply: `nudge` the person, once;
- after the nudge, day 14 without a reply: they are a curmudgeon, and a `next-contact`
  offers the next person there.

Any reply cancels what is pending for that person. A reply within 3 business days makes a
booster, a later one an obligate (`schedule.responsiveness`, the one rule).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from dateutil import tz as _tz

from . import db, schedule
from .businessdays import BusinessCalendar, holiday_calendar
from .parts import StorePart
from .settings import Settings

if TYPE_CHECKING:
    from sqlalchemy import Connection


@dataclass(frozen=True)
class MethodRules:
    """The settings the method's rules read: one source (config.toml), defaults in tests."""

    settings: Settings = field(default_factory=Settings)
    zone: tzinfo | None = None  # None: the machine's timezone

    @property
    def calendar(self) -> BusinessCalendar:
        return holiday_calendar(self.settings.holidays)

    @property
    def local(self) -> tzinfo:
        return self.zone or _tz.tzlocal()

    @property
    def word_limit(self) -> int:
        return self.settings.word_limit

    @property
    def stay_in_touch_months(self) -> int:
        return self.settings.stay_in_touch_months


def rules_of(database: object) -> MethodRules:
    """The rules the Store was configured with (`Store.configure`), else the defaults."""
    return getattr(database, "rules", None) or MethodRules()


def schedule_3b7(
    conn: Connection,
    contact_id: int,
    outreach_id: int,
    sent: datetime,
    rules: MethodRules,
) -> None:
    """Inside log_outreach's transaction: day 3 next-contact, day 7 nudge."""
    from sqlalchemy import delete, false, select

    from .followups import FollowUps
    from .models import Contact, FollowUp, Organization, table

    c, o, f = table(Contact), table(Organization), table(FollowUp)
    row = conn.execute(
        select(c.c.name, c.c.organization_id, o.c.name)
        .select_from(c.outerjoin(o, o.c.id == c.c.organization_id))
        .where(c.c.id == contact_id)
    ).first()
    if row is None:
        raise LookupError(f"no contact with id {contact_id}")
    name, organization_id, organization = row
    # A new message to a person restarts the routine: what was pending is replaced.
    conn.execute(
        delete(f).where(
            f.c.contact_id == contact_id,
            f.c.done == false(),
            f.c.kind.in_(("nudge", "next-contact")),
        )
    )
    if organization_id is not None:
        FollowUps.insert(
            conn,
            contact_id,
            "next-contact",
            schedule.next_contact_due(sent, rules.calendar, rules.local),
            _next_contact_note(conn, organization_id, organization or "", contact_id),
            outreach_id=outreach_id,
        )
    FollowUps.insert(
        conn,
        contact_id,
        "nudge",
        schedule.business_nudge_due(sent, rules.calendar, rules.local),
        f"No reply yet: one polite nudge to {name}",
        outreach_id=outreach_id,
    )


def after_nudge(conn: Connection, contact_id: int, rules: MethodRules) -> None:
    """The nudge went out: if day 14 passes silently, they are a curmudgeon."""
    from sqlalchemy import delete, false, func, select

    from .followups import FollowUps
    from .models import Contact, FollowUp, Organization, Outreach, table

    x, c, o, f = table(Outreach), table(Contact), table(Organization), table(FollowUp)
    first = conn.execute(
        select(func.min(x.c.sent_at), func.max(x.c.replied_at)).where(x.c.contact_id == contact_id)
    ).first()
    if first is None or first[0] is None or first[1] is not None:
        return
    sent = db.from_db(first[0])
    assert sent is not None
    who = conn.execute(
        select(c.c.name, c.c.organization_id, o.c.name)
        .select_from(c.outerjoin(o, o.c.id == c.c.organization_id))
        .where(c.c.id == contact_id)
    ).one()
    due = schedule.business_due(
        sent, schedule.CURMUDGEON_BUSINESS_DAYS, rules.calendar, rules.local
    )
    if who[1] is None:
        note = f"No reply to the nudge: {who[0]} is a curmudgeon; move on"
    else:
        note = f"No reply to the nudge: {who[0]} is a curmudgeon. " + (
            _next_contact_note(conn, who[1], who[2] or "", contact_id)
        )
    # It replaces the day-3 "second person" ask: one next-contact per silent person.
    conn.execute(
        delete(f).where(
            f.c.contact_id == contact_id, f.c.kind == "next-contact", f.c.done == false()
        )
    )
    FollowUps.insert(conn, contact_id, "next-contact", due, note)


def _next_contact_note(
    conn: Connection, organization_id: int, organization: str, contact_id: int
) -> str:
    from sqlalchemy import exists, false, func, select

    from .models import Contact, Outreach, table

    c, x = table(Contact), table(Outreach)
    nxt = conn.execute(
        select(c.c.name)
        .where(
            c.c.organization_id == organization_id,
            c.c.id != contact_id,
            # Wrapped so that no index serves it: on `archived` alone SQLite walked the
            # whole board's index (every live contact) instead of the organization's.
            func.coalesce(c.c.archived, false()) == false(),
            ~exists().where(x.c.contact_id == c.c.id),
        )
        .order_by(c.c.stage.desc(), c.c.position, c.c.id)
        .limit(1)
    ).scalar()
    if nxt:
        return f"Write to a second person at {organization}: {nxt}"
    return f"Write to a second person at {organization} (find one: nobody else there yet)"


class MethodQueries(StorePart):
    """Responsiveness and the rules in effect; part of the Store."""

    @property
    def rules(self) -> MethodRules:
        return rules_of(self.db)

    def configure(self, settings: Settings, zone: tzinfo | None = None) -> None:
        """Use these settings (config.toml) for every rule from now on."""
        self.db.rules = MethodRules(settings, zone)  # type: ignore[attr-defined]

    # -- responsiveness ---------------------------------------------------------------

    def responsiveness_of(
        self, contact_ids: list[int] | None, now: datetime
    ) -> dict[int, str | None]:
        """Booster / obligate / curmudgeon (or None) for these contacts (None: everyone).

        Counted from the first message sent to the first reply logged (one GROUP BY);
        contacts never written to are absent.
        """
        if contact_ids is not None and not contact_ids:
            return {}
        from sqlalchemy import func
        from sqlmodel import col, select

        from .models import Outreach

        stmt = select(
            Outreach.contact_id, func.min(Outreach.sent_at), func.min(Outreach.replied_at)
        ).group_by(col(Outreach.contact_id))
        if contact_ids is not None:
            stmt = stmt.where(col(Outreach.contact_id).in_(contact_ids))
        rules = self.rules
        calendar, local = rules.calendar, rules.local
        result: dict[int, str | None] = {}
        with self.session() as session:
            for contact_id, sent, replied in session.exec(stmt):
                first = db.from_db(sent)
                if first is None:
                    continue
                result[contact_id] = schedule.responsiveness(
                    first, db.from_db(replied), now, calendar, local
                )
        return result
