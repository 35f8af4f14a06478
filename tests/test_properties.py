"""Property-based tests (hypothesis) on generated input: dates, schedule, interchange."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infointerview_tui.core import schedule
from infointerview_tui.core.businessdays import BusinessCalendar
from infointerview_tui.core.dates import DateParseError, parse_when
from infointerview_tui.core.interop import jsonio
from infointerview_tui.core.interop.linkedin import import_linkedin
from infointerview_tui.core.interop.vcard import import_vcard
from infointerview_tui.core.interop.vcard_export import export_vcard
from infointerview_tui.core.store import Store
from infointerview_tui.core.text import clean_line, clean_text
from tests.conftest import frozen_clock

ZONES = st.sampled_from(
    [
        UTC,
        ZoneInfo("America/Toronto"),
        ZoneInfo("Europe/Berlin"),
        ZoneInfo("Australia/Sydney"),
        ZoneInfo("Asia/Kolkata"),
    ]
)
NOWS = st.builds(
    lambda dt, zone: dt.replace(tzinfo=zone),
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2090, 12, 31)),
    ZONES,
)
SLOW = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Names people really have: letters from many scripts, spaces, apostrophes, hyphens,
# markup-looking brackets and commas and quotes.
NAME = (
    st.text(
        st.characters(categories=("L", "M", "Zs", "N"), include_characters="'-[]/,\".@"),
        min_size=1,
        max_size=30,
    )
    .map(lambda s: " ".join(s.split()))
    .filter(lambda s: len(s) > 0)
)


@given(st.text(max_size=40), NOWS)
@settings(max_examples=300, deadline=None)
def test_parse_when_either_answers_aware_or_refuses_clearly(text, now):
    try:
        result = parse_when(text, now)
    except DateParseError as exc:
        assert str(exc)  # a message fit to show
    else:
        assert result.tzinfo is not None


@given(NOWS, st.integers(0, 23), st.integers(0, 59))
@settings(max_examples=200, deadline=None)
def test_iso_dates_round_trip(now, hour, minute):
    target = (now + timedelta(days=3)).replace(
        hour=hour, minute=minute, second=0, microsecond=0, tzinfo=None
    )
    parsed = parse_when(target.strftime("%Y-%m-%d %H:%M"), now)
    assert parsed.replace(tzinfo=None) == target


@given(NOWS)
def test_thank_you_is_always_exactly_24_elapsed_hours(ended):
    due = schedule.thank_you_due(ended)
    assert due.astimezone(UTC) - ended.astimezone(UTC) == timedelta(hours=24)


@given(NOWS, st.integers(1, 24))
def test_stay_in_touch_is_later_and_within_the_month_bounds(touch, months):
    due = schedule.stay_in_touch_due(touch, months)
    assert due > touch
    low = timedelta(days=28 * months - 1)
    high = timedelta(days=31 * months + 1)
    assert low <= due.astimezone(UTC) - touch.astimezone(UTC) <= high


@given(NOWS)
def test_nudge_is_seven_business_days_of_wall_clock(sent):
    due = schedule.business_nudge_due(sent, BusinessCalendar())
    local_sent, local_due = sent.replace(tzinfo=None), due.replace(tzinfo=None)
    # same wall-clock time, 7 business days on: 9 to 11 calendar days with weekends
    assert local_due.time() == local_sent.time()
    assert 9 <= (local_due.date() - local_sent.date()).days <= 11
    assert local_due.weekday() < 5


@given(st.text(max_size=200))
def test_cleaned_text_has_no_control_bytes(text):
    for cleaned in (clean_text(text), clean_line(text)):
        assert not any(ord(c) < 32 and c not in "\n\t" for c in cleaned)
        assert not any(0x7F <= ord(c) <= 0x9F for c in cleaned)
    assert "\n" not in clean_line(text)


def _fresh(tmp_path: Path, name: str) -> Store:
    path = tmp_path / name
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return Store(path, clock=frozen_clock)


@given(people=st.lists(st.tuples(NAME, NAME, st.text(max_size=60)), min_size=1, max_size=8))
@SLOW
def test_json_round_trip_on_generated_people(tmp_path, people):
    source = _fresh(tmp_path, "src.db")
    try:
        for name, org, notes in people:
            cid = source.intents.add_contact(name, 3, organization=org, notes=notes)
            source.intents.move_card(cid, 3, 4)
        one, two = tmp_path / "one.json", tmp_path / "two.json"
        jsonio.export_json(source, one, force=True)  # hypothesis reuses tmp_path
    finally:
        source.close()
    target = _fresh(tmp_path, "dst.db")
    try:
        jsonio.import_json(target, one)
        jsonio.export_json(target, two, force=True)
    finally:
        target.close()
    assert one.read_bytes() == two.read_bytes()


@given(rows=st.lists(st.tuples(NAME, NAME, NAME, NAME), min_size=1, max_size=10))
@SLOW
def test_linkedin_reader_keeps_every_field_of_generated_rows(tmp_path, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(
        ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
    )
    for i, (first, last, company, position) in enumerate(rows):
        writer.writerow(
            [first, last, f"https://www.linkedin.com/in/p{i}", "", company, position, "01 Jan 2024"]
        )
    path = tmp_path / "gen.csv"
    path.write_text("Notes:\r\n\r\n" + buffer.getvalue(), encoding="utf-8-sig")
    store = _fresh(tmp_path, "li.db")
    try:
        report = import_linkedin(store, path)
        assert report.imported + report.duplicates == len(rows)
        got = {
            tuple(r)
            for r in store.query(
                "SELECT c.name, coalesce(o.name, ''), c.title FROM contact c "
                "LEFT JOIN organization o ON o.id = c.organization_id"
            )
        }
        for first, last, company, position in rows:
            name = " ".join(p for p in (first.strip(), last.strip()) if p)
            # a later row with the same name + company is a duplicate of an earlier one
            matches = [g for g in got if g[0] == name and g[1].lower() == company.lower()]
            assert matches, (name, company, got)
            assert any(g[2] == position for g in matches) or report.duplicates
    finally:
        store.close()


@given(
    people=st.lists(
        st.tuples(NAME, NAME, st.text(max_size=80)),
        min_size=1,
        max_size=6,
        unique_by=lambda p: (p[0].lower(), p[1].lower()),
    )
)
@SLOW
def test_vcard_round_trip_on_generated_people(tmp_path, people):
    source = _fresh(tmp_path, "v1.db")
    out = tmp_path / "all.vcf"
    try:
        for name, org, notes in people:
            source.intents.add_contact(name, 3, organization=org, notes=notes)
        export_vcard(source, out, force=True)  # hypothesis reuses tmp_path
        expected = sorted(
            tuple(r)
            for r in source.query(
                "SELECT c.name, coalesce(o.name, ''), c.notes FROM contact c "
                "LEFT JOIN organization o ON o.id = c.organization_id"
            )
        )
    finally:
        source.close()
    target = _fresh(tmp_path, "v2.db")
    try:
        assert import_vcard(target, out).imported == len(people)
        got = sorted(
            tuple(r)
            for r in target.query(
                "SELECT c.name, coalesce(o.name, ''), c.notes FROM contact c "
                "LEFT JOIN organization o ON o.id = c.organization_id"
            )
        )
    finally:
        target.close()
    assert got == expected
