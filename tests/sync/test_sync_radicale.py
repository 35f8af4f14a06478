"""Sync against a real Radicale, checked with the caldav library as the phone."""

from __future__ import annotations

import json
import sqlite3
import time
from datetime import timedelta
from pathlib import Path

from infointerview_tui.__main__ import main
from infointerview_tui.core.sync import run_sync
from infointerview_tui.core.sync.local import calendar_objects, contacts

from . import phone, radicale


def _count(db: Path, sql: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


def _export(db: Path, tmp_path: Path) -> dict:
    out = tmp_path / "out.json"
    assert main(["export", "json", str(out), "--db", str(db)]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


def _summary(obj) -> str:
    return str(obj.icalendar_component.get("summary"))


def test_first_sync_puts_one_object_per_record(demo_store, sync_settings, phone_client):
    report = run_sync(demo_store, sync_settings, radicale.PASSWORD)
    db = demo_store.path
    interviews = _count(
        db,
        "SELECT count(*) FROM interview i JOIN contact c ON c.id = i.contact_id "
        "WHERE i.scheduled_at IS NOT NULL AND i.status != 'cancelled' AND c.archived = false",
    )
    not_done = _count(
        db,
        "SELECT count(*) FROM interview i JOIN contact c ON c.id = i.contact_id "
        "WHERE i.scheduled_at IS NOT NULL AND i.status NOT IN ('cancelled', 'done') "
        "AND c.archived = false",
    )
    open_follow_ups = _count(
        db,
        "SELECT count(*) FROM follow_up f JOIN contact c ON c.id = f.contact_id "
        "WHERE f.done = false AND c.archived = false",
    )
    people = _count(db, "SELECT count(*) FROM contact")
    assert interviews and open_follow_ups and people == 60
    events = phone.events(phone_client)
    todos = phone.todos(phone_client)
    assert len(events) == interviews
    assert len(todos) == open_follow_ups
    assert len(phone.cards(phone_client)) == people
    assert report.created == interviews + open_follow_ups + people
    assert report.collections_created == ["calendar", "address book"]
    # Each interview still ahead keeps its alarm (a done one has none); one object per
    # record, by its stable UID.
    assert 0 < not_done < interviews
    assert sum(bool(e.icalendar_component.walk("VALARM")) for e in events) == not_done
    assert {str(e.icalendar_component["uid"]) for e in events} | {
        str(t.icalendar_component["uid"]) for t in todos
    } == set(calendar_objects(demo_store))


def test_second_sync_changes_nothing_and_is_quick(demo_store, sync_settings, phone_client):
    run_sync(demo_store, sync_settings, radicale.PASSWORD)
    before = phone.all_etags(phone_client)
    start = time.perf_counter()
    report = run_sync(demo_store, sync_settings, radicale.PASSWORD)
    elapsed = time.perf_counter() - start
    assert phone.all_etags(phone_client) == before
    assert report.server_changes == 0 and report.app_changes == 0
    assert report.headline().startswith("sync: already in step")
    assert elapsed < 2.0


def test_phone_edits_come_back(demo_store, sync_settings, phone_client, tmp_path):
    run_sync(demo_store, sync_settings, radicale.PASSWORD)
    records = calendar_objects(demo_store)
    # Complete the stay-in-touch to-do on the phone.
    todo = next(
        t
        for t in phone.todos(phone_client)
        if records[str(t.icalendar_component["uid"])].extra["kind"] == "stay-in-touch"
    )
    follow_up = records[str(todo.icalendar_component["uid"])]
    todo.complete()
    # Move a planned interview by a day and two hours.
    event = next(
        e
        for e in phone.events(phone_client)
        if records[str(e.icalendar_component["uid"])].extra["status"] == "planned"
    )
    interview = records[str(event.icalendar_component["uid"])]
    component = event.icalendar_component
    moved = component.decoded("dtstart") + timedelta(days=1, hours=2)
    length = component.decoded("dtend") - component.decoded("dtstart")
    component["dtstart"].dt = moved
    component["dtend"].dt = moved + length
    event.save()
    # Edit a contact's phone, email and title.
    people = contacts(demo_store)
    href, (etag, text) = next(iter(sorted(phone.cards(phone_client).items())))
    person = next(p for p in people.values() if p.uid in text)
    text = (
        text.replace(person.fields["phone"], "+1 555 7777")
        .replace(person.fields["email"], "new.address@example.org")
        .replace(f"TITLE:{person.fields['title']}", "TITLE:Head of Research")
    )
    assert phone.put(phone_client, href, text, etag, "text/vcard") in (201, 204)

    report = run_sync(demo_store, sync_settings, radicale.PASSWORD)

    data = _export(demo_store.path, tmp_path)
    done = next(f for f in data["follow_ups"] if f["id"] == follow_up.record_id)
    assert done["done"] is True
    # A stay-in-touch done counts as a touch: the next one is due a cadence later.
    nxt = [
        f
        for f in data["follow_ups"]
        if f["contact_id"] == done["contact_id"] and f["kind"] == "stay-in-touch" and not f["done"]
    ]
    assert len(nxt) == 1 and nxt[0]["due"] > done["done_at"]
    iv = next(i for i in data["interviews"] if i["id"] == interview.record_id)
    assert iv["scheduled_at"] == moved.astimezone(moved.tzinfo).isoformat().replace("Z", "+00:00")
    contact = next(c for c in data["contacts"] if c["id"] == person.record_id)
    assert (contact["phone"], contact["email"], contact["title"]) == (
        "+1 555 7777",
        "new.address@example.org",
        "Head of Research",
    )
    assert len(report.completed) == 1 and len(report.rescheduled) == 1
    assert len(report.contacts_updated) == 1 and not report.conflicts
    # The completed to-do left the server; the new stay-in-touch one is there.
    uids = {str(t.icalendar_component["uid"]) for t in phone.todos(phone_client)}
    assert follow_up.uid not in uids
    assert set(calendar_objects(demo_store)) == uids | {
        str(e.icalendar_component["uid"]) for e in phone.events(phone_client)
    }
    # And the next sync has nothing left to do.
    assert run_sync(demo_store, sync_settings, radicale.PASSWORD).server_changes == 0


def test_both_sides_changed_the_app_keeps_its_value(demo_store, sync_settings, phone_client):
    run_sync(demo_store, sync_settings, radicale.PASSWORD)
    people = contacts(demo_store)
    href, (etag, text) = next(iter(sorted(phone.cards(phone_client).items())))
    person = next(p for p in people.values() if p.uid in text)
    phone.put(
        phone_client, href, text.replace(person.fields["phone"], "+1 555 2222"), etag, "text/vcard"
    )
    demo_store.intents.edit_contact(person.record_id, {"phone": "+1 555 3333"})

    report = run_sync(demo_store, sync_settings, radicale.PASSWORD)

    view = demo_store.contacts.view(person.record_id)
    assert view is not None
    assert view.values["phone"] == "+1 555 3333"
    assert (
        "[sync conflict] phone on the server: +1 555 2222 (kept +1 555 3333)"
        in (view.values["notes"])
    )
    assert len(report.conflicts) == 1 and "phone" in report.conflicts[0]
    assert any(line.startswith("  conflict:") for line in report.lines())
    # The server now shows the app's value; syncing again changes nothing more.
    assert "+1 555 3333" in phone.cards(phone_client)[href][1]
    again = run_sync(demo_store, sync_settings, radicale.PASSWORD)
    assert again.server_changes == 0 and not again.conflicts


def test_app_deletions_leave_the_server_and_foreign_objects_stay(
    demo_store, sync_settings, phone_client
):
    run_sync(demo_store, sync_settings, radicale.PASSWORD)
    cal = phone.calendar(phone_client)
    foreign = cal.add_event(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//phone//EN\r\nBEGIN:VEVENT\r\n"
        "UID:dentist@phone\r\nDTSTAMP:20261120T100000Z\r\nDTSTART:20261201T090000Z\r\n"
        "DTEND:20261201T100000Z\r\nSUMMARY:Dentist\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    foreign_etags = phone.etags(phone_client, str(cal.url))
    open_ids = [o.record_id for o in calendar_objects(demo_store).values() if o.kind == "follow-up"]
    demo_store.intents.complete_follow_up(open_ids[0])  # done in the app: no longer an open to-do

    report = run_sync(demo_store, sync_settings, radicale.PASSWORD)

    assert report.deleted >= 1
    after = phone.etags(phone_client, str(cal.url))
    href = str(foreign.url.path)
    assert after[href] == foreign_etags[href]
    uids = {str(t.icalendar_component["uid"]) for t in phone.todos(phone_client)}
    assert uids == {u for u, o in calendar_objects(demo_store).items() if o.kind == "follow-up"}


def test_dry_run_changes_nothing_on_either_side(demo_store, sync_settings, phone_client):
    report = run_sync(demo_store, sync_settings, radicale.PASSWORD, dry_run=True)
    assert report.created > 0 and report.collections_created == ["calendar", "address book"]
    assert not [c for c in phone_client.principal().get_calendars()]
    assert _count(demo_store.path, "SELECT count(*) FROM sync_item") == 0


def test_calendar_deleted_on_the_phone_is_made_again(demo_store, sync_settings, phone_client):
    run_sync(demo_store, sync_settings, radicale.PASSWORD)
    count = len(phone.events(phone_client)) + len(phone.todos(phone_client))
    phone.calendar(phone_client).delete()

    report = run_sync(demo_store, sync_settings, radicale.PASSWORD)

    assert report.collections_created == ["calendar"]
    assert len(phone.events(phone_client)) + len(phone.todos(phone_client)) == count
    assert run_sync(demo_store, sync_settings, radicale.PASSWORD).server_changes == 0


def test_an_address_book_made_by_the_user_keeps_its_own_cards(
    demo_store, sync_settings, phone_client
):
    """A collection named infointerview that exists already is never replaced: its
    other cards stay as they were."""
    home = str(phone_client.url.join("/sam/mine/"))
    phone_client.request(
        home,
        "MKCOL",
        '<?xml version="1.0"?><d:mkcol xmlns:d="DAV:" xmlns:r="urn:ietf:params:xml:ns:carddav">'
        "<d:set><d:prop><d:resourcetype><d:collection/><r:addressbook/></d:resourcetype>"
        "<d:displayname>infointerview</d:displayname></d:prop></d:set></d:mkcol>",
    )
    card = "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:mum\r\nFN:Mum\r\nN:;Mum;;;\r\nEND:VCARD\r\n"
    phone_client.request(home + "mum.vcf", "PUT", card, {"Content-Type": "text/vcard"})
    before = phone.etags(phone_client, home)

    report = run_sync(demo_store, sync_settings, radicale.PASSWORD)

    assert report.collections_created == ["calendar"]
    after = phone.etags(phone_client, home)
    assert after["/sam/mine/mum.vcf"] == before["/sam/mine/mum.vcf"]
    assert len(after) == 61


def test_a_to_do_deleted_on_the_phone_comes_back(demo_store, sync_settings, phone_client):
    """The app still has the follow-up open, so its to-do is put back (and said so)."""
    run_sync(demo_store, sync_settings, radicale.PASSWORD)
    todos = phone.todos(phone_client)
    todos[0].delete()

    report = run_sync(demo_store, sync_settings, radicale.PASSWORD)

    assert report.recreated == 1 and report.server_changes == 1
    assert any("put back 1 object deleted on the server" in line for line in report.lines())
    assert len(phone.todos(phone_client)) == len(todos)
