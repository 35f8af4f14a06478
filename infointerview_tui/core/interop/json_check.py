"""Checking a JSON export completely before one row is written.

Every field of every record against the model's type and the app's rules (ranges,
enums, addresses), every id unique, every reference pointing at a record in the file,
no control characters: the first problem is reported as one line naming the record.
"""

from __future__ import annotations

import re
import types
from collections.abc import Callable, Collection
from datetime import datetime
from typing import Any, Union, get_args, get_origin

from .. import validation
from ..stages import (
    AIR_TAGS,
    CAREER_FIELD_STATUSES,
    CATEGORIES,
    FOLLOW_UP_KINDS,
    INTERVIEW_STATUSES,
    LAST_STAGE,
)

MAX_INT = 2**63 - 1  # SQLite's INTEGER
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Fields that may hold several lines; every other text field is one line.
MULTILINE = {
    "notes",
    "message",
    "advice",
    "insight",
    "referral_notes",
    "free_notes",
    "summary",
    "outreach_draft",
    "thank_you_draft",
    "note",
    "response",
    "text",
    "question_text",
} | {f"src_{name}_notes" for name in ("experience", "self_assessment", "career_cruising", "onet")}

CATEGORY_NUMBERS = {number for number, _, _ in CATEGORIES}


def _one_of(allowed: Collection[Any]) -> Callable[[Any], None]:
    def check(value: Any) -> None:
        if value not in allowed:
            raise ValueError(f"must be one of {', '.join(repr(a) for a in allowed)}")

    return check


def _between(low: int, high: int) -> Callable[[Any], None]:
    def check(value: Any) -> None:
        if not low <= value <= high:
            raise ValueError(f"must be from {low} to {high}")

    return check


def _rule(rule: Callable[[str], Any]) -> Callable[[Any], None]:
    def check(value: Any) -> None:
        if value not in ("", None) and rule(value) != value:
            raise ValueError("is not in the form the app stores")

    return check


# (section, field) -> extra check, on top of the model's type.
RULES: dict[tuple[str, str], Callable[[Any], None]] = {
    ("career_fields", "status"): _one_of(CAREER_FIELD_STATUSES),
    ("career_fields", "onet_code"): _rule(validation.onet_code),
    ("contacts", "stage"): _between(1, LAST_STAGE),
    ("contacts", "email"): _rule(validation.email),
    ("contacts", "linkedin_url"): _rule(validation.url),
    ("contacts", "stay_in_touch_months"): _between(1, 60),
    ("organizations", "website"): _rule(validation.url),
    ("stage_events", "to_stage"): _between(1, LAST_STAGE),
    ("stage_events", "from_stage"): _between(1, LAST_STAGE),
    ("interviews", "status"): _one_of(INTERVIEW_STATUSES),
    ("interviews", "planned_minutes"): _between(1, 24 * 60),
    ("questions", "category"): _one_of(CATEGORY_NUMBERS),
    ("questions", "air"): _one_of(["", *AIR_TAGS]),
    ("follow_ups", "kind"): _one_of(FOLLOW_UP_KINDS),
    ("answers", "category"): _one_of(CATEGORY_NUMBERS),
}

# (section, field) -> the section its id must be in.
REFERENCES: dict[tuple[str, str], str] = {
    ("organizations", "career_field_id"): "career_fields",
    ("contacts", "organization_id"): "organizations",
    ("contacts", "career_field_id"): "career_fields",
    ("contacts", "referred_by_id"): "contacts",
    ("stage_events", "contact_id"): "contacts",
    ("outreach", "contact_id"): "contacts",
    ("interviews", "contact_id"): "contacts",
    ("follow_ups", "contact_id"): "contacts",
    ("follow_ups", "interview_id"): "interviews",
    ("follow_ups", "outreach_id"): "outreach",
    ("answers", "question_id"): "questions",
}

# The JSON names of interview answers' fields, and their types.
ANSWER_FIELDS: dict[str, tuple[type, bool]] = {
    "id": (int, False),
    "category": (int, True),
    "question": (str, True),
    "question_id": (int, False),
    "position": (int, False),
    "asked": (bool, False),
    "notes": (str, False),
}


class Problem(ValueError):
    """str(): 'contacts[3].stage: must be from 1 to 5'."""


def _kind(annotation: Any) -> tuple[type, bool]:
    """(base type, optional) of a model field annotation such as `int | None`."""
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        return args[0], True
    return annotation, False


