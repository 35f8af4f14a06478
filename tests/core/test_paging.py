"""The paged lists (issue 16): any page, read from either end, is the same slice of the
whole list; the agenda's SQL groups are exactly `schedule.agenda_group`'s."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from infointerview_tui.core import paging
from infointerview_tui.core.schedule import AGENDA_GROUPS, agenda_group


def _segment(items: list[int], reads: list[tuple[int, int, bool]]) -> paging.Segment[int]:
    def fetch(offset: int, limit: int, reverse: bool) -> list[int]:
        reads.append((offset, limit, reverse))
        ordered = items[::-1] if reverse else items
        return ordered[offset : offset + limit]

    return paging.Segment(len(items), fetch)


def test_any_page_of_segments_is_the_slice_of_their_concatenation():
    parts = [list(range(0, 7)), [], list(range(100, 103)), list(range(200, 213))]
    whole = [i for part in parts for i in part]
    for offset in range(len(whole) + 2):
        for limit in (1, 2, 5, 30):
            segments = [_segment(p, []) for p in parts]
            assert paging.read_page(segments, offset, limit) == whole[offset : offset + limit]


def test_the_last_page_is_read_backwards_from_the_end():
    reads: list[tuple[int, int, bool]] = []
    segment = _segment(list(range(10_000)), reads)
    assert paging.read_segment(segment, 9_990, 10) == list(range(9_990, 10_000))
    assert reads == [(0, 10, True)]  # no OFFSET of 9,990
    reads.clear()
    assert paging.read_segment(segment, 0, 10) == list(range(10))
    assert reads == [(0, 10, False)]


def _pages(read, total: int, size: int) -> list:
    rows = []
    for offset in range(0, total, size):
        rows.extend(read(offset, size))
    return rows


def test_stage_lists_read_in_pages_equal_the_whole_list(demo_store):
    people = paging.read_page(demo_store.contacts.people_pages(), 0, 10_000)
    assert len(people) > 20
    assert [p.stage for p in people] == sorted((p.stage for p in people), reverse=True)
    segments = demo_store.contacts.people_pages()
    assert _pages(lambda o, n: paging.read_page(segments, o, n), len(people), 7) == people

    interviews = demo_store.interviews.rows()
    assert interviews and any(r.scheduled_at for r in interviews)
    with demo_store.db.read() as conn:  # everyone at stage 4 or with a planned interview
        expected = set(
            conn.execute(
                text(
                    "SELECT id FROM contact WHERE NOT archived AND (stage = 4 OR id IN"
                    " (SELECT contact_id FROM interview"
                    "  WHERE status IN ('planned', 'in progress')))"
                )
            ).scalars()
        )
    assert {r.contact_id for r in interviews} == expected and len(interviews) == len(expected)
    segments = demo_store.interviews.pages()
    paged = _pages(lambda o, n: paging.read_page(segments, o, n), len(interviews), 3)
    assert paged == interviews
    times = [r.scheduled_at for r in interviews if r.scheduled_at]
    assert times == sorted(times)  # upcoming first, then the unscheduled by name
    unscheduled = [r.name for r in interviews if r.scheduled_at is None]
    assert unscheduled == sorted(unscheduled)

    follow_ups = demo_store.follow_ups.rows()
    assert follow_ups
    paged = _pages(lambda o, n: demo_store.follow_ups.rows(o, n), len(follow_ups), 4)
    assert paged == follow_ups


def test_stage_4_counts_one_row_per_person_with_a_scheduled_interview(store):
    """The scheduled segment's count is its people, not their interviews: someone with
    two planned and scheduled shows once (their next), an archived contact's not at all."""
    at = datetime(2026, 12, 1, 10, tzinfo=UTC)
    ada, ben, cy = (store.intents.add_contact(name) for name in ("Ada", "Ben", "Cy"))
    store.intents.schedule_interview(ada, at + timedelta(days=2))
    first = store.intents.schedule_interview(ada, at)
    store.intents.schedule_interview(ben, at + timedelta(days=1))
    store.intents.schedule_interview(cy, at)
    store.intents.archive(cy)
    scheduled, _unscheduled = store.interviews.pages()
    rows = paging.read_page([scheduled], 0, 10)
    assert scheduled.count == len(rows) == 2
    assert [(r.name, r.interview_id) for r in rows][0] == ("Ada", first)


