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
from .files import open_atomically
from .vcard import contact_uid

STREAM_BATCH = 1000
FOLD = 75  # octets per line, as RFC 6350 asks


def escape(text: str) -> str:
    """RFC 6350 text escaping: backslash, semicolon, comma and line breaks."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str) -> str:
    """One content line with CRLF, folded so no physical line passes 75 octets and no
    UTF-8 sequence is split (a continuation starts with one space)."""
    if line.isascii():
        if len(line) <= FOLD:
            return line + "\r\n"
        rest = line[FOLD:]
        parts = [line[:FOLD], *(rest[i : i + FOLD - 1] for i in range(0, len(rest), FOLD - 1))]
        return "\r\n ".join(parts) + "\r\n"
    out: list[str] = []
    size = 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > FOLD:
            out.append("\r\n ")
            size = 1
        out.append(char)
        size += width
    return "".join(out) + "\r\n"


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

    person, org = models.Contact, models.Organization
    referrer = aliased(models.Contact)
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


def export_vcard(store: Store, out: Path) -> int:
    """Every contact as vCard 4.0, streamed into `out` (atomically); returns how many."""
    count = 0
    with open_atomically(out) as handle:
        for batch in _cards(store):
            handle.write("".join(batch).encode("utf-8"))
            count += len(batch)
    return count
