"""The weekly goal: outreach sent and interviews held this week, against config.toml's goals.

Weeks start on Monday in the user's timezone. The streak counts consecutive weeks, up to
the last full one, in which both goals were met (this week joins once it is met).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from . import db
from .parts import StorePart

STREAK_WEEKS = 52  # how far back the streak looks


@dataclass(frozen=True, slots=True)
class WeeklyProgress:
    outreach: int
    outreach_goal: int
    interviews: int
    interview_goal: int
    streak: int

    @property
    def met(self) -> bool:
        return self.outreach >= self.outreach_goal and self.interviews >= self.interview_goal


def week_start(now: datetime) -> datetime:
    """Monday 00:00 of now's week, in now's timezone."""
    day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return day - timedelta(days=day.weekday())


class GoalQueries(StorePart):
    """Weekly counts; part of the Store."""

    def weekly_progress(self, now: datetime) -> WeeklyProgress:
        """This week's outreach and interviews, and the streak of weeks that met both goals."""
        from sqlmodel import col, select

        from .models import Interview, Outreach

        goals = self.rules.settings.goals  # type: ignore[attr-defined]
        monday = week_start(now)
        since = (monday - timedelta(weeks=STREAK_WEEKS)).astimezone(UTC)
        sent_q = select(Outreach.sent_at).where(col(Outreach.sent_at) >= since)
        held_q = select(Interview.ended_at).where(
            Interview.status == "done", col(Interview.ended_at) >= since
        )
        with self.session() as session:
            sent = [db.from_db(t) for t in session.exec(sent_q)]
            held = [db.from_db(t) for t in session.exec(held_q)]

        def week_of(value: datetime | None) -> int:
            assert value is not None
            return (monday - week_start(value.astimezone(now.tzinfo))).days // 7

        sent_by_week: dict[int, int] = {}
        held_by_week: dict[int, int] = {}
        for t in sent:
            sent_by_week[week_of(t)] = sent_by_week.get(week_of(t), 0) + 1
        for t in held:
            held_by_week[week_of(t)] = held_by_week.get(week_of(t), 0) + 1

        def met(week: int) -> bool:
            return (
                sent_by_week.get(week, 0) >= goals.outreach
                and held_by_week.get(week, 0) >= goals.interviews
            )

        streak = 1 if met(0) else 0
        week = 1
        while week <= STREAK_WEEKS and met(week):
            streak += 1
            week += 1
        return WeeklyProgress(
            sent_by_week.get(0, 0),
            goals.outreach,
            held_by_week.get(0, 0),
            goals.interviews,
            streak,
        )
