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
from .json_rows import FETCH, builder, raw_batches
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


class JsonImportError(InteropError):
    """The file is not an infointerview JSON export we can read; str() says why."""


def _sections(
    session: Any, derived: dict[str, tuple[str, dict[int, Any]]]
) -> Iterator[tuple[str, Iterable[list[dict[str, Any]]]]]:
    """(json key, its records as a stream) for every section, in file order.

    Each section is one select() on the models, joined for the names a reader wants
    beside the ids, and read in batches from the driver's cursor (json_rows.py), so
    memory stays flat however many contacts there are. `derived` adds one computed
    value per record of a section: {key: (name, by id)}."""
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
    conn = session.connection()

    def batches(key: str, model: Any) -> Iterator[list[dict[str, Any]]]:
        extras = joined.get(key, ())
        columns = [getattr(model, name) for name in model.model_fields]
        stmt = select(*columns, *(other.name for _, other in extras))
        for extra, other in extras:
            stmt = stmt.outerjoin(other, other.id == getattr(model, keys[extra]))
        names = [*model.model_fields, *(extra for extra, _ in extras)]
        if key != "interviews":
            kinds, rows = raw_batches(conn, stmt.order_by(model.id))
            extra_name, by_id = derived.get(key, ("", {}))
            computed = (extra_name, by_id, _DEFAULTS[extra_name]) if extra_name else None
            build = builder(names, kinds, extra=computed)
            for batch in rows:
                yield list(map(build, batch))
            return
        # Interviews carry their answers: one outer join, grouped as the rows arrive.
        answer: Any = models.InterviewAnswer
        answer_names = list(answer.model_fields)
        stmt = stmt.add_columns(*(getattr(answer, n) for n in answer_names)).outerjoin(
            answer, answer.interview_id == model.id
        )
        stmt = stmt.order_by(model.id, answer.category, answer.position, answer.id)
        kinds, rows = raw_batches(conn, stmt)
        interview = builder(names, kinds)
        width = len(names)
        answer_of = builder(answer_names, kinds, start=width)
        done: list[dict[str, Any]] = []
        record: dict[str, Any] | None = None
        for batch in rows:
            for row in batch:
                if record is None or record["id"] != row[0]:
                    if len(done) >= FETCH:
                        yield done
                        done = []
                    record = interview(row)
                    record["answers"] = []
                    done.append(record)
                if row[width] is not None:
                    record["answers"].append(_answer_record(answer_of(row)))
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
