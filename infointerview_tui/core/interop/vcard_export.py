"""vCard 4.0 out, written as the contacts are read (constant memory at any size).

The lines are the ones vobject serializes (property order, backslash escapes, folding at
75 octets); building a vobject component per contact cost ~0.2 ms, 24 s at 100,000
contacts. A test compares this writer with vobject's output byte for byte. One deliberate
difference: vobject leaves a line shorter than 75 characters unfolded even when its UTF-8
passes 75 octets; here every physical line stays within 75 octets, as RFC 6350 asks.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .. import db
from ..store import Store
from .contentlines import escape_vcard as escape
from .contentlines import fold_vcard as fold
from .files import check_target, private_output
from .vcard import contact_uid

STREAM_BATCH = 1000


def card(contact: dict[str, Any], uid: str, organization: str, related: str | None) -> str:
    """One contact as a vCard 4.0 text block."""
    name = contact["name"]
    given, _, family = name.rpartition(" ")
    # vobject's order: VERSION, UID, then the other properties alphabetically.
    lines = ["BEGIN:VCARD", "VERSION:4.0", "UID:" + escape(uid)]
    tags = [t.strip() for t in contact["tags"].split(",") if t.strip()]
    if tags:
        lines.append("CATEGORIES:" + ",".join(escape(t) for t in tags))
    if contact["email"]:
        lines.append("EMAIL:" + escape(contact["email"]))
    lines.append("FN:" + escape(name))
    lines.append(f"N:{escape(family)};{escape(given)};;;")
    if contact["notes"]:
        lines.append("NOTE:" + escape(contact["notes"]))
    if organization:
        lines.append("ORG:" + escape(organization))
    if related is not None:
        lines.append("RELATED;TYPE=contact:" + escape(related))
    if contact["phone"]:
        lines.append("TEL:" + escape(contact["phone"]))
    if contact["title"]:
        lines.append("TITLE:" + escape(contact["title"]))
    if contact["linkedin_url"]:
        lines.append("URL:" + escape(contact["linkedin_url"]))
    lines.append("END:VCARD")
    return "".join(map(fold, lines))


def _cards(store: Store) -> Iterator[list[str]]:
    """The cards in id order, a batch at a time, from one streamed select()."""
    from sqlalchemy import select
    from sqlalchemy.orm import aliased

    from .. import models

    # Any: SQLModel types the columns as their Python values, which select() refuses.
    person: Any = models.Contact
    org: Any = models.Organization
    referrer: Any = aliased(models.Contact)
    fields = ("id", "name", "title", "email", "phone", "linkedin_url", "notes", "tags")
    stmt = (
        select(
            *(getattr(person, f) for f in fields),
            person.vcard_uid,
            person.created_at,
            org.name,
            referrer.id,
            referrer.vcard_uid,
            referrer.created_at,
        )
        .outerjoin(org, org.id == person.organization_id)
        .outerjoin(referrer, referrer.id == person.referred_by_id)
        .order_by(person.id)
    )
    with store.session() as session:
        result = session.connection().execute(stmt, execution_options={"yield_per": STREAM_BATCH})
        for partition in result.partitions():
            batch = []
            for row in partition:
                contact = dict(zip(fields, row, strict=False))
                uid_, created, org_name, ref_id, ref_uid, ref_created = row[len(fields) :]
                related = None
                if ref_id is not None:
                    related = ref_uid or contact_uid(ref_id, str(db.to_db(ref_created)))
                uid = uid_ or contact_uid(contact["id"], str(db.to_db(created)))
                batch.append(card(contact, uid, org_name or "", related))
            yield batch


def export_vcard(store: Store, out: Path, *, force: bool = False) -> int:
    """Every contact as vCard 4.0, streamed into `out` (0600, appearing only when whole;
    an existing file only with `force`); returns how many."""
    check_target(out, force=force)
    count = 0
    with private_output(out, force=force, binary=True) as handle:
        for batch in _cards(store):
            handle.write("".join(batch).encode("utf-8"))
            count += len(batch)
    return count
