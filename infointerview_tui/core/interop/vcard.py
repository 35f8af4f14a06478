"""vCard 3.0/4.0 in, vCard 4.0 out, through vobject (folding, escaping, parameters)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..outcomes import NewContact
from ..store import Store
from ..text import clean_line, clean_text
from .dedupe import KnownContacts
from .errors import InteropError
from .files import write_atomically
from .linkedin import ImportReport

NAMESPACE = uuid.UUID("7d3c1f0e-5a4b-4c2d-9e8f-1a2b3c4d5e6f")
STAGE = 3


@dataclass
class Card:
    name: str
    email: str = ""
    phone: str = ""
    organization: str = ""
    title: str = ""
    linkedin_url: str = ""
    notes: str = ""
    tags: str = ""
    uid: str = ""


def contact_uid(contact_id: int, created_at: str) -> str:
    """Stable per contact (and per database): the same on every export."""
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, f'contact:{contact_id}:{created_at}')}"


def _preferred(lines: list[Any]) -> str:
    """The first preferred value (4.0 PREF=1, 3.0 TYPE=pref), else the first."""

    def rank(line: Any) -> int:
        params = {k.upper(): [str(v).lower() for v in vs] for k, vs in line.params.items()}
        if "pref" in params.get("TYPE", []):
            return 0
        if "PREF" in params:
            try:
                return int(params["PREF"][0])
            except ValueError:
                return 1
        return 101

    ordered = sorted(enumerate(lines), key=lambda p: (rank(p[1]), p[0]))
    return str(ordered[0][1].value).strip() if ordered else ""


def _text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def read_cards(path: Path) -> list[Card]:
    import vobject

    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InteropError(f"{path} does not exist") from None
    except IsADirectoryError:
        raise InteropError(f"{path} is a directory, not a vCard file") from None
    if b"\x00" in raw[:4096]:
        raise InteropError(f"{path} is a binary file, not a vCard file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InteropError(f"{path} is not a UTF-8 text file") from None
    if "BEGIN:VCARD" not in text.upper():
        raise InteropError(f"{path} is not a vCard file (no BEGIN:VCARD)")
    begins = text.upper().count("BEGIN:VCARD")
    ends = text.upper().count("END:VCARD")
    if begins != ends:
        raise InteropError(f"{path} is truncated ({begins} BEGIN:VCARD, {ends} END:VCARD)")
    cards: list[Card] = []
    try:
        for component in vobject.readComponents(text, ignoreUnreadable=False):
            if component.name.upper() != "VCARD":
                continue
            cards.append(_card(component))
    except InteropError:
        raise
    except Exception as exc:  # vobject's ParseError and friends: one clear line
        raise InteropError(f"{path} is not a valid vCard file ({exc})") from None
    return cards


def _card(component: Any) -> Card:
    contents = component.contents
    name = ""
    if "fn" in contents:
        name = clean_line(str(contents["fn"][0].value))
    if not name and "n" in contents:
        n = contents["n"][0].value
        name = clean_line(
            " ".join(
                p
                for p in (_text(n.prefix), _text(n.given), _text(n.additional), _text(n.family))
                if p
            )
        )
    org = ""
    if "org" in contents:
        value = contents["org"][0].value
        org = clean_line(value[0] if isinstance(value, list) and value else str(value))
    linkedin = ""
    for line in contents.get("url", []):
        if "linkedin.com" in str(line.value).lower():
            linkedin = clean_line(str(line.value))
            break
    tags: list[str] = []
    for line in contents.get("categories", []):
        value = line.value
        tags += [clean_line(v) for v in (value if isinstance(value, list) else [value])]
    return Card(
        name=name,
        email=clean_line(_preferred(contents.get("email", []))),
        phone=clean_line(_preferred(contents.get("tel", []))),
        organization=org,
        title=clean_line(str(contents["title"][0].value)) if "title" in contents else "",
        linkedin_url=linkedin,
        notes=clean_text(str(contents["note"][0].value)) if "note" in contents else "",
        tags=", ".join(t for t in tags if t),
        uid=clean_line(str(contents["uid"][0].value)) if "uid" in contents else "",
    )


def import_vcard(store: Store, path: Path) -> ImportReport:
    """Import cards as stage-3 contacts; a UID (or profile URL, or name + organization)
    already present is skipped, so importing twice changes nothing."""
    cards = read_cards(path)
    report = ImportReport()
    uids = {r[0] for r in store.query("SELECT vcard_uid FROM contact WHERE vcard_uid IS NOT NULL")}
    uids |= {contact_uid(r[0], r[1]) for r in store.query("SELECT id, created_at FROM contact")}
    known = KnownContacts(store.conn)
    people = []
    for index, card in enumerate(cards, 1):
        if not card.name:
            report.nameless_lines.append(index)
            continue
        people.append(
            NewContact(
                name=card.name,
                stage=STAGE,
                title=card.title,
                organization=card.organization,
                email=card.email,
                phone=card.phone,
                linkedin_url=card.linkedin_url,
                how_found="contact",
                tags=card.tags,
                notes=card.notes,
                uid=card.uid,
            )
        )

    def is_known(person: NewContact) -> bool:
        # A UID (or profile URL, or name + organization) already present is skipped.
        if (person.uid and person.uid in uids) or known.seen(
            person.name, person.organization, person.linkedin_url
        ):
            return True
        uids.add(person.uid)
        return False

    outcome = store.intents.import_contacts(people, is_known=is_known)
    report.imported = outcome.imported
    report.duplicates = outcome.duplicates
    return report


@dataclass(frozen=True)
class OutCard:
    """What a contact's vCard says: the one definition for the export and the sync."""

    uid: str
    name: str
    email: str = ""
    phone: str = ""
    organization: str = ""
    title: str = ""
    linkedin_url: str = ""
    notes: str = ""
    tags: str = ""
    referred_by_uid: str = ""


