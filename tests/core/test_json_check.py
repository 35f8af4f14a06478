"""JSON import checks every field, id and reference before writing anything."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from infointerview_tui.core.interop import jsonio
from infointerview_tui.core.store import Store
from tests.conftest import frozen_clock

Data = dict[str, Any]


def _first_done(data: Data) -> Data:
    return next(i for i in data["interviews"] if i["answers"])


def _set(section: str, index: int, field: str, value: Any) -> Callable[[Data], None]:
    def change(data: Data) -> None:
        data[section][index][field] = value

    return change


def _duplicate_contact_id(data: Data) -> None:
    data["contacts"][3]["id"] = data["contacts"][2]["id"]


def _dangling_answer_question(data: Data) -> None:
    _first_done(data)["answers"][0]["question_id"] = 987654


def _answer_category(data: Data) -> None:
    _first_done(data)["answers"][0]["category"] = 6


def _missing_name(data: Data) -> None:
    del data["contacts"][0]["name"]


CASES = [
    (_set("contacts", 1, "stage", 6), r"contacts\[1\]\.stage: must be from 1 to 5"),
    (_set("contacts", 1, "stage", 0), r"contacts\[1\]\.stage: must be from 1 to 5"),
    (_set("contacts", 1, "stage", True), r"contacts\[1\]\.stage: must be a whole number"),
    (_set("contacts", 1, "stage", 2**70), r"contacts\[1\]\.stage: is out of range"),
    (_set("questions", 0, "category", 9), r"questions\[0\]\.category: must be one of"),
    (_set("questions", 0, "air", "X"), r"questions\[0\]\.air: must be one of"),
    (_set("career_fields", 0, "status", "dreaming"), r"career_fields\[0\]\.status"),
    (_set("interviews", 0, "status", "maybe"), r"interviews\[0\]\.status: must be one of"),
    (_set("follow_ups", 0, "kind", "stalk"), r"follow_ups\[0\]\.kind: must be one of"),
    (_set("contacts", 2, "organization_id", 424242), r"no record with id 424242 in organ"),
    (_set("contacts", 2, "referred_by_id", 424242), r"referred_by_id: no record with id"),
    (_set("follow_ups", 0, "contact_id", 424242), r"follow_ups\[0\]\.contact_id: no record"),
    (_set("interviews", 0, "contact_id", None), r"interviews\[0\]\.contact_id: must not be"),
    (_duplicate_contact_id, r"contacts\[3\]\.id: \d+ is used twice in contacts"),
    (_dangling_answer_question, r"answers\[0\]\.question_id: no record with id 987654"),
    (_answer_category, r"answers\[0\]\.category: must be one of"),
    (_set("contacts", 0, "name", "Eve\x1b[31m"), r"contacts\[0\]\.name: contains control"),
    (_set("contacts", 0, "name", "Two\nlines"), r"contacts\[0\]\.name: contains control"),
    (_set("contacts", 0, "notes", "csi \x9b2J"), r"contacts\[0\]\.notes: contains control"),
    (_set("contacts", 0, "email", "not-an-address"), r"contacts\[0\]\.email: an email address"),
    (_set("contacts", 0, "linkedin_url", "javascript:alert(1)"), r"linkedin_url: a web"),
    (_set("contacts", 0, "created_at", "yesterday"), r"created_at: must be an ISO 8601"),
    (_set("contacts", 0, "stay_in_touch_months", 0), r"stay_in_touch_months: must be from"),
    (_missing_name, r"contacts\[0\]: 'name' is missing"),
]


@pytest.mark.parametrize(("corrupt", "message"), CASES)
def test_every_bad_field_is_refused_before_anything_is_written(
    demo_store, tmp_path, corrupt, message
):
    exported = tmp_path / "good.json"
    jsonio.export_json(demo_store, exported)
    data = json.loads(exported.read_text(encoding="utf-8"))
    corrupt(data)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    target = Store(tmp_path / "empty.db", clock=frozen_clock)
    try:
        before = list(target.conn.iterdump())
        with pytest.raises(jsonio.JsonImportError, match=message) as caught:
            jsonio.import_json(target, path)
        assert "\n" not in str(caught.value)
        assert list(target.conn.iterdump()) == before
    finally:
        target.close()


def test_deep_nesting_is_one_line(store, tmp_path):
    path = tmp_path / "deep.json"
    path.write_text('{"format": "infointerview", "version": 1, "contacts": ' + "[" * 100_000)
    with pytest.raises(jsonio.JsonImportError, match="nested too deeply|not valid JSON"):
        jsonio.import_json(store, path)
    path.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(jsonio.JsonImportError, match="nested too deeply"):
        jsonio.import_json(store, path)
