"""`infointerview log`: the issue's "done when" run end to end, as a mail hook would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from infointerview_tui.core.dburl import parse_target
from tests.conftest import db_arg, dump, open_store
from tests.test_cli import assert_one_line_error, run

NEW_YORK = {"TZ": "America/New_York"}


@pytest.fixture
def people(tmp_path: Path, db_target) -> tuple[str, dict[str, str]]:
    """Three people in the test's database (an SQLite file or a PostgreSQL database)."""
    db = db_arg(db_target)
    store = open_store(db_target)
    add = store.intents.add_contact
    add("Pat Quinn", 3, organization="Clearpath", email="pat@clearpath.example")
    add("Priya Shah", 3, organization="Clearpath")
    add("Sam Ode", 3, organization="Northwind")
    store.close()
    config = tmp_path / "config.toml"
    config.write_text('holidays = "US"\n', encoding="utf-8")
    return db, {**NEW_YORK, "INFOINTERVIEW_CONFIG": str(config)}


def agenda(db: str, env: dict[str, str]) -> list[dict[str, str]]:
    result = run("agenda", "--json", "--db", db, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_sent_schedules_3b7_in_us_business_days_and_a_reply_clears_it(people, tmp_path):
    db, env = people
    sent = run("log", "sent", "pat", "--at", "2026-12-22 10:00", "--db", db, env=env)
    assert sent.returncode == 0, sent.stderr
    assert "logged outreach sent for Pat Quinn" in sent.stderr
    due = {(i["kind"], i["contact"]): i["due"] for i in agenda(db, env)}
    # Tue 22 Dec: 25 Dec, 1 Jan and the weekends skipped; 10:00 New York time kept
    assert due[("next-contact", "Pat Quinn")] == "2026-12-28T10:00:00-05:00"
    assert due[("nudge", "Pat Quinn")] == "2027-01-04T10:00:00-05:00"
    note = next(i["note"] for i in agenda(db, env) if i["kind"] == "next-contact")
    assert "Clearpath: Priya Shah" in note

    reply = run(
        "log", "reply", "pat@clearpath.example", "--at", "2026-12-23 09:30",
        "--outcome", "yes", "--text", "Happy to talk", "--db", db, env=env,
    )  # fmt: skip
    assert reply.returncode == 0, reply.stderr
    assert [i for i in agenda(db, env) if i["contact"] == "Pat Quinn"] == []
    out = tmp_path / "out.json"
    assert run("export", "json", str(out), "--db", db, env=env).returncode == 0
    contacts = {c["name"]: c for c in json.loads(out.read_text())["contacts"]}
    assert contacts["Pat Quinn"]["responsiveness"] == "booster"
    assert contacts["Pat Quinn"]["stage"] == 4  # "yes": on to Interview
    assert contacts["Sam Ode"]["responsiveness"] is None


def test_touch_and_give_back_are_logged_as_done_touches(people):
    db, env = people
    for kind in ("touch", "give-back"):
        result = run("log", kind, "Sam", "--text", "Sent the article", "--db", db, env=env)
        assert result.returncode == 0, result.stderr
    store = open_store(parse_target(db))
    try:
        kinds = store.query(
            "SELECT kind FROM follow_up WHERE done = true AND note = 'Sent the article' ORDER BY id"
        )
    finally:
        store.close()
    assert [tuple(k) for k in kinds] == [("update",), ("give-back",)]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("sent", "P"), "matches more than one contact (Pat Quinn, Priya Shah)"),
        (("sent", "Zed"), "no contact matches 'Zed'"),
        (("reply", "Sam"), "Sam Ode: no unanswered outreach to record a reply for"),
        (("sent", "Sam", "--at", "the day after"), "Could not"),
        (("touch", "Sam", "--outcome", "yes"), "--outcome goes with 'log reply'"),
    ],
)
def test_bad_log_lines_are_one_line_exit_2_and_write_nothing(people, args, needle):
    db, env = people
    store = open_store(parse_target(db))
    try:
        before = dump(store)
        result = run("log", *args, "--db", db, env=env)
        assert_one_line_error(result, needle)
        assert dump(store) == before
    finally:
        store.close()
