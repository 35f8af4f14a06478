"""The app's own JSON: everything in the database, readable by people and programs.

Export -> import into an empty database -> export gives byte-for-byte the same file:
ids are kept, keys come in a fixed order, datetimes are ISO 8601 in UTC.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..store import Store
from .errors import InteropError
from .files import check_target, write_atomically

FORMAT = "infointerview"
FORMAT_VERSION = 1

# (json key, model name) in foreign-key order.
SECTIONS = (
    ("career_fields", "CareerField"),
    ("organizations", "Organization"),
    ("contacts", "Contact"),
    ("stage_events", "StageEvent"),
    ("outreach", "Outreach"),
    ("interviews", "Interview"),
    ("questions", "Question"),
    ("follow_ups", "FollowUp"),
)
USER_TABLES = ("career_field", "organization", "contact", "outreach", "interview", "follow_up")


class JsonImportError(InteropError):
    """The file is not an infointerview JSON export we can read; str() says why."""


def _value(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).isoformat()
    return value


def export_data(store: Store) -> dict[str, Any]:
    """Everything, as plain JSON-ready data."""
    from sqlmodel import col, select

    from .. import models

    data: dict[str, Any] = {"format": FORMAT, "version": FORMAT_VERSION}
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
        for key, model_name in SECTIONS:
            model = getattr(models, model_name)
            rows = []
            for record in session.exec(select(model).order_by(model.id)):
                dumped = record.model_dump()
                row = {k: _value(dumped[k]) for k in model.model_fields}
                if key == "organizations":
                    row["career_field"] = names["field"].get(row["career_field_id"])
                elif key == "contacts":
                    row["organization"] = names["org"].get(row["organization_id"])
                    row["career_field"] = names["field"].get(row["career_field_id"])
                    row["referred_by"] = names["contact"].get(row["referred_by_id"])
                elif key in ("interviews", "follow_ups", "outreach", "stage_events"):
                    row["contact"] = names["contact"].get(row["contact_id"])
                if key == "interviews":
                    row["answers"] = answers.get(row["id"], [])
                rows.append(row)
            data[key] = rows
    return data


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def export_json(store: Store, out: Path, *, force: bool = False) -> int:
    """Write the export to `out` (atomically, 0600; an existing file only with `force`);
    returns the number of contacts."""
    check_target(out, force=force)
    data = export_data(store)
    write_atomically(out, dumps(data), force=force)
    return len(data["contacts"])


def load(path: Path) -> dict[str, Any]:
    """Read and check the top level of an export file."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise JsonImportError(f"{path} does not exist") from None
    except IsADirectoryError:
        raise JsonImportError(f"{path} is a directory") from None
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise JsonImportError(f"{path} is not a text file") from None
    except json.JSONDecodeError as exc:
        raise JsonImportError(f"{path} is not valid JSON (line {exc.lineno}: {exc.msg})") from None
    except RecursionError:
        raise JsonImportError(
            f"{path} is nested too deeply to be an infointerview export"
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise JsonImportError(f"{path} is not an infointerview export")
    if not isinstance(data.get("version"), int) or data["version"] > FORMAT_VERSION:
        raise JsonImportError(
            f"{path} comes from a newer infointerview (format {data.get('version')}); upgrade"
        )
    for key, _ in SECTIONS:
        if not isinstance(data.get(key, []), list):
            raise JsonImportError(f"{path}: '{key}' must be a list")
    return data


def import_json(store: Store, path: Path) -> int:
    """Restore an export into an empty database; returns the number of contacts.

    All or nothing: a bad record rolls everything back and says which one.
    """
    data = load(path)
    from .json_check import Problem, check_export

    try:
        check_export(data, SECTIONS)
    except Problem as exc:
        raise JsonImportError(f"{path}: {exc}; nothing was imported") from None
    for table in USER_TABLES:
        count = store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        if count:
            raise JsonImportError(
                f"import json restores into an empty database; {store.path} already has "
                f"{count} {table.replace('_', ' ')} record(s)"
            )
    from pydantic import ValidationError
    from sqlmodel import SQLModel

    from .. import models

    records: list[list[SQLModel]] = []
    for key, model_name in SECTIONS:
        batch: list[SQLModel] = []
        records.append(batch)
        model = getattr(models, model_name)
        fields = set(model.model_fields)
        for index, record in enumerate(data.get(key, [])):
            where = f"{key}[{index}]"
            if not isinstance(record, dict):
                raise JsonImportError(f"{path}: {where} is not an object")
            try:
                obj = model.model_validate({k: v for k, v in record.items() if k in fields})
            except ValidationError as exc:
                first = exc.errors()[0]
                loc = ".".join(str(p) for p in first["loc"])
                raise JsonImportError(f"{path}: {where}.{loc}: {first['msg']}") from None
            batch.append(obj)
            if key == "interviews":
                for j, answer in enumerate(record.get("answers") or []):
                    batch.append(_answer(answer, obj.id, f"{where}.answers[{j}]", path))
    try:
        store.intents.restore_everything(records)
    except ValueError as exc:
        raise JsonImportError(f"{path}: records do not fit together ({exc})") from None
    return len(data.get("contacts", []))


def _answer(record: Any, interview_id: int | None, where: str, path: Path) -> Any:
    from .. import models

    if not isinstance(record, dict) or "question" not in record or "category" not in record:
        raise JsonImportError(f"{path}: {where} needs 'category' and 'question'")
    try:
        return models.InterviewAnswer.model_validate(
            {
                "id": record.get("id"),
                "interview_id": interview_id,
                "question_id": record.get("question_id"),
                "category": record["category"],
                "question_text": record["question"],
                "position": record.get("position", 0),
                "asked": record.get("asked", False),
                "notes": record.get("notes", ""),
            }
        )
    except Exception as exc:  # pydantic's ValidationError, reported as one line
        raise JsonImportError(f"{path}: {where}: {exc.__class__.__name__}") from None