def _check_value(where: str, field: str, value: Any, kind: type, optional: bool) -> None:
    if value is None:
        if not optional:
            raise Problem(f"{where}.{field}: must not be null")
        return
    if kind is bool:
        if not isinstance(value, bool) and value not in (0, 1):
            raise Problem(f"{where}.{field}: must be true or false")
    elif kind is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise Problem(f"{where}.{field}: must be a whole number")
        if not -MAX_INT <= value <= MAX_INT:
            raise Problem(f"{where}.{field}: is out of range")
    elif kind is str:
        if not isinstance(value, str):
            raise Problem(f"{where}.{field}: must be text")
        if _CONTROL.search(value) or ("\n" in value and field not in MULTILINE):
            raise Problem(f"{where}.{field}: contains control characters")
    elif kind is datetime:
        if not isinstance(value, str):
            raise Problem(f"{where}.{field}: must be an ISO 8601 date and time")
        try:
            datetime.fromisoformat(value)
        except ValueError:
            raise Problem(f"{where}.{field}: must be an ISO 8601 date and time") from None


def check_export(data: dict[str, Any], sections: tuple[tuple[str, str], ...]) -> None:
    """Raise Problem on the first thing in `data` that the database would not accept
    or that does not fit together."""
    from .. import models

    ids: dict[str, set[int]] = {}
    for key, model_name in sections:
        model = getattr(models, model_name)
        fields = {name: _kind(info.annotation) for name, info in model.model_fields.items()}
        required = {name for name, info in model.model_fields.items() if info.is_required()}
        seen: set[int] = set()
        for index, record in enumerate(data.get(key, [])):
            where = f"{key}[{index}]"
            if not isinstance(record, dict):
                raise Problem(f"{where}: must be an object")
            _check_record(key, where, record, fields, required, seen)
            if key == "interviews":
                answers = record.get("answers", [])
                if not isinstance(answers, list):
                    raise Problem(f"{where}.answers: must be a list")
                answer_ids: set[int] = ids.setdefault("answers", set())
                for j, answer in enumerate(answers):
                    if not isinstance(answer, dict):
                        raise Problem(f"{where}.answers[{j}]: must be an object")
                    _check_record(
                        "answers",
                        f"{where}.answers[{j}]",
                        answer,
                        {k: (t, k in ("id", "question_id")) for k, (t, _) in ANSWER_FIELDS.items()},
                        {k for k, (_, req) in ANSWER_FIELDS.items() if req},
                        answer_ids,
                    )
        ids[key] = seen
    _check_references(data, ids)
    keys = [q.get("builtin_key") for q in data.get("questions", []) if q.get("builtin_key")]
    if len(keys) != len(set(keys)):
        raise Problem("questions: two questions have the same builtin_key")


def _check_record(
    key: str,
    where: str,
    record: dict[str, Any],
    fields: dict[str, tuple[type, bool]],
    required: set[str],
    seen: set[int],
) -> None:
    for name in sorted(required - record.keys()):
        raise Problem(f"{where}: '{name}' is missing")
    for name, (kind, optional) in fields.items():
        if name not in record:
            continue
        value = record[name]
        # An id may be left out (null) for a new record, never for a referenced one.
        _check_value(where, name, value, kind, optional or name == "id")
        rule = RULES.get((key, name))
        if rule is not None and value is not None:
            try:
                rule(value)
            except ValueError as exc:
                raise Problem(f"{where}.{name}: {exc}") from None
    record_id = record.get("id")
    if record_id is not None:
        if record_id in seen:
            raise Problem(f"{where}.id: {record_id} is used twice in {key}")
        seen.add(record_id)


def _check_references(data: dict[str, Any], ids: dict[str, set[int]]) -> None:
    for (key, name), target in REFERENCES.items():
        if key == "answers":
            records = [
                (f"interviews[{i}].answers[{j}]", answer)
                for i, interview in enumerate(data.get("interviews", []))
                for j, answer in enumerate(interview.get("answers", []))
            ]
        else:
            records = [(f"{key}[{i}]", r) for i, r in enumerate(data.get(key, []))]
        for where, record in records:
            value = record.get(name)
            if value is not None and value not in ids.get(target, set()):
                raise Problem(f"{where}.{name}: no record with id {value} in {target}")
