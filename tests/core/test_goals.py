"""The weekly goal and its streak, in the user's weeks (Monday to Sunday)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from infointerview_tui.core.goals import week_start
from infointerview_tui.core.settings import Goals, Settings

NOW = datetime(2026, 11, 26, 13, 0, tzinfo=UTC)  # a Thursday


def test_week_starts_on_monday():
    assert week_start(NOW) == datetime(2026, 11, 23, tzinfo=UTC)


def test_counts_this_week_and_the_streak_of_weeks_met(store):
    store.configure(Settings(goals=Goals(outreach=2, interviews=1)), UTC)
    ada = store.intents.add_contact("Ada", 3)

    def week(offset: int, sent: int, held: int) -> None:
        monday = datetime(2026, 11, 23, 9, tzinfo=UTC) - timedelta(weeks=offset)
        for i in range(sent):
            store.intents.log_outreach(
                ada, channel="email", message="Hi", sent_at=monday + timedelta(hours=i)
            )
        for _ in range(held):
            store.db.clock = lambda: monday + timedelta(days=1)
            store.intents.finish_interview(store.intents.open_notes(ada))

    week(3, 2, 1)  # met, but broken by week 2
    week(2, 1, 1)
    week(1, 2, 1)  # met
    week(0, 1, 0)  # this week: not yet
    store.db.clock = lambda: NOW
    progress = store.weekly_progress(NOW)
    assert (progress.outreach, progress.outreach_goal) == (1, 2)
    assert (progress.interviews, progress.interview_goal) == (0, 1)
    assert progress.streak == 1 and not progress.met
    store.intents.log_outreach(ada, channel="email", message="Hi", sent_at=NOW)
    store.db.clock = lambda: NOW
    store.intents.finish_interview(store.intents.open_notes(ada))
    progress = store.weekly_progress(NOW)
    assert progress.met and progress.streak == 2
