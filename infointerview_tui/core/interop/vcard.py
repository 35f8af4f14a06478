"""vCard 2.1/3.0/4.0 in (vcard_read.py); vCard 4.0 out is vcard_export.py."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path

from .. import validation
from ..outcomes import NewContact
from ..store import Store
from ..text import clean_line, clean_text
from .dedupe import KnownContacts
from .errors import InteropError
from .linkedin import ImportReport
from .vcard_read import Property, RawCard, read_raw_cards

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
    #: RELATED: the UID (or name) of who referred this person.
    related: str = ""
    line: int = 0
    #: Values not stored because they failed validation ("line 7: email").
    rejected: list[str] = field(default_factory=list)


def contact_uid(contact_id: int, created_at: str) -> str:
    """Stable per contact (and per database): the same on every export."""
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, f'contact:{contact_id}:{created_at}')}"


def _rank(prop: Property) -> int:
    """Preferred first: 4.0 PREF=1, 3.0 TYPE=pref, 2.1 bare PREF; else file order."""
    if "pref" in prop.types:
        return 0
    if "PREF" in prop.params:
        try:
            return int(prop.params["PREF"][0])
        except ValueError:
            return 1
    return 101


def _preferred(props: list[Property]) -> Property | None:
    ordered = sorted(enumerate(props), key=lambda p: (_rank(p[1]), p[0]))
    return ordered[0][1] if ordered else None


def _organization(prop: Property) -> tuple[str, list[str]]:
    """(organization, departments). A component starting with a space follows an
    unescaped semicolon inside the name ("Smith; Jones LLP"), not a unit separator."""
    components: list[str] = []
    for part in prop.parts():
        if components and part[:1].isspace():
            components[-1] += ";" + part
        else:
            components.append(part)
    cleaned = [clean_line(c) for c in components]
    return (cleaned[0] if cleaned else ""), [c for c in cleaned[1:] if c]


def read_cards(path: Path) -> list[Card]:
    """The cards of a vCard 2.1 / 3.0 / 4.0 file, whatever client wrote it."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InteropError(f"{path} does not exist") from None
    except IsADirectoryError:
        raise InteropError(f"{path} is a directory, not a vCard file") from None
    except OSError as exc:
        raise InteropError(f"cannot read {path}: {exc.strerror}") from None
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise InteropError(f"{path} is UTF-16 text; save it as UTF-8 and import again")
    if b"\x00" in raw[:4096]:
        raise InteropError(f"{path} is a binary file, not a vCard file")
    upper = raw.upper()
    if b"BEGIN:VCARD" not in upper:
        raise InteropError(f"{path} is not a vCard file (no BEGIN:VCARD)")
    begins, ends = upper.count(b"BEGIN:VCARD"), upper.count(b"END:VCARD")
    if begins != ends:
        raise InteropError(f"{path} is truncated ({begins} BEGIN:VCARD, {ends} END:VCARD)")
    return [_card(raw_card) for raw_card in read_raw_cards(raw)]


def _card(raw: RawCard) -> Card:
    card = Card(name="", line=raw.line)
    fn = raw.first("FN")
    if fn is not None:
        card.name = clean_line(fn.text())
    n = raw.first("N")
    if not card.name and n is not None:
        family, given, additional, prefix, suffix = (n.parts() + [""] * 5)[:5]
        card.name = clean_line(
            " ".join(p for p in (prefix, given, additional, family, suffix) if p)
        )
    departments: list[str] = []
    org = raw.first("ORG")
    if org is not None:
        card.organization, departments = _organization(org)
    title = raw.first("TITLE")
    card.title = clean_line(title.text()) if title is not None else ""
    for url_prop in raw.all("URL"):
        text = clean_line(url_prop.text())
        if "linkedin.com" in text.lower():
            try:
                card.linkedin_url = validation.url(text)
            except ValueError:
                card.rejected.append(f"line {url_prop.line}: URL")
                continue
            break
    email = _preferred(raw.all("EMAIL"))
    if email is not None:
        try:
            card.email = validation.email(clean_line(email.text()))
        except ValueError:
            card.rejected.append(f"line {email.line}: email")
    tel = _preferred(raw.all("TEL"))
    card.phone = clean_line(tel.text()) if tel is not None else ""
    notes = [clean_text(p.text()) for p in raw.all("NOTE")]
    notes += [f"Department: {d}" for d in departments]
    card.notes = "\n".join(n for n in notes if n)
    tags: list[str] = []
    for prop in raw.all("CATEGORIES"):
        tags += [clean_line(t) for t in prop.items()]
    card.tags = validation.tags(", ".join(t for t in tags if t))
    uid = raw.first("UID")
    card.uid = clean_line(uid.text()) if uid is not None else ""
    related = raw.first("RELATED")
    card.related = clean_line(related.text()) if related is not None else ""
    return card


def _known_uids(store: Store) -> dict[str, int]:
    """Every contact's UID (the one our export gives it, and the one it came with)."""
    from sqlalchemy import select

    from .. import db
    from ..models import Contact

    table = Contact.__table__.c  # type: ignore[attr-defined]
    uids: dict[str, int] = {}
    with store.db.read() as conn:
        for contact_id, created_at, vcard_uid in conn.execute(
            select(table.id, table.created_at, table.vcard_uid)
        ):
            uids[contact_uid(contact_id, str(db.to_db(created_at)))] = contact_id
            if vcard_uid:
                uids[vcard_uid] = contact_id
    return uids


def import_vcard(store: Store, path: Path) -> ImportReport:
    """Import cards as stage-3 contacts; a UID (or profile URL, or name + organization)
    already present is skipped, so importing twice changes nothing."""
    cards = read_cards(path)
    report = ImportReport()
    known_uids = _known_uids(store)
    uids = set(known_uids)
    known = KnownContacts(store.contacts.identities())
    people = []
    for index, card in enumerate(cards, 1):
        if not card.name:
            report.nameless_lines.append(card.line or index)
            continue
        report.rejected += card.rejected
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
                referred_by_uid=card.related,
            )
        )

    def is_known(person: NewContact) -> bool:
        # A UID (or profile URL, or email, or name + organization) already present.
        if (person.uid and person.uid in uids) or known.seen(
            person.name, person.organization, person.linkedin_url, person.email
        ):
            return True
        uids.add(person.uid)
        return False

    outcome = store.intents.import_contacts(people, is_known=is_known, known_uids=known_uids)
    report.imported = outcome.imported
    report.duplicates = outcome.duplicates
    return report


@dataclass(frozen=True)
class OutCard:
    """What a contact's vCard says, for the phone sync (core/sync)."""

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


def contact_vcard_text(card: OutCard) -> str:
    """The contact's vCard 4.0 text, written by the export's own writer (one definition
    of how a contact becomes a vCard, for the .vcf export and the sync alike)."""
    from .vcard_export import card as write_card

    fields = {
        "name": card.name,
        "email": card.email,
        "phone": card.phone,
        "title": card.title,
        "linkedin_url": card.linkedin_url,
        "notes": card.notes,
        "tags": card.tags,
    }
    return write_card(fields, card.uid, card.organization, card.referred_by_uid or None)


def parse_card(text: str) -> Card:
    """One vCard's text (as a server holds it) read the way the importer reads files."""
    cards = read_raw_cards(text.encode("utf-8"))
    if not cards:
        raise InteropError("not a vCard (no BEGIN:VCARD)")
    return _card(cards[0])
