"""Checking a JSON export completely, record by record as it is read (StreamCheck).

Every field of every record against the model's type and the app's rules (ranges,
enums, addresses), every id unique, every reference pointing at a record in the file,
no control characters: the first problem is reported as one line naming the record, and
the import's one transaction is rolled back, so nothing is written.
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


def _check_record(
    key: str,
    where: str,
    record: dict[str, Any],
    fields: dict[str, tuple[type, bool]],
    required: set[str],
    seen: set[int] | IdSet,
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


class IdSet:
    """Ids seen so far, in little memory: a bitmap for the usual 0..2^26 (8 MiB at most,
    50 KiB for 400,000 ids) and a set for anything else."""

    BITMAP_IDS = 1 << 26

    def __init__(self) -> None:
        self.bits = bytearray()
        self.others: set[int] = set()

    def __contains__(self, value: object) -> bool:
        if isinstance(value, int) and 0 <= value < self.BITMAP_IDS:
            byte = value >> 3
            return byte < len(self.bits) and bool(self.bits[byte] & (1 << (value & 7)))
        return value in self.others

    def add(self, value: int) -> None:
        if 0 <= value < self.BITMAP_IDS:
            byte = value >> 3
            if byte >= len(self.bits):
                self.bits.extend(bytes(max(byte + 1 - len(self.bits), len(self.bits))))
            self.bits[byte] |= 1 << (value & 7)
        else:
            self.others.add(value)


class StreamCheck:
    """The whole check, for a file read one record at a time: each record is checked as
    it arrives; ids are kept as IdSets; a reference to an id not seen yet is kept and
    checked once the whole file is read (`finish`)."""

    def __init__(self, sections: tuple[tuple[str, str], ...]) -> None:
        from .. import models

        self.fields: dict[str, dict[str, tuple[type, bool]]] = {}
        self.required: dict[str, set[str]] = {}
        for key, model_name in sections:
            model = getattr(models, model_name)
            self.fields[key] = {n: _kind(i.annotation) for n, i in model.model_fields.items()}
            self.required[key] = {n for n, i in model.model_fields.items() if i.is_required()}
        self.fields["answers"] = {
            k: (t, k in ("id", "question_id")) for k, (t, _) in ANSWER_FIELDS.items()
        }
        self.required["answers"] = {k for k, (_, req) in ANSWER_FIELDS.items() if req}
        self.ids: dict[str, IdSet] = {key: IdSet() for key in self.fields}
        self.pending: list[tuple[str, str, Any, str]] = []
        self.builtin_keys: set[str] = set()

    def record(self, key: str, where: str, record: Any) -> None:
        """Raise Problem if this record cannot be stored as it is."""
        if not isinstance(record, dict):
            raise Problem(f"{where}: must be an object")
        self._one(key, where, record)
        if key == "questions" and record.get("builtin_key"):
            if record["builtin_key"] in self.builtin_keys:
                raise Problem("questions: two questions have the same builtin_key")
            self.builtin_keys.add(record["builtin_key"])
        if key == "interviews":
            answers = record.get("answers", [])
            if not isinstance(answers, list):
                raise Problem(f"{where}.answers: must be a list")
            for j, answer in enumerate(answers):
                if not isinstance(answer, dict):
                    raise Problem(f"{where}.answers[{j}]: must be an object")
                self._one("answers", f"{where}.answers[{j}]", answer)

    def _one(self, key: str, where: str, record: dict[str, Any]) -> None:
        _check_record(key, where, record, self.fields[key], self.required[key], self.ids[key])
        for (section, name), target in REFERENCES.items():
            if section == key:
                value = record.get(name)
                if value is not None and value not in self.ids[target]:
                    self.pending.append((where, name, value, target))

    def finish(self) -> None:
        """Raise Problem for the first reference to a record the file does not hold."""
        for where, name, value, target in self.pending:
            if value not in self.ids[target]:
                raise Problem(f"{where}.{name}: no record with id {value} in {target}")
