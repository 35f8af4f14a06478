"""The counsellor's report: the insight figures as plain data, with no personal text.

`collect` runs the insight queries once (the insights screen calls it too, so the screen
and the report cannot disagree); `report_data` turns the result into the JSON the
report formats are made from. By default the data holds counts, rates and days only:
no names, no notes, no emails. `with_names` adds people's names (never notes).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection
from sqlmodel import col

from .businessdays import holiday_calendar
from .insights import OVERDUE_KINDS, Insights, StageTime, gather, time_in_stage
from .models import Contact, FollowUp
from .periods import LIVE, Period
from .references import REFERENCES
from .referrals import ChainStats, chain_stats
from .reply_rates import OutreachGroup
from .settings import Settings
from .sqlfuncs import db_time
from .text import clean_line

if TYPE_CHECKING:
    from .store import Store

REPORT_FORMAT = "infointerview-report"
REPORT_VERSION = 1
NAMES_LIMIT = 50


@dataclass(frozen=True, slots=True)
class Collected:
    insights: Insights
    chains: ChainStats | None  # None when not asked for (the screen shows them on the map)
    overdue_names: dict[str, tuple[str, ...]]  # filled only when names were asked for


def collect(
    store: Store,
    period: Period,
    settings: Settings,
    local: tzinfo,
    *,
    with_names: bool = False,
    with_chains: bool = True,
    with_stage_times: bool = True,
) -> Collected:
    """Every figure for `period` in one read transaction (call it off the event loop)."""
    calendar = holiday_calendar(settings.holidays)
    with store.db.engine.connect() as conn:
        insights = gather(
            conn,
            period,
            calendar=calendar,
            local=local,
            goal_outreach=settings.goals.outreach,
            goal_interviews=settings.goals.interviews,
            with_stage_times=with_stage_times,
        )
        chains = chain_stats(conn) if with_chains else None
        names = overdue_names(conn, period.now) if with_names else {}
    return Collected(insights, chains, names)


def collect_stage_times(store: Store, period: Period) -> tuple[StageTime, ...]:
    """The time in stage alone (the screen's second worker; see `gather`)."""
    with store.db.engine.connect() as conn:
        return time_in_stage(conn, period)


def overdue_names(
    conn: Connection, now: datetime, limit: int = NAMES_LIMIT
) -> dict[str, tuple[str, ...]]:
    """Whose thank-you / stay-in-touch touch is overdue, by name, longest overdue first."""
    result: dict[str, tuple[str, ...]] = {}
    for kind in OVERDUE_KINDS:
        rows = conn.execute(
            select(col(Contact.name))
            .join(FollowUp, col(FollowUp.contact_id) == col(Contact.id))
            .where(
                LIVE,
                col(FollowUp.done) == False,  # noqa: E712
                col(FollowUp.due) < db_time(now),
                col(FollowUp.kind) == kind,
            )
            .group_by(col(Contact.id), col(Contact.name))
            .order_by(func.min(col(FollowUp.due)), col(Contact.id))
            .limit(limit)
        )
        result[kind] = tuple(clean_line(r[0]) for r in rows)
    return result


def _rate(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _group(g: OutreachGroup) -> dict[str, Any]:
    return {
        "label": g.label,
        "sent": g.sent,
        "replied": g.replied,
        "reply_rate": _rate(g.reply_rate),
        "median_business_days_to_reply": g.median_reply_days,
        "responsiveness": {
            "booster": g.boosters,
            "obligate": g.obligates,
            "curmudgeon": g.curmudgeons,
            "too_early": g.too_early,
        },
    }


def report_data(collected: Collected, local: tzinfo, *, with_names: bool = False) -> dict[str, Any]:
    """The report as JSON-ready data under stable keys (see the README)."""
    ins, chains = collected.insights, collected.chains
    if chains is None:
        raise ValueError("the report needs the referral chains: collect(with_chains=True)")
    period = ins.period
    air = ins.air
    data: dict[str, Any] = {
        "format": REPORT_FORMAT,
        "version": REPORT_VERSION,
        "period": {
            "label": period.label,
            "since": period.since.astimezone(local).isoformat() if period.since else None,
            "until": period.now.astimezone(local).isoformat(),
            "weeks": round(ins.weeks_in_period, 2),
        },
        "funnel": {str(step.stage): step.reached for step in ins.funnel},
        "conversion": {
            str(step.stage): _rate(step.conversion) for step in ins.funnel if step.stage > 1
        },
        "outreach": {
            **{k: v for k, v in _group(ins.outreach).items() if k != "label"},
            "by_channel": [_group(g) for g in ins.by_channel],
            "by_source": [_group(g) for g in ins.by_source],
        },
        "interviews": {
            "done": air.interviews,
            "per_week": round(ins.interviews_per_week, 2),
            "goal_per_week": ins.goal_interviews,
        },
        "weekly": {
            "goal_outreach": ins.goal_outreach,
            "goal_interviews": ins.goal_interviews,
            "weeks": [
                {"week": w.start.isoformat(), "sent": w.sent, "interviews": w.interviews}
                for w in ins.weeks
            ],
        },
        "air": {
            "advice": air.advice,
            "insight": air.insight,
            "referrals": air.referrals,
            "advice_per_interview": _rate(air.per_interview(air.advice)),
            "insight_per_interview": _rate(air.per_interview(air.insight)),
        },
        "referrals": {
            "count": air.referrals,
            "per_interview": _rate(air.per_interview(air.referrals)),
            "chains": chains.chains,
            "deepest": chains.deepest,
            "widest": chains.widest,
            "largest": chains.largest,
        },
        "time_in_stage": {
            str(t.stage): None if t.median_days is None else round(t.median_days, 1)
            for t in ins.stage_times
        },
        "stuck": [{"stage": p.stage, "days": round(p.days, 1)} for p in ins.stuck],
        "overdue": {
            "thank_yous": ins.overdue.get("thank-you", 0),
            "stay_in_touch": ins.overdue.get("stay-in-touch", 0),
        },
        "references": [
            {"figure": r.figure, "claim": r.claim, "source": r.source, "kind": r.kind}
            for r in REFERENCES
        ],
    }
    if with_names:
        for entry, person in zip(data["stuck"], ins.stuck, strict=True):
            entry["name"] = clean_line(person.name)
        data["names"] = {
            "overdue_thank_yous": list(collected.overdue_names.get("thank-you", ())),
            "overdue_stay_in_touch": list(collected.overdue_names.get("stay-in-touch", ())),
        }
    return data
