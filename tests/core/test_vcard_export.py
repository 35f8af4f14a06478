"""The streaming vCard writer writes exactly what vobject serialized before it."""

from __future__ import annotations

from infointerview_tui.core import db
from infointerview_tui.core.interop.contentlines import fold_vcard as fold
from infointerview_tui.core.interop.vcard import contact_uid
from infointerview_tui.core.interop.vcard_export import export_vcard
from tests.conftest import execute


def stored_text(value: object) -> str:
    """created_at as SQLite stores it (PostgreSQL gives a datetime)."""
    return value if isinstance(value, str) else str(db.to_db(value))  # type: ignore[arg-type]


def vobject_cards(store) -> str:
    """The export as it was: one vobject component per contact (the reference)."""
    import vobject

    rows = [
        r._mapping
        for r in store.query(
            "SELECT c.*, coalesce(o.name, '') AS org FROM contact c "
            "LEFT JOIN organization o ON o.id = c.organization_id ORDER BY c.id"
        )
    ]
    uid_of = {
        r["id"]: r["vcard_uid"] or contact_uid(r["id"], stored_text(r["created_at"])) for r in rows
    }
    chunks = []
    for r in rows:
        card = vobject.vCard()
        card.add("version").value = "4.0"
        card.add("uid").value = uid_of[r["id"]]
        card.add("fn").value = r["name"]
        given, _, family = r["name"].rpartition(" ")
        card.add("n").value = vobject.vcard.Name(family=family, given=given)
        for prop, column in (
            ("email", "email"),
            ("tel", "phone"),
            ("title", "title"),
            ("url", "linkedin_url"),
            ("note", "notes"),
        ):
            if r[column]:
                card.add(prop).value = r[column]
        if r["org"]:
            card.add("org").value = [r["org"]]
        tags = [t.strip() for t in r["tags"].split(",") if t.strip()]
        if tags:
            card.add("categories").value = tags
        if r["referred_by_id"] in uid_of:
            related = card.add("related")
            related.value = uid_of[r["referred_by_id"]]
            related.params["TYPE"] = ["contact"]
        chunks.append(card.serialize())
    return "".join(chunks)


def test_cards_match_vobject_byte_for_byte(demo_store, tmp_path):
    # (No line under 75 characters but over 75 octets: vobject leaves those unfolded,
    # against RFC 6350; the writer folds them, see the test below.)
    awkward = [
        ("Zoë O'Brien-Łukasiewicz", "Notes; with, commas\\ and\nlines\r\n" + "日本語 " * 30),
        ("A" * 74, "é" * 80),
        ("Solo", "🎉" * 40 + "x" * 100),
    ]
    execute(
        demo_store,
        "UPDATE contact SET name = ?, notes = ?, tags = ?, title = ? WHERE id = ?",
        *[
            (name, notes, " a;b , c\\d ,, ", "Head, R&D; Labs", i)
            for i, (name, notes) in enumerate(awkward, 1)
        ],
    )
    out = tmp_path / "all.vcf"
    assert export_vcard(demo_store, out) == 60
    assert out.read_bytes().decode("utf-8") == vobject_cards(demo_store)


def test_folded_lines_never_pass_75_octets():
    for line in ("x" * 75, "x" * 300, "é" * 100, "a" + "🎉" * 50):
        physical = fold(line).encode().split(b"\r\n")
        assert all(len(p) <= 75 for p in physical)
        assert b"".join(p[1:] if i else p for i, p in enumerate(physical)).decode() == line
