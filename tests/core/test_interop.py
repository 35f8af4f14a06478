"""LinkedIn, vCard and iCalendar: real-format fixtures, round trips, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from infointerview_tui.core.interop.errors import InteropError
from infointerview_tui.core.interop.ical import export_ics
from infointerview_tui.core.interop.linkedin import import_linkedin
from infointerview_tui.core.interop.markdown import export_markdown
from infointerview_tui.core.interop.vcard import import_vcard
from infointerview_tui.core.interop.vcard_export import export_vcard
from infointerview_tui.core.store import Store
from tests.conftest import dump, frozen_clock

FIXTURES = Path(__file__).parent.parent / "fixtures"


def contacts(store) -> list[tuple]:
    return [
        tuple(r)
        for r in store.query(
            "SELECT c.name, c.title, coalesce(o.name, ''), c.email, c.phone, c.linkedin_url, "
            "c.tags, c.notes, c.stage, c.how_found FROM contact c LEFT JOIN organization o ON "
            "o.id = c.organization_id ORDER BY c.name, c.email, c.title"
        )
    ]


def test_linkedin_current_format_with_every_quirk(store):
    report = import_linkedin(store, FIXTURES / "linkedin" / "Connections.csv")
    assert report.summary() == ("imported 5, skipped 1 duplicate, 1 row without a name (line 8)")
    rows = {r[0]: r for r in contacts(store)}
    assert rows["Ada Lovelace"][2] == "Analytical Engines, Ltd"  # quoted comma
    assert rows["Grace Hopper"][1] == 'Rear Admiral, "Amazing Grace"'  # doubled quotes
    assert rows["Eve Escaped"][1] == "[b]Spy[/"  # control bytes gone, markup kept as text
    assert all(r[8] == 3 and r[9] == "LinkedIn" for r in rows.values())
    orgs = store.query("SELECT name FROM organization WHERE name = 'Analytical Engines, Ltd'")
    assert len(orgs) == 1  # created once for three people
    events = store.query("SELECT count(*) FROM stage_event WHERE to_stage = 3")
    assert events[0][0] == 5


def test_linkedin_reimport_changes_nothing(store):
    import_linkedin(store, FIXTURES / "linkedin" / "Connections.csv")
    before = dump(store)
    report = import_linkedin(store, FIXTURES / "linkedin" / "Connections.csv")
    assert report.imported == 0 and report.duplicates == 6
    assert dump(store) == before


def test_linkedin_legacy_format(store):
    report = import_linkedin(store, FIXTURES / "linkedin" / "Connections-legacy.csv")
    assert report.imported == 2
    assert {r[0] for r in contacts(store)} == {"Linus Legacy", "Marta Older"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"name,email\nAda,ada@example.org\n", "no LinkedIn header"),
        (b"First Name,Last Name,URL\nAda,L,x\n", "lacks Company, Position"),
    ],
)
def test_linkedin_bad_files_change_nothing(demo_store, tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    before = dump(demo_store)
    with pytest.raises(InteropError, match=message):
        import_linkedin(demo_store, path)
    assert dump(demo_store) == before


def test_linkedin_20000_rows(store, tmp_path):
    lines = ["Notes:", "", "First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    lines += [
        f"P{i},Q{i},https://www.linkedin.com/in/p{i},,Co {i % 500},Role,01 Jan 2024"
        for i in range(20000)
    ]
    path = tmp_path / "big.csv"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8-sig")
    seen: list[tuple[int, int]] = []
    report = import_linkedin(store, path, lambda done, total: seen.append((done, total)))
    assert report.imported == 20000 and report.organizations_created == 500
    assert seen[-1] == (20000, 20000)
    assert store.contacts.stage_counts()[3] == 20000


def test_vcard_3_and_4(store):
    assert import_vcard(store, FIXTURES / "vcard" / "contacts-3.0.vcf").imported == 2
    assert import_vcard(store, FIXTURES / "vcard" / "contacts-4.0.vcf").imported == 1
    rows = {r[0]: r for r in contacts(store)}
    grace = rows["Grace Hopper"]
    assert grace[2] == "US Navy" and grace[1] == "Rear Admiral"
    assert grace[3] == "grace@example.org"  # the preferred one, not the first
    assert (
        grace[7] == 'Invented the first compiler, and popularised "debugging".\nLoves nanoseconds.'
        "\nDepartment: Computing Division"
    )  # unfolded and unescaped; ORG's unit kept, not dropped
    assert grace[6] == "navy, pioneer"
    assert grace[5] == "https://www.linkedin.com/in/grace-hopper"
    assert rows["Charles Babbage"][0] == "Charles Babbage"  # from N when FN is missing
    ada = rows["Ada Lovelace"]
    assert ada[3] == "ada@example.org" and ada[5] == "https://linkedin.com/in/ada/"
    before = dump(store)
    assert import_vcard(store, FIXTURES / "vcard" / "contacts-3.0.vcf").imported == 0
    assert dump(store) == before


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("truncated.vcf", None, "truncated"),
        ("binary.vcf", b"\x00\x01\x02BEGIN:VCARD", "binary"),
        ("plain.vcf", b"hello world\n", "no BEGIN:VCARD"),
    ],
)
def test_vcard_bad_files_change_nothing(demo_store, tmp_path, name, content, message):
    path = FIXTURES / "vcard" / name if content is None else tmp_path / name
    if content is not None:
        path.write_bytes(content)
    before = dump(demo_store)
    with pytest.raises(InteropError, match=message):
        import_vcard(demo_store, path)
    assert dump(demo_store) == before


def test_vcard_round_trip(demo_store, tmp_path):
    out = tmp_path / "all.vcf"
    assert export_vcard(demo_store, out) == 60
    text = out.read_text()
    assert text.count("VERSION:4.0") == 60 and "RELATED;TYPE=contact:urn:uuid:" in text
    import vobject

    parsed = list(vobject.readComponents(text))  # a third-party parser reads it back
    assert len(parsed) == 60 and all(c.uid.value.startswith("urn:uuid:") for c in parsed)
    target = Store(tmp_path / "copy.db", clock=frozen_clock)
    try:
        assert import_vcard(target, out).imported == 60
        original = [r[:8] for r in contacts(demo_store)]
        copied = [r[:8] for r in contacts(target)]
        assert copied == original
    finally:
        target.close()
    again = tmp_path / "again.vcf"
    export_vcard(demo_store, again)
    assert again.read_text() == text  # stable UIDs


def test_ics_is_read_back_with_every_required_property(demo_store, tmp_path):
    from icalendar import Calendar

    out = tmp_path / "plan.ics"
    done = {
        f"{name} ({org})" if org else name
        for name, org in demo_store.query(
            "SELECT c.name, coalesce(o.name, '') FROM interview i JOIN contact c ON "
            "c.id = i.contact_id LEFT JOIN organization o ON o.id = c.organization_id "
            "WHERE i.status = 'done'"
        )
    }
    assert done
    events, todos = export_ics(demo_store, out)
    assert events > 5 and todos > 5
    cal = Calendar.from_ical(out.read_bytes())
    vevents = list(cal.walk("VEVENT"))
    vtodos = list(cal.walk("VTODO"))
    assert len(vevents) == events and len(vtodos) == todos
    for event in vevents:
        for prop in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION"):
            assert prop in event
        assert str(event["SUMMARY"]).startswith("Information interview: ")
        assert event.decoded("DTSTART").tzinfo is not None
        alarms = list(event.walk("VALARM"))
        if str(event["SUMMARY"]).split(": ", 1)[1] in done:
            assert alarms == []  # no alarm for a conversation that already happened
        else:
            assert alarms[0].decoded("TRIGGER") == -__import__("datetime").timedelta(minutes=30)
    assert any("Planned questions" in str(e["DESCRIPTION"]) for e in vevents)
    for todo in vtodos:
        for prop in ("UID", "DTSTAMP", "DUE", "STATUS", "SUMMARY"):
            assert prop in todo
    assert any(str(t["SUMMARY"]).startswith("Thank-you note to ") for t in vtodos)
    uids = {str(c["UID"]) for c in vevents + vtodos}
    export_ics(demo_store, tmp_path / "again.ics")
    again = Calendar.from_ical((tmp_path / "again.ics").read_bytes())
    assert {str(c["UID"]) for c in list(again.walk("VEVENT")) + list(again.walk("VTODO"))} == uids


def test_markdown_export_one_file_per_interview(demo_store, tmp_path):
    count = export_markdown(demo_store, tmp_path / "notes")
    files = sorted((tmp_path / "notes").glob("*.md"))
    assert count == len(files) > 0
    text = files[0].read_text()
    assert text.startswith("# Information interview: ")
    assert "## 1. The person" in text and "## AIR" in text and "### Advice" in text


def test_unwritable_targets(demo_store, tmp_path):
    missing = tmp_path / "no" / "dir" / "x"
    for writer in (export_vcard, export_ics):
        with pytest.raises(InteropError, match="cannot write"):
            writer(demo_store, missing)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(InteropError, match="is a file"):
        export_markdown(demo_store, blocker)


def test_ics_leaves_out_archived_contacts_interviews(demo_store, tmp_path):
    from icalendar import Calendar

    name, contact_id = demo_store.query(
        "SELECT c.name, c.id FROM interview i JOIN contact c ON c.id = i.contact_id "
        "WHERE i.scheduled_at IS NOT NULL AND i.status != 'done' LIMIT 1"
    )[0]
    export_ics(demo_store, tmp_path / "before.ics")
    before = Calendar.from_ical((tmp_path / "before.ics").read_bytes())
    assert any(name in str(e["SUMMARY"]) for e in before.walk("VEVENT"))
    demo_store.intents.archive(contact_id)
    export_ics(demo_store, tmp_path / "after.ics")
    after = Calendar.from_ical((tmp_path / "after.ics").read_bytes())
    assert not any(name in str(e["SUMMARY"]) for e in after.walk("VEVENT"))


def test_sync_objects_follow_the_export_rules(demo_store):
    """The sync's objects: no alarm on a done interview, archived contacts left out."""
    from infointerview_tui.core.sync.local import INTERVIEW, calendar_objects

    objects = [o for o in calendar_objects(demo_store).values() if o.kind == INTERVIEW]
    done = [o for o in objects if o.extra["status"] == "done"]
    planned = [o for o in objects if o.extra["status"] != "done"]
    assert done and planned
    stamp = demo_store.now()
    assert all("BEGIN:VALARM" not in o.render(stamp) for o in done)
    assert all("BEGIN:VALARM" in o.render(stamp) for o in planned)
    archived = planned[0].extra["contact_id"]
    demo_store.intents.archive(archived)
    again = calendar_objects(demo_store).values()
    assert not any(o.kind == INTERVIEW and o.extra["contact_id"] == archived for o in again)
