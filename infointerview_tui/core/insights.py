"""Insights: the funnel, outreach and reply rates, weekly activity, AIR yield, time in stage.

The database does the counting: every figure is a SQLAlchemy `select()` over models.py
with GROUP BY (the funnel and medians on day counts the database keeps: stage_periods.py;
weeks by a CASE over week boundaries). Only the
rules that need the business calendar (responsiveness, business days to reply) run in
Python, over a streamed select of one narrow row per outreach message.

Definitions (the report and the screens show these, and the tests count them by hand):
- period: the last 30 / 90 days, everything, or since a date; archived contacts never count;
- funnel: people who reached stage s or later within the period (by their stage moves;
  for "everything", their current stage counts too); conversion = reached s / reached s-1;
- outreach: messages sent in the period, those answered, by channel and by how the person
  was found (a referral: they have a referrer or were found "referral"; else cold);
  responsiveness (booster / obligate / curmudgeon / too early) per message by
  `schedule.responsiveness`;
- interviews: done, ended in the period; AIR: of those, with advice / insight written, and
  referrals = people added in the period who have a referrer;
- time in stage: from entering a stage to the next move (or now, if still there), median
  per stage over stays that began in the period.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from sqlalchemy import and_, case, func, literal, or_, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import aliased
from sqlmodel import col

from . import stage_periods
from .businessdays import BusinessCalendar
from .models import Contact, FollowUp, Interview, Outreach, StageEvent
from .periods import LIVE, NOT_ARCHIVED, Period, since
from .reply_rates import OutreachGroup, outreach
from .sqlfuncs import aware, db_time
from .stages import STAGES

MAX_WEEKS = 26
STUCK_LIMIT = 8


@dataclass(frozen=True, slots=True)
class FunnelStep:
    stage: int
    name: str
    reached: int
    conversion: float | None  # reached / reached at the stage before (None for stage 1)


@dataclass(frozen=True, slots=True)
class Week:
    start: date  # the Monday
    sent: int
    interviews: int


@dataclass(frozen=True, slots=True)
class AirYield:
    interviews: int
    advice: int
    insight: int
    referrals: int

    def per_interview(self, count: int) -> float | None:
        return count / self.interviews if self.interviews else None


@dataclass(frozen=True, slots=True)
class StageTime:
    stage: int
    median_days: float | None
    stays: int


@dataclass(frozen=True, slots=True)
class StuckPerson:
    contact_id: int
    name: str
    stage: int
    days: float


@dataclass(frozen=True, slots=True)
class Insights:
    period: Period
    weeks_in_period: float
    funnel: tuple[FunnelStep, ...]
    outreach: OutreachGroup
    by_channel: tuple[OutreachGroup, ...]
    by_source: tuple[OutreachGroup, ...]
    weeks: tuple[Week, ...]
    goal_outreach: int
    goal_interviews: int
    air: AirYield
    stage_times: tuple[StageTime, ...]  # () when not asked for (the screen counts them apart)
    stuck: tuple[StuckPerson, ...]
    overdue: dict[str, int] = field(default_factory=dict)  # follow-up kind -> overdue count

    @property
    def interviews_per_week(self) -> float:
        return self.air.interviews / self.weeks_in_period


def gather(
    conn: Connection,
    period: Period,
    *,
    calendar: BusinessCalendar,
    local: tzinfo,
    goal_outreach: int = 5,
    goal_interviews: int = 2,
    with_stage_times: bool = True,
) -> Insights:
    """Every figure of the insights screen and the report, for `period`.

    The time in stage is the figure that reads the most (~10 ms at 100,000 contacts,
    core/stage_periods.py): the screen leaves it out here and draws it when its own
    worker has counted it (`time_in_stage`), after the rest has shown.
    """
    start = period.since or _first_activity(conn) or period.now
    weeks_in_period = max(1.0, (period.now - start).total_seconds() / (7 * 86400))
    total, by_channel, by_source = outreach(conn, period, calendar, local)
    return Insights(
        period=period,
        weeks_in_period=weeks_in_period,
        funnel=funnel(conn, period),
        outreach=total,
        by_channel=by_channel,
        by_source=by_source,
        weeks=weekly(conn, period, local, min(MAX_WEEKS, math.ceil(weeks_in_period))),
        goal_outreach=goal_outreach,
        goal_interviews=goal_interviews,
        air=air_yield(conn, period),
        stage_times=time_in_stage(conn, period) if with_stage_times else (),
        stuck=stuck(conn, period.now),
        overdue=overdue(conn, period.now),
    )


def _first_activity(conn: Connection) -> datetime | None:
    first = conn.execute(  # the first entry of ix_contact_created
        select(col(Contact.created_at))
        .where(NOT_ARCHIVED)
        .order_by(col(Contact.created_at))
        .limit(1)
    ).scalar()
    return aware(first) if first else None


def funnel(conn: Connection, period: Period) -> tuple[FunnelStep, ...]:
    """People who reached each stage (or a later one) in the period, and the conversion.

    Counted on `stage_reach` (core/stage_stats.py): a contact's latest move into that
    stage or later inside the period (for "everything", any row: a move or the stage it
    stands at), summed per day from `stage_reach_day` (core/stage_periods.py).
    """
    counts = stage_periods.reached(conn, period)
    steps: list[FunnelStep] = []
    before: int | None = None
    for stage in STAGES:
        reached = counts.get(stage.number, 0)
        conversion = None if before is None else (reached / before if before else None)
        steps.append(FunnelStep(stage.number, stage.label, reached, conversion))
        before = reached
    return tuple(steps)


def week_starts(now: datetime, local: tzinfo, count: int) -> list[datetime]:
    """The local Mondays 00:00 of the last `count` weeks (this one last), aware."""
    today = now.astimezone(local).date()
    monday = today - timedelta(days=today.weekday())
    return [
        datetime.combine(monday - timedelta(weeks=k), time(), tzinfo=local)
        for k in range(count - 1, -1, -1)
    ]


def weekly(conn: Connection, period: Period, local: tzinfo, count: int) -> tuple[Week, ...]:
    """Messages sent and interviews held per week (local weeks from Monday), oldest first."""
    starts = week_starts(period.now, local, max(1, count))

    def per_week(column: Any, contact: Any, *where: Any) -> dict[int, int]:
        bucket = case(
            *[(column >= db_time(s), i) for i, s in reversed(list(enumerate(starts)))],
            else_=None,
        )
        rows = conn.execute(
            select(bucket, func.count())
            .join(Contact, col(Contact.id) == contact)
            .where(
                NOT_ARCHIVED, column >= db_time(starts[0]), column <= db_time(period.now), *where
            )
            .group_by(bucket)
        )
        return {int(b): int(n) for b, n in rows if b is not None}

    sent = per_week(col(Outreach.sent_at), col(Outreach.contact_id))
    held = per_week(
        col(Interview.ended_at), col(Interview.contact_id), col(Interview.status) == "done"
    )
    return tuple(Week(s.date(), sent.get(i, 0), held.get(i, 0)) for i, s in enumerate(starts))


def air_yield(conn: Connection, period: Period) -> AirYield:
    """Interviews done in the period; how many gave advice, insight; referrals added."""
    written = {
        name: func.coalesce(func.sum(case((and_(col.is_not(None), col != ""), 1), else_=0)), 0)
        for name, col in (("advice", col(Interview.advice)), ("insight", col(Interview.insight)))
    }
    done, advice, insight = conn.execute(
        select(func.count(), written["advice"], written["insight"])
        .join(Contact, col(Contact.id) == col(Interview.contact_id))
        .where(
            NOT_ARCHIVED, col(Interview.status) == "done", since(col(Interview.ended_at), period)
        )
    ).one()
    referrals = conn.execute(
        select(func.count())
        .select_from(Contact)
        .where(  # a range of ix_contact_created
            NOT_ARCHIVED,
            col(Contact.referred_by_id).is_not(None),
            since(col(Contact.created_at), period),
        )
    ).scalar_one()
    return AirYield(int(done), int(advice), int(insight), int(referrals))


def time_in_stage(conn: Connection, period: Period) -> tuple[StageTime, ...]:
    """The median days a stay in each stage lasted (ongoing stays count up to now).

    Read on `stage_stay` (core/stage_stats.py), which keeps when each stay ended, through
    its counts per day and length (core/stage_periods.py): the stays are counted on
    those, and only the stays around each stage's middle are read.
    """
    found = stage_periods.stays_and_medians(conn, period)
    times: list[StageTime] = []
    for stage in STAGES:
        stays, median = found.get(stage.number, (0, None))
        times.append(StageTime(stage.number, median, stays))
    return tuple(times)


def stuck(conn: Connection, now: datetime, limit: int = STUCK_LIMIT) -> tuple[StuckPerson, ...]:
    """The people in stages 1-4 who entered their current stage longest ago.

    A person entered their stage at their latest move into it. The moves are walked
    oldest first on `ix_stage_event_at` and the walk stops at `limit` people, so this
    reads a handful of index entries, not every live contact's history.
    """
    later = aliased(StageEvent)
    newer_entry = (
        select(literal(1))
        .where(
            col(later.contact_id) == col(StageEvent.contact_id),
            col(later.to_stage) == col(StageEvent.to_stage),
            or_(
                col(later.at) > col(StageEvent.at),
                and_(col(later.at) == col(StageEvent.at), col(later.id) > col(StageEvent.id)),
            ),
        )
        .exists()
    )
    in_that_stage = (
        select(literal(1))
        .where(
            col(Contact.id) == col(StageEvent.contact_id),
            LIVE,
            col(Contact.stage) < 5,
            col(Contact.stage) == col(StageEvent.to_stage),
        )
        .exists()
    )
    # Only stage_event in the outer FROM: the planner walks ix_stage_event_at in order.
    entries = conn.execute(
        select(col(StageEvent.contact_id), col(StageEvent.at))
        .where(in_that_stage, ~newer_entry)
        .order_by(col(StageEvent.at), col(StageEvent.contact_id))
        .limit(limit)
    ).all()
    people = {
        int(i or 0): (name, int(stage))
        for i, name, stage in conn.execute(
            select(col(Contact.id), col(Contact.name), col(Contact.stage)).where(
                col(Contact.id).in_([e[0] for e in entries])
            )
        )
    }
    return tuple(
        StuckPerson(int(i), *people[int(i)], (now - aware(at)).total_seconds() / 86400)
        for i, at in entries
        if int(i) in people  # deleted between the two reads: left out
    )


OVERDUE_KINDS = ("thank-you", "stay-in-touch")


def overdue(
    conn: Connection, now: datetime, kinds: Sequence[str] = OVERDUE_KINDS
) -> dict[str, int]:
    """Open follow-ups of these kinds whose due time has passed, counted per kind."""
    rows = conn.execute(
        select(col(FollowUp.kind), func.count())
        .join(Contact, col(Contact.id) == col(FollowUp.contact_id))
        .where(
            NOT_ARCHIVED,
            col(FollowUp.done) == False,  # noqa: E712
            col(FollowUp.due) < db_time(now),
            col(FollowUp.kind).in_(kinds),
        )
        .group_by(col(FollowUp.kind))
    )
    counts = dict.fromkeys(kinds, 0)
    counts.update({str(k): int(n) for k, n in rows})
    return counts
