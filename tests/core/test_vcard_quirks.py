"""vCard files as Google, Apple, Outlook, Thunderbird and Android write them: nothing cut."""

from __future__ import annotations

from pathlib import Path

import pytest

from infointerview_tui.core.interop.vcard import import_vcard, read_cards
from infointerview_tui.core.interop.vcard_export import export_vcard
from infointerview_tui.core.store import Store
from tests.conftest import frozen_clock

VCARDS = Path(__file__).parent.parent / "fixtures" / "vcard"


def person(store, name: str) -> dict:
    rows = store.query(
        "SELECT c.*, coalesce(o.name, '') AS org FROM contact c "
        "LEFT JOIN organization o ON o.id = c.organization_id WHERE c.name = ?",
        (name,),
    )
    assert len(rows) == 1, f"{name!r} not imported once"
    return dict(rows[0]._mapping)


def test_google_unescaped_commas_semicolons_and_escaped_colon(store):
    assert import_vcard(store, VCARDS / "google-3.0.vcf").imported == 1
    jane = person(store, "Jane Doe")
    assert jane["org"] == "Acme, Inc."
    assert jane["title"] == "Director, Product; Platform"
    assert jane["notes"] == "Met at PyCon; likes tea, not coffee"
    assert jane["linkedin_url"] == "https://www.linkedin.com/in/jane-doe"  # not https\://
    assert jane["email"] == "jane@example.com" and jane["tags"] == "myContacts, Mentors"


def test_apple_name_with_comma_and_organization_with_semicolon(store):
    import_vcard(store, VCARDS / "apple-3.0.vcf")
    siobhan = person(store, "Siobhan O'Brien, PhD")
    assert siobhan["org"] == "Smith; Jones & Partners"
    assert siobhan["title"] == "Head of UX, EMEA"
    assert siobhan["email"] == "siobhan@example.ie"  # type=pref, not the first listed
    assert siobhan["notes"] == (
        "Intro via Ana\nAsk about research ops, hiring; mentoring\nDepartment: Research"
    )


def test_outlook_21_windows_1252_and_quoted_printable_soft_breaks(store):
    report = import_vcard(store, VCARDS / "outlook-2.1.vcf")
    assert report.imported == 1
    juergen = person(store, "Müller, Jürgen")
    assert juergen["org"] == "Café Zürich AG"
    assert juergen["title"] == "Leiter Vertrieb, Region Süd; Bayern"
    assert juergen["email"] == "juergen@example.de"
    assert juergen["phone"] == "+49 89 5550102"
    assert juergen["notes"] == (
        "Erstes Treffen im Café; sehr freundlich, hilfsbereit.\n"
        "Zweite Zeile mit sehr langem Text, der umgebrochen wird.\nDepartment: Vertrieb"
    )


def test_android_21_utf8_quoted_printable_name(store):
    import_vcard(store, VCARDS / "android-2.1.vcf")
    assert person(store, "Élodie Dupont, Ing.")["phone"] == "+33 6 55 50 01 03"


def test_thunderbird_40_and_invalid_addresses_are_not_stored(store):
    report = import_vcard(store, VCARDS / "thunderbird-4.0.vcf")
    assert report.imported == 2
    lee = person(store, "Lee, Min-jun")
    assert lee["title"] == "Engineer; Infra, SRE" and lee["org"] == "Globex"
    assert lee["notes"] == "Likes: hiking, chess; bring a printout"
    assert lee["email"] == "minjun@example.kr"
    assert lee["linkedin_url"] == ""  # javascript: is never stored
    assert person(store, "Bad Email")["email"] == ""
    assert "not stored, not valid: line 11: URL, line 17: email" in report.summary()


def test_unknown_charset_label_and_raw_cp1252_without_charset(tmp_path):
    path = tmp_path / "odd.vcf"
    path.write_bytes(
        b"BEGIN:VCARD\nVERSION:2.1\nFN;CHARSET=klingon:Ren\xe9e\nTITLE:Ma\xeetre, chef\nEND:VCARD\n"
    )
    (card,) = read_cards(path)
    assert (card.name, card.title) == ("Renée", "Maître, chef")


@pytest.mark.parametrize(
    "fixture", sorted(p.name for p in VCARDS.glob("*.vcf") if "trunc" not in p.name)
)
def test_every_fixture_imports_once(store, fixture):
    first = import_vcard(store, VCARDS / fixture)
    assert first.imported >= 1
    again = import_vcard(store, VCARDS / fixture)
    assert again.imported == 0 and again.duplicates == first.imported


def test_related_round_trips(demo_store, tmp_path):
    referrals = {
        r[0]: r[1]
        for r in demo_store.query(
            "SELECT c.name, r.name FROM contact c JOIN contact r ON r.id = c.referred_by_id"
        )
    }
    assert referrals, "the demo has referrals"
    out = tmp_path / "all.vcf"
    export_vcard(demo_store, out)
    target = Store(tmp_path / "copy.db", clock=frozen_clock)
    try:
        import_vcard(target, out)
        copied = {
            r[0]: r[1]
            for r in target.query(
                "SELECT c.name, r.name FROM contact c JOIN contact r ON r.id = c.referred_by_id"
            )
        }
    finally:
        target.close()
    assert copied == referrals


def test_the_same_email_is_the_same_person_across_address_books(store, tmp_path):
    google = tmp_path / "google.vcf"
    google.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Jane Doe\nEMAIL:jane@example.com\nEND:VCARD\n")
    apple = tmp_path / "apple.vcf"
    apple.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Doe, Jane\nEMAIL:JANE@example.com\nEND:VCARD\n")
    assert import_vcard(store, google).imported == 1
    again = import_vcard(store, apple)
    assert (again.imported, again.duplicates) == (0, 1)
