"""`import json`: an export restored into an empty database, one record at a time.

The file is read by json_reader (one record in memory at a time), each record is
validated by its model, and the rows stream into one intent (`restore_everything`) that
inserts them in batches inside one transaction: a bad record anywhere leaves the
database as it was.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import IO, Any

from ..store import Store
from .json_check import Problem, StreamCheck
from .json_reader import BadJson, NotAnObject, NotText, read_document
from .jsonio import FORMAT, FORMAT_VERSION, SECTIONS, JsonImportError

# The user's own records: any of them present means the database is not empty.
USER_MODELS = ("CareerField", "Organization", "Contact", "Outreach", "Interview", "FollowUp")


def _require_empty(session: Any, store: Store) -> None:
    from sqlalchemy import func, select

    from .. import models

    for name in USER_MODELS:
        model = getattr(models, name)
        count = session.execute(select(func.count()).select_from(model)).scalar_one()
        if count:
            raise JsonImportError(
                f"import json restores into an empty database; {store.path} already has "
                f"{count} {model.__tablename__.replace('_', ' ')} record(s)"
            )


@cache
def _row_model(model: Any) -> Any:
    """A plain pydantic model with the table's fields, types and defaults: the same
    validation as the table model's, without building an ORM object per record."""
    from pydantic import create_model

    fields: dict[str, Any] = {
        name: (info.annotation, ... if info.is_required() else info.default)
        for name, info in model.model_fields.items()
    }
    return create_model(f"{model.__name__}Row", **fields)


def _validated(model: Any, record: Any, where: str, path: Path) -> dict[str, Any]:
    """The record as a row of `model`'s table, or one line saying what is wrong."""
    from pydantic import ValidationError

    if not isinstance(record, dict):
        raise JsonImportError(f"{path}: {where} is not an object")
    try:
        row: dict[str, Any] = _row_model(model).model_validate(record).model_dump()
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        raise JsonImportError(f"{path}: {where}.{loc}: {first['msg']}") from None
    return row


def _answer(record: Any, interview_id: Any, where: str, path: Path) -> dict[str, Any]:
    from .. import models

    if not isinstance(record, dict) or "question" not in record or "category" not in record:
        raise JsonImportError(f"{path}: {where} needs 'category' and 'question'")
    answer = {
        "id": record.get("id"),
        "interview_id": interview_id,
        "question_id": record.get("question_id"),
        "category": record["category"],
        "question_text": record["question"],
        "position": record.get("position", 0),
        "asked": record.get("asked", False),
        "notes": record.get("notes", ""),
    }
    return _validated(models.InterviewAnswer, answer, where, path)


def _check_header(header: dict[str, Any], path: Path) -> None:
    if header.get("format") != FORMAT:
        raise JsonImportError(f"{path} is not an infointerview export")
    version = header.get("version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise JsonImportError(
            f"{path} comes from a newer infointerview (format {version}); upgrade"
        )


def import_records(store: Store, path: Path) -> int:
    """Restore the export at `path` into the (empty) store; returns how many contacts."""
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        raise JsonImportError(f"{path} does not exist") from None
    except IsADirectoryError:
        raise JsonImportError(f"{path} is a directory") from None
    counted = {"contacts": 0}
    with handle:
        try:
            # What is wrong with the file is said first (as when it was read whole): read
            # up to its first record, then check the database is empty, then restore.
            rows = _rows(handle, path, counted)
            first = next(rows, None)
            with store.session() as session:
                _require_empty(session, store)
            ahead = [] if first is None else [first]
            store.intents.restore_everything(itertools.chain(ahead, rows))
        except NotText:
            raise JsonImportError(f"{path} is not a text file") from None
        except NotAnObject:
            raise JsonImportError(f"{path} is not an infointerview export") from None
        except BadJson as exc:
            raise JsonImportError(f"{path} is not valid JSON ({exc})") from None
        except RecursionError:
            raise JsonImportError(
                f"{path} is nested too deeply to be an infointerview export"
            ) from None
        except Problem as exc:
            raise JsonImportError(f"{path}: {exc}; nothing was imported") from None
        except ValueError as exc:  # the intent: records that do not fit together
            raise JsonImportError(f"{path}: records do not fit together ({exc})") from None
    return counted["contacts"]


def _rows(handle: IO[bytes], path: Path, counted: dict[str, int]) -> Iterator[tuple[Any, Any]]:
    """(table, validated row) for every record of the file, as it is read; raises
    JsonImportError (or the reader's errors) at the first problem."""
    from .. import models

    sections = {key: getattr(models, name) for key, name in SECTIONS}
    check = StreamCheck(SECTIONS)  # the app's rules, ids and references (json_check.py)
    header: dict[str, Any] = {}
    for item in read_document(handle):
        model = sections.get(item.key)
        if item.key in ("format", "version") and item.index is None:
            header[item.key] = item.value
            if "format" in header and "version" in header:
                _check_header(header, path)
        elif model is None or item.start:
            continue  # keys of later versions or other tools: not ours to keep
        elif item.index is None:
            raise JsonImportError(f"{path}: '{item.key}' must be a list")
        else:
            where = f"{item.key}[{item.index}]"
            check.record(item.key, where, item.value)
            row = _validated(model, item.value, where, path)
            yield model, row
            if item.key == "contacts":
                counted["contacts"] += 1
            if item.key == "interviews":
                for j, answer in enumerate(item.value.get("answers") or []):
                    answer_where = f"{where}.answers[{j}]"
                    yield models.InterviewAnswer, _answer(answer, row["id"], answer_where, path)
    _check_header(header, path)
    check.finish()
