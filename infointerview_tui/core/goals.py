"""The weekly goal: outreach sent and interviews held this week, against config.toml's goals.

Weeks start on Monday in the user's timezone. The streak counts consecutive weeks, up to
the last full one, in which both goals were met (this week joins once it is met).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

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
        """This week's outreach and interviews, and the streak of weeks that met both goals.

        This week's figures are counted; an earlier week only needs to reach the goals,
        so each is asked for at most `goal` rows of its range of `ix_outreach_sent` /
        `ix_interview_ended`, and the walk back stops at the first week that missed:
        what is read does not grow with the number of messages."""
        from sqlalchemy import func, literal, select
        from sqlmodel import col

        from .models import Interview, Outreach

        goals = self.rules.settings.goals  # type: ignore[attr-defined]
        monday = week_start(now)
        sent, held = col(Outreach.sent_at), col(Interview.ended_at)
        done = col(Interview.status) == "done"

        def count(
            column: Any,
            *where: Any,
            start: datetime,
            end: datetime | None = None,
            limit: int | None = None,
        ) -> Any:
            rows = select(literal(1)).where(*where, column >= start.astimezone(UTC))
            if end is not None:
                rows = rows.where(column < end.astimezone(UTC))
            if limit is not None:
                rows = rows.limit(limit)
            return select(func.count()).select_from(rows.subquery())

        with self.session() as session:
            this_sent = int(session.execute(count(sent, start=monday)).scalar_one())
            this_held = int(session.execute(count(held, done, start=monday)).scalar_one())

            def met(week: int) -> bool:
                start, end = monday - timedelta(weeks=week), monday - timedelta(weeks=week - 1)
                return (
                    session.execute(
                        count(sent, start=start, end=end, limit=goals.outreach)
                    ).scalar_one()
                    >= goals.outreach
                    and session.execute(
                        count(held, done, start=start, end=end, limit=goals.interviews)
                    ).scalar_one()
                    >= goals.interviews
                )

            streak = int(this_sent >= goals.outreach and this_held >= goals.interviews)
            week = 1
            while week <= STREAK_WEEKS and met(week):
                streak += 1
                week += 1
        return WeeklyProgress(this_sent, goals.outreach, this_held, goals.interviews, streak)
