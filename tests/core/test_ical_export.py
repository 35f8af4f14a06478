"""The streaming calendar writer writes exactly what the icalendar library wrote."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from infointerview_tui.core import db
from infointerview_tui.core.interop.contentlines import fold_ical
from infointerview_tui.core.interop.ical import SUMMARIES, export_ics
from infointerview_tui.core.interop.vcard import NAMESPACE
from infointerview_tui.core.stages import CATEGORIES
from tests.conftest import execute


def _uid(kind: str, record_id: int, anchor: object) -> str:
    # From the stored text of created_at, as the exports before streaming did: the UIDs
    # must not change, or subscribed calendars would duplicate every entry. (PostgreSQL
    # gives a datetime: its text as SQLite stores it.)
    if not isinstance(anchor, str):
        anchor = db.to_db(anchor)  # type: ignore[arg-type]
    return f"{uuid.uuid5(NAMESPACE, f'{kind}:{record_id}:{anchor}')}@infointerview"


def icalendar_calendar(store) -> bytes:
    """The export as it was: icalendar components for everything (the reference)."""
    from icalendar import Alarm, Calendar, Event, Todo

    cal = Calendar()
    cal.add("prodid", "-//infointerview//information interviews//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Information interviews")
    stamp = store.now()
    titles = {n: t for n, t, _ in CATEGORIES}
    interviews = store.query(
        "SELECT i.id, i.scheduled_at, i.planned_minutes, i.location, i.status, c.name, "
        "c.created_at, coalesce(o.name, '') FROM interview i JOIN contact c ON c.id = "
        "i.contact_id LEFT JOIN organization o ON o.id = c.organization_id "
        "WHERE i.scheduled_at IS NOT NULL AND i.status != 'cancelled' AND c.archived = false "
        "ORDER BY i.id"
    )
    for iid, start, minutes, location, status, name, anchor, org in interviews:
        begin = db.from_db(start)
        event = Event()
        event.add("uid", _uid("interview", iid, anchor))
        event.add("dtstamp", stamp)
        event.add("dtstart", begin)
        event.add("dtend", begin + timedelta(minutes=minutes))
        who = f"{name} ({org})" if org else name
        event.add("summary", f"Information interview: {who}")
        if location:
            event.add("location", location)
        event.add("status", "CONFIRMED")
        questions = store.query(
            "SELECT category, question_text FROM interview_answer WHERE interview_id = ? "
            "ORDER BY category, position, id",
            (iid,),
        )
        lines = ["Planned questions:"] + [f"- [{titles[c]}] {q}" for c, q in questions]
        lines.append("Remember AIR: Advice, Insight, Referral.")
        event.add("description", "\n".join(lines))
        if status != "done":  # no reminder for a conversation that already happened
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"Information interview with {name} in 30 minutes")
            alarm.add("trigger", timedelta(minutes=-30))
            event.add_component(alarm)
        cal.add_component(event)
    follow_ups = store.query(
        "SELECT f.id, f.kind, f.due, f.note, c.name, c.created_at FROM follow_up f "
        "JOIN contact c ON c.id = f.contact_id WHERE f.done = false AND c.archived = false "
        "ORDER BY f.id"
    )
    for fid, kind, due, note, name, anchor in follow_ups:
        todo = Todo()
        todo.add("uid", _uid("follow-up", fid, anchor))
        todo.add("dtstamp", stamp)
        todo.add("due", db.from_db(due))
        todo.add("status", "NEEDS-ACTION")
        todo.add("summary", SUMMARIES.get(kind, kind + " {name}").format(name=name))
        if note:
            todo.add("description", note)
        cal.add_component(todo)
    return cal.to_ical()


def test_calendar_matches_icalendar_byte_for_byte(demo_store, tmp_path):
    execute(
        demo_store,
        "UPDATE contact SET name = ? WHERE id IN (SELECT contact_id FROM interview)",
        ("Zoë \\N; Łukasiewicz, PhD^" + "x" * 40 + "日本" * 20,),
    )
    execute(demo_store, "UPDATE interview SET location = ?", ("Room 4; floor 2,\r\nleft\\",))
    execute(demo_store, "UPDATE follow_up SET note = ?", ("a" * 73 + "\\" + "b" * 200 + "^c",))
    out = tmp_path / "plan.ics"
    events, todos = export_ics(demo_store, out)
    assert events > 5 and todos > 5
    assert out.read_bytes() == icalendar_calendar(demo_store)


@pytest.mark.parametrize(
    "line", ["x" * 74, "x" * 75, "x" * 400, "x" * 73 + "\\n" * 80, "é" * 90, "a^" * 100]
)
def test_folding_matches_icalendar(line):
    from icalendar.parser import Contentline

    expected = Contentline(line).to_ical().decode() + "\r\n"
    assert fold_ical(line) == expected
