"""The app's own JSON: everything in the database, readable by people and programs.

Export -> import into an empty database -> export gives byte-for-byte the same file:
ids are kept, keys come in a fixed order, datetimes are ISO 8601 in UTC.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..store import Store
from .errors import InteropError
from .files import check_target, private_output
from .json_writer import DocumentWriter

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
    ("templates", "MessageTemplate"),
    ("advice_items", "AdviceItem"),
)
# Tables that hold the user's records: `import json` restores only when all are empty.
USER_TABLES = (
    "career_field",
    "organization",
    "contact",
    "outreach",
    "interview",
    "follow_up",
    "message_template",
    "advice_item",
)
STREAM_BATCH = 1000  # rows fetched at a time while exporting


class JsonImportError(InteropError):
    """The file is not an infointerview JSON export we can read; str() says why."""


def _columns(model: Any, naive_utc: bool = False) -> list[Any]:
    """The model's columns; with `naive_utc`, datetimes come back as stored (naive UTC,
    written with +00:00 by the JSON writer) instead of through SQLModel's per-value
    timezone decorator, a third of the read time on SQLite."""
    from sqlalchemy import DateTime, type_coerce

    columns = [getattr(model, name) for name in model.model_fields]
    if not naive_utc:
        return columns
    return [
        type_coerce(c, DateTime()).label(c.key)
        if isinstance(getattr(c.type, "impl", c.type), DateTime)
        else c
        for c in columns
    ]


def _sections(
    session: Any, derived: dict[str, tuple[str, dict[int, Any]]]
) -> Iterator[tuple[str, Iterable[list[dict[str, Any]]]]]:
    """(json key, its records as a stream) for every section, in file order.

    Each section is one select() on the models, joined for the names a reader wants
    beside the ids and streamed in batches (`yield_per`: a server-side cursor where the
    database has them), so memory stays flat however many contacts there are.
    `derived` adds one computed value per record of a section: {key: (name, by id)}."""
    from sqlalchemy import select
    from sqlalchemy.orm import aliased

    from .. import models

    field, org, person = models.CareerField, models.Organization, models.Contact
    referrer = aliased(models.Contact)
    joined: dict[str, tuple[tuple[str, Any], ...]] = {
        "organizations": (("career_field", field),),
        "contacts": (("organization", org), ("career_field", field), ("referred_by", referrer)),
        "stage_events": (("contact", person),),
        "outreach": (("contact", person),),
        "interviews": (("contact", person),),
        "follow_ups": (("contact", person),),
        "advice_items": (("contact", person),),
    }
    keys = {
        "organization": "organization_id",
        "career_field": "career_field_id",
        "referred_by": "referred_by_id",
        "contact": "contact_id",
    }
    options = {"yield_per": STREAM_BATCH}
    naive = session.get_bind().dialect.name == "sqlite"  # it stores naive UTC text

    def batches(key: str, model: Any) -> Iterator[list[dict[str, Any]]]:
        extras = joined.get(key, ())
        stmt = select(*_columns(model, naive), *(other.name for _, other in extras))
        for extra, other in extras:
            stmt = stmt.outerjoin(other, other.id == getattr(model, keys[extra]))
        names = [*model.model_fields, *(extra for extra, _ in extras)]
        if key != "interviews":
            result = session.connection().execute(
                stmt.order_by(model.id), execution_options=options
            )
            extra_name, by_id = derived.get(key, ("", {}))
            for partition in result.partitions():
                rows = [dict(zip(names, row, strict=True)) for row in partition]
                if extra_name:
                    for row in rows:
                        row[extra_name] = by_id.get(row["id"], _DEFAULTS[extra_name])
                yield rows
            return
        # Interviews carry their answers: one outer join, grouped as the rows arrive.
        answer: Any = models.InterviewAnswer
        stmt = stmt.add_columns(*_columns(answer)).outerjoin(
            answer, answer.interview_id == model.id
        )
        stmt = stmt.order_by(model.id, answer.category, answer.position, answer.id)
        width = len(names)
        answer_names = list(answer.model_fields)
        done: list[dict[str, Any]] = []
        record: dict[str, Any] | None = None
        for row in session.connection().execute(stmt, execution_options=options):
            if record is None or record["id"] != row[0]:
                if len(done) >= STREAM_BATCH:
                    yield done
                    done = []
                record = dict(zip(names, row[:width], strict=True))
                record["answers"] = []
                done.append(record)
            if row[width] is not None:
                answer_row = dict(zip(answer_names, row[width:], strict=True))
                record["answers"].append(_answer_record(answer_row))
        yield done

    for key, model_name in SECTIONS:
        yield key, batches(key, getattr(models, model_name))


# What a derived value is for a record the computation did not mention.
_DEFAULTS: dict[str, Any] = {"advocacy": 0, "responsiveness": None}


def _answer_record(answer: dict[str, Any]) -> dict[str, Any]:
    """An interview answer as the export writes it (its own key names, fixed order)."""
    return {
        "id": answer["id"],
        "category": answer["category"],
        "question": answer["question_text"],
        "question_id": answer["question_id"],
        "position": answer["position"],
        "asked": answer["asked"],
        "notes": answer["notes"],
    }


def export_json(store: Store, out: Path, *, force: bool = False) -> int:
    """Write the export to `out` as it reads (0600, appearing only when whole; an
    existing file only with `force`); returns the number of contacts."""
    check_target(out, force=force)
    contacts = 0
    # Derived, not stored (import ignores them): the method's view of people and places.
    derived: dict[str, tuple[str, dict[int, Any]]] = {
        "organizations": ("advocacy", dict(store.advocacy_counts())),
        "contacts": ("responsiveness", dict(store.responsiveness_of(None, store.now()))),
    }
    with store.session() as session, private_output(out, force=force, binary=True) as handle:
        document = DocumentWriter(handle)
        document.scalar("format", FORMAT)
        document.scalar("version", FORMAT_VERSION)
        for key, records in _sections(session, derived):
            count = document.stream(key, records)
            if key == "contacts":
                contacts = count
        document.close()
    return contacts


def import_json(store: Store, path: Path) -> int:
    """Restore an export into an empty database; returns the number of contacts.

    Read record by record (json_import.py); all or nothing."""
    from .json_import import import_records

    return import_records(store, path)
