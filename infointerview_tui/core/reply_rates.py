"""Reply rates: sent, replied, business days to reply and responsiveness, by group.

Counts come from GROUP BY queries; the responsiveness rule (schedule.responsiveness, the
one owner of it) needs the business calendar, so it runs in Python over a streamed select
of one narrow row per message.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from sqlalchemy import case, func, or_, select
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import col

from . import schedule
from .businessdays import BusinessCalendar
from .models import Contact, Outreach
from .periods import NOT_ARCHIVED, Period, since
from .sqlfuncs import aware


@dataclass(frozen=True, slots=True)
class OutreachGroup:
    label: str
    sent: int = 0
    replied: int = 0
    median_reply_days: float | None = None  # business days, replied messages only
    boosters: int = 0
    obligates: int = 0
    curmudgeons: int = 0
    too_early: int = 0

    @property
    def reply_rate(self) -> float | None:
        return self.replied / self.sent if self.sent else None


def _source() -> ColumnElement[str]:
    referred = or_(col(Contact.referred_by_id).is_not(None), col(Contact.how_found) == "referral")
    return case((referred, "referral"), else_="cold")


def outreach(
    conn: Connection, period: Period, calendar: BusinessCalendar, local: tzinfo
) -> tuple[OutreachGroup, tuple[OutreachGroup, ...], tuple[OutreachGroup, ...]]:
    """Sent, replied and responsiveness: overall, by channel and by how they were found."""
    channel = func.lower(col(Outreach.channel))
    source = _source()
    where = (NOT_ARCHIVED, since(col(Outreach.sent_at), period))
    counted: dict[str, dict[str, list[int]]] = {"channel": {}, "source": {}}
    for kind, key in (("channel", channel), ("source", source)):
        rows = conn.execute(
            select(key, func.count(), func.count(col(Outreach.replied_at)))
            .join(Contact, col(Contact.id) == col(Outreach.contact_id))
            .where(*where)
            .group_by(key)
        )
        counted[kind] = {str(k): [int(n), int(r)] for k, n, r in rows}
    # The rule needs the business calendar: one narrow row per message, streamed.
    rules: dict[tuple[str, str], _Tally] = {}
    stream = conn.execute(
        select(channel, source, col(Outreach.sent_at), col(Outreach.replied_at))
        .join(Contact, col(Contact.id) == col(Outreach.contact_id))
        .where(*where)
        .execution_options(yield_per=1000)
    )
    total = _Tally()
    for ch, src, sent, replied in stream:
        verdict, days = _judge(
            aware(sent), aware(replied) if replied else None, period.now, calendar, local
        )
        for tally in (
            total,
            rules.setdefault(("channel", ch), _Tally()),
            rules.setdefault(("source", src), _Tally()),
        ):
            tally.add(verdict, days)
    all_sent = sum(n for n, _ in counted["channel"].values())
    all_replied = sum(r for _, r in counted["channel"].values())
    groups = {
        kind: tuple(
            rules.get((kind, key), _Tally()).group(key, sent, replied)
            for key, (sent, replied) in sorted(values.items(), key=lambda kv: (-kv[1][0], kv[0]))
        )
        for kind, values in counted.items()
    }
    if "source" in counted:  # both sides of the comparison, even when one is empty
        present = {g.label for g in groups["source"]}
        groups["source"] += tuple(
            OutreachGroup(s) for s in ("referral", "cold") if s not in present
        )
    return total.group("all", all_sent, all_replied), groups["channel"], groups["source"]


def _judge(
    sent: datetime,
    replied: datetime | None,
    now: datetime,
    calendar: BusinessCalendar,
    local: tzinfo,
) -> tuple[str | None, int | None]:
    verdict = schedule.responsiveness(sent, replied, now, calendar, local)
    days = None
    if replied is not None:
        days = calendar.between(sent.astimezone(local), replied.astimezone(local))
    return verdict, days


@dataclass
class _Tally:
    verdicts: dict[str | None, int] = field(default_factory=dict)
    days: list[int] = field(default_factory=list)

    def add(self, verdict: str | None, days: int | None) -> None:
        self.verdicts[verdict] = self.verdicts.get(verdict, 0) + 1
        if days is not None:
            self.days.append(days)

    def group(self, label: str, sent: int, replied: int) -> OutreachGroup:
        v = self.verdicts
        return OutreachGroup(
            label,
            sent,
            replied,
            float(statistics.median(self.days)) if self.days else None,
            v.get("booster", 0),
            v.get("obligate", 0),
            v.get("curmudgeon", 0),
            v.get(None, 0),
        )
