"""The 3-way merge rule, and the [sync] settings it runs with."""

from __future__ import annotations

from pathlib import Path

from infointerview_tui.core.settings import parse_settings
from infointerview_tui.core.sync.remote import merge


def test_a_field_changed_only_on_the_server_is_taken():
    base = {"phone": "1", "email": "a@x.org"}
    assert merge(base, dict(base), {"phone": "2", "email": "a@x.org"}) == ({"phone": "2"}, {})


def test_a_field_changed_only_in_the_app_stays():
    base = {"phone": "1"}
    assert merge(base, {"phone": "3"}, {"phone": "1"}) == ({}, {})


def test_both_changed_differently_is_a_conflict_the_app_wins():
    assert merge({"phone": "1"}, {"phone": "3"}, {"phone": "2"}) == ({}, {"phone": "2"})


def test_both_changed_the_same_way_is_agreement():
    assert merge({"phone": "1"}, {"phone": "2"}, {"phone": "2"}) == ({}, {})


def test_carddav_url_must_be_a_web_address():
    text = '[sync]\nurl = "https://caldav.example.com/"\ncarddav_url = "carddav.example.com"\n'
    loaded = parse_settings(text, Path("config.toml"))
    assert loaded.settings.sync.carddav_url == ""
    assert loaded.settings.sync.url == "https://caldav.example.com/"
    assert any("line 3: sync.carddav_url must start with https://" in p for p in loaded.problems)