@pytest.mark.parametrize("zone", [UTC, ZoneInfo("Europe/Paris"), ZoneInfo("America/New_York")])
def test_agenda_groups_in_sql_are_the_schedules_groups(store, zone):
    """Due earlier today at a time: overdue; today with no time (00:00): today; the
    week ends with the 7th day; the same items either way, in the same order."""
    now = datetime(2026, 11, 26, 15, 30, tzinfo=zone)
    contact_id = store.intents.add_contact("Ada Park")
    midnight = datetime(2026, 11, 26, tzinfo=zone)
    dues = [
        midnight - timedelta(days=2),
        midnight - timedelta(days=1),  # yesterday, no time
        midnight,  # today, no time
        midnight + timedelta(hours=9),  # earlier today
        now,
        now + timedelta(hours=3),
        midnight + timedelta(days=1),
        midnight + timedelta(days=7, hours=23),
        midnight + timedelta(days=8),
        midnight + timedelta(days=40),
    ]
    for due in dues:
        store.intents.add_follow_up(contact_id, "update", due.astimezone(UTC))
    grouped = store.follow_ups.grouped_agenda(now)
    counts = store.follow_ups.agenda_counts(now)
    assert {g: len(items) for g, items in grouped.items()} == counts
    assert sum(counts.values()) == len(dues)
    for group in AGENDA_GROUPS:
        items = store.follow_ups.agenda_group(group, now, 0, 100)
        assert [i.id for i in items] == [i.id for i in grouped[group]]
        assert all(agenda_group(i.due, now) == group for i in items)
        backwards = store.follow_ups.agenda_group(group, now, 0, 100, reverse=True)
        assert backwards == items[::-1]


def test_agenda_counts_leave_out_archived_people_in_every_group(demo_store):
    """The counts are taken from every open item less archived people's: archiving
    someone with items in several groups takes exactly those away (and back)."""
    from infointerview_tui.core.schedule import AGENDA_GROUPS as GROUPS

    store = demo_store
    now = datetime(2026, 11, 26, 15, 30, tzinfo=UTC)
    ada = store.intents.add_contact("Ada Park")
    for days in (-3, 0, 2, 30):  # overdue, today, this week, later
        store.intents.add_follow_up(ada, "update", now + timedelta(days=days, hours=1))

    def truth() -> dict[str, int]:
        return {g: len(items) for g, items in store.follow_ups.grouped_agenda(now).items()}

    before = store.follow_ups.agenda_counts(now)
    assert before == truth()
    assert all(before[g] for g in GROUPS)
    store.intents.archive(ada)
    archived = store.follow_ups.agenda_counts(now)
    assert archived == truth()
    assert {g: before[g] - archived[g] for g in GROUPS} == {
        "Overdue": 1,
        "Today": 1,
        "This week": 1,
        "Later": 1,
    }
    # Demo people archived too, with follow-ups and planned interviews of their own.
    from sqlalchemy import update

    from infointerview_tui.core.models import Contact

    with store.db.write() as conn:
        conn.execute(update(Contact).where(Contact.id % 3 == 0).values(archived=True))  # type: ignore[operator]
    assert store.follow_ups.agenda_counts(now) == truth()


def test_pages_and_agenda_groups_on_postgres(request):
    """The same paging and agenda groups on PostgreSQL (tests/pgserver.py's server)."""
    from sqlalchemy import create_engine
    from sqlmodel import SQLModel

    from infointerview_tui.core import models  # noqa: F401
    from infointerview_tui.core.demo import write_demo
    from infointerview_tui.core.store import Store
    from tests.conftest import frozen_clock

    engine = create_engine(str(request.getfixturevalue("pg_url")))
    SQLModel.metadata.drop_all(engine)
    SQLModel.metadata.create_all(engine)
    server = Store("postgres", engine=engine, clock=frozen_clock)
    try:
        write_demo(server, 60, seed=7)
        test_stage_lists_read_in_pages_equal_the_whole_list(server)
        now = frozen_clock()
        grouped = server.follow_ups.grouped_agenda(now)
        assert {g: len(i) for g, i in grouped.items()} == server.follow_ups.agenda_counts(now)
        for group in AGENDA_GROUPS:
            items = server.follow_ups.agenda_group(group, now, 0, 1000)
            assert {i.id for i in items} == {i.id for i in grouped[group]}
            assert server.follow_ups.agenda_group(group, now, 0, 1000, True) == items[::-1]
    finally:
        server.close()
        SQLModel.metadata.drop_all(engine)
