"""The streaming JSON export writes exactly the bytes the whole-document export wrote.

`whole_document` below is the export as it was before it streamed (every table loaded,
then one `json.dumps`): the reference the streamed file must match byte for byte."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from infointerview_tui.core import models
from infointerview_tui.core.interop import jsonio
from infointerview_tui.core.interop.json_writer import encode
from tests.conftest import execute


def _value(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).isoformat()
    return value


def whole_document(store) -> str:
    from sqlmodel import col, select

    data: dict[str, Any] = {"format": jsonio.FORMAT, "version": jsonio.FORMAT_VERSION}
    advocacy = store.advocacy_counts()
    responsiveness = store.responsiveness_of(None, store.now())
    with store.session() as session:
        names = {
            "field": {
                r[0]: r[1]
                for r in session.exec(select(models.CareerField.id, models.CareerField.name))
            },
            "org": {
                r[0]: r[1]
                for r in session.exec(select(models.Organization.id, models.Organization.name))
            },
            "contact": {
                r[0]: r[1] for r in session.exec(select(models.Contact.id, models.Contact.name))
            },
        }
        answers: dict[int, list[dict[str, Any]]] = {}
        for a in session.exec(
            select(models.InterviewAnswer).order_by(
                col(models.InterviewAnswer.interview_id),
                col(models.InterviewAnswer.category),
                col(models.InterviewAnswer.position),
                col(models.InterviewAnswer.id),
            )
        ):
            answers.setdefault(a.interview_id, []).append(
                {
                    "id": a.id,
                    "category": a.category,
                    "question": a.question_text,
                    "question_id": a.question_id,
                    "position": a.position,
                    "asked": a.asked,
                    "notes": a.notes,
                }
            )
        for key, model_name in jsonio.SECTIONS:
            model = getattr(models, model_name)
            rows = []
            for record in session.exec(select(model).order_by(model.id)):
                dumped = record.model_dump()
                row = {k: _value(dumped[k]) for k in model.model_fields}
                if key == "organizations":
                    row["career_field"] = names["field"].get(row["career_field_id"])
                    row["advocacy"] = advocacy.get(row["id"], 0)
                elif key == "contacts":
                    row["organization"] = names["org"].get(row["organization_id"])
                    row["career_field"] = names["field"].get(row["career_field_id"])
                    row["referred_by"] = names["contact"].get(row["referred_by_id"])
                    row["responsiveness"] = responsiveness.get(row["id"])
                elif key in (
                    "interviews",
                    "follow_ups",
                    "outreach",
                    "stage_events",
                    "advice_items",
                ):
                    row["contact"] = names["contact"].get(row["contact_id"])
                if key == "interviews":
                    row["answers"] = answers.get(row["id"], [])
                rows.append(row)
            data[key] = rows
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def test_streamed_export_is_byte_identical_to_the_whole_document(demo_store, tmp_path):
    # Text a hand-rolled writer could get wrong: quotes, backslashes, control
    # characters, non-ASCII, a lone surrogate-free emoji, and markup-looking text.
    execute(
        demo_store,
        "UPDATE contact SET notes = ? WHERE id = 1",
        ('He said "hi" \\ then\n\tleft [bold]x[/] \x1b[31m é 日本 🎉',),
    )
    out = tmp_path / "streamed.json"
    assert jsonio.export_json(demo_store, out) == 60
    assert out.read_text(encoding="utf-8") == whole_document(demo_store)


def test_an_empty_database_exports_the_same_too(store, tmp_path):
    out = tmp_path / "empty.json"
    assert jsonio.export_json(store, out) == 0
    assert out.read_text(encoding="utf-8") == whole_document(store)


@pytest.mark.parametrize(
    "value",
    [
        {},
        [],
        {"a": [], "b": {}, "c": [1, {"d": None}], "e": True, "f": 1.5, "g": "\u2028\x00"},
        [[[]], [{}], "x"],
    ],
)
def test_values_are_encoded_as_json_dumps_encodes_them(value):
    assert encode(value, 0).decode() == json.dumps(value, ensure_ascii=False, indent=2)
    deeper = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n    ")
    assert encode(value, 2).decode() == deeper