def contact_vcard(card: OutCard) -> Any:
    """A vCard 4.0 vobject component for `card`."""
    import vobject

    out = vobject.vCard()
    out.add("version").value = "4.0"
    out.add("uid").value = card.uid
    out.add("fn").value = card.name
    given, _, family = card.name.rpartition(" ")
    out.add("n").value = vobject.vcard.Name(family=family, given=given)
    if card.email:
        out.add("email").value = card.email
    if card.phone:
        out.add("tel").value = card.phone
    if card.organization:
        out.add("org").value = [card.organization]
    if card.title:
        out.add("title").value = card.title
    if card.linkedin_url:
        out.add("url").value = card.linkedin_url
    if card.notes:
        out.add("note").value = card.notes
    tags = [t.strip() for t in card.tags.split(",") if t.strip()]
    if tags:
        out.add("categories").value = tags
    if card.referred_by_uid:
        related = out.add("related")
        related.value = card.referred_by_uid
        related.params["TYPE"] = ["contact"]
    return out


def parse_card(text: str) -> Card:
    """One vCard's text (as a server holds it) read the way the importer reads files."""
    import vobject

    try:
        component = vobject.readOne(text, ignoreUnreadable=False)
    except Exception as exc:  # vobject's ParseError and friends: one clear line
        raise InteropError(f"not a valid vCard ({exc})") from None
    return _card(component)


def export_vcard(store: Store, out: Path) -> int:
    """Every contact as vCard 4.0; returns how many."""
    rows = store.query(
        "SELECT c.*, coalesce(o.name, '') AS org FROM contact c "
        "LEFT JOIN organization o ON o.id = c.organization_id ORDER BY c.id"
    )
    uid_of = {r["id"]: r["vcard_uid"] or contact_uid(r["id"], r["created_at"]) for r in rows}
    chunks = []
    for r in rows:
        card = OutCard(
            uid=uid_of[r["id"]],
            name=r["name"],
            email=r["email"],
            phone=r["phone"],
            organization=r["org"],
            title=r["title"],
            linkedin_url=r["linkedin_url"],
            notes=r["notes"],
            tags=r["tags"],
            referred_by_uid=uid_of.get(r["referred_by_id"], ""),
        )
        chunks.append(contact_vcard(card).serialize())
    write_atomically(out, "".join(chunks))
    return len(rows)
