"""The app's own JSON: export -> import -> export is byte-for-byte identical."""

from __future__ import annotations

import json

import pytest

from infointerview_tui.core.interop import jsonio
from infointerview_tui.core.store import Store
from tests.conftest import frozen_clock


def test_round_trip_is_identical(demo_store, tmp_path):
    first = tmp_path / "one.json"
    jsonio.export_json(demo_store, first)
    target = Store(tmp_path / "restored.db", clock=frozen_clock)
    try:
        assert jsonio.import_json(target, first) == 60
        second = tmp_path / "two.json"
        jsonio.export_json(target, second)
    finally:
        target.close()
    assert first.read_bytes() == second.read_bytes()


def _exported(store, tmp_path):
    out = tmp_path / "export.json"
    jsonio.export_json(store, out)
    return json.loads(out.read_text(encoding="utf-8"))


def test_export_has_the_documented_shape(demo_store, tmp_path):
    data = _exported(demo_store, tmp_path)
    for key in (
        "career_fields",
        "organizations",
        "contacts",
        "interviews",
        "questions",
        "follow_ups",
    ):
        assert isinstance(data[key], list) and data[key]
    contact = data["contacts"][0]
    for key in ("id", "name", "stage", "organization", "referred_by", "email", "linkedin_url"):
        assert key in contact
    assert any(c["referred_by"] for c in data["contacts"])
    done = next(i for i in data["interviews"] if i["status"] == "done")
    assert done["contact"] and done["advice"] and done["insight"]
    assert done["scheduled_at"].endswith("+00:00")
    answer = done["answers"][0]
    assert set(answer) >= {"category", "question", "notes"}


def test_import_refuses_a_database_with_data(demo_store, tmp_path):
    out = tmp_path / "x.json"
    jsonio.export_json(demo_store, out)
    with pytest.raises(jsonio.JsonImportError, match="empty database"):
        jsonio.import_json(demo_store, out)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "not valid JSON"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not a text file"),
        (b'{"hello": 1}', "not an infointerview export"),
        (b'{"format": "infointerview", "version": 99}', "newer"),
        (b'{"format": "infointerview", "version": 1, "contacts": {}}', "must be a list"),
    ],
)
def test_bad_files_are_refused(store, tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(jsonio.JsonImportError, match=message):
        jsonio.import_json(store, path)


def test_a_bad_record_rolls_everything_back(demo_store, tmp_path):
    data = _exported(demo_store, tmp_path)
    data["contacts"][5]["stage"] = "not a number"
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data))
    store = Store(tmp_path / "empty.db", clock=frozen_clock)
    try:
        with pytest.raises(jsonio.JsonImportError, match=r"contacts\[5\]\.stage"):
            jsonio.import_json(store, path)
        assert store.contacts.stage_counts() == {1: 0, 2: 0, 3: 0, 4: 0, 5: 0}
        assert store.query("SELECT count(*) FROM career_field")[0][0] == 0
        assert len(store.questions.bank()) > 20  # the seeded bank is still there
    finally:
        store.close()


def _exported(store, tmp_path, name="export.json"):
    """What `export json` writes, read back."""
    import json

    out = tmp_path / name
    jsonio.export_json(store, out)
    return json.loads(out.read_text(encoding="utf-8"))


def test_export_carries_the_method(demo_store, tmp_path):
    data = _exported(demo_store, tmp_path)
    org = data["organizations"][0]
    assert {"motivation", "posting", "advocacy"} <= set(org)
    assert any(o["advocacy"] > 0 for o in data["organizations"])
    assert {c["responsiveness"] for c in data["contacts"]} >= {"booster", None}
    tags = {q["tiara"] for q in data["questions"]}
    assert tags >= {"trends", "insights", "advice", "resources", "assignments"}
    assert isinstance(data["templates"], list) and isinstance(data["advice_items"], list)


def test_an_export_from_before_the_method_still_imports(demo_store, tmp_path):
    import json

    data = _exported(demo_store, tmp_path)
    for org in data["organizations"]:
        del org["motivation"], org["posting"], org["advocacy"]
    for contact in data["contacts"]:
        del contact["responsiveness"]
    for question in data["questions"]:
        del question["tiara"]
    for outreach in data["outreach"]:
        del outreach["outcome"]
    del data["templates"], data["advice_items"]
    old = tmp_path / "old.json"
    old.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    target = Store(tmp_path / "restored.db", clock=frozen_clock)
    try:
        assert jsonio.import_json(target, old) == 60
        again = _exported(target, tmp_path, "again.json")
    finally:
        target.close()
    assert {(o["motivation"], o["posting"]) for o in again["organizations"]} == {(0, 1)}
    assert {q["tiara"] for q in again["questions"]} == {""}
    assert again["contacts"] == _exported(demo_store, tmp_path, "first.json")["contacts"]
