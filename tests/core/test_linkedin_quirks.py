"""LinkedIn files as people actually have them: the zip, re-saved CSVs, later exports."""

from __future__ import annotations

from pathlib import Path

import pytest

from infointerview_tui.core.interop.errors import InteropError
from infointerview_tui.core.interop.linkedin import import_linkedin
from tests.conftest import dump

LINKEDIN = Path(__file__).parent.parent / "fixtures" / "linkedin"


def people(store) -> dict[str, tuple]:
    return {
        r[0]: tuple(r)[1:]
        for r in store.query(
            "SELECT c.name, c.title, coalesce(o.name, ''), c.email, c.linkedin_url "
            "FROM contact c LEFT JOIN organization o ON o.id = c.organization_id"
        )
    }


def test_linkedins_own_zip_is_accepted_directly(store):
    report = import_linkedin(store, LINKEDIN / "Basic_LinkedInDataExport_11-26-2026.zip")
    assert report.summary() == "imported 5, skipped 1 duplicate, 1 row without a name (line 8)"
    assert "Me Myself" not in people(store)  # Profile.csv is not read as connections


def test_a_zip_without_connections_is_refused(store, tmp_path):
    import zipfile

    path = tmp_path / "other.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("Profile.csv", "First Name,Last Name\n")
    with pytest.raises(InteropError, match="zip without Connections.csv"):
        import_linkedin(store, path)


def test_unbalanced_quote_is_refused_with_its_line_and_nothing_imported(demo_store):
    before = dump(demo_store)
    with pytest.raises(InteropError, match=r"line 6: a quote is not closed"):
        import_linkedin(demo_store, LINKEDIN / "Connections-unbalanced-quote.csv")
    assert dump(demo_store) == before


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        ("Connections-semicolon.csv", "separates fields with semicolons"),
        ("Connections-tab.csv", "separates fields with tabs"),
        ("Connections-utf16.csv", "is UTF-16 text"),
    ],
)
def test_resaved_files_get_a_message_saying_what_they_are(demo_store, fixture, message):
    before = dump(demo_store)
    with pytest.raises(InteropError, match=message):
        import_linkedin(demo_store, LINKEDIN / fixture)
    assert dump(demo_store) == before


def test_a_later_export_updates_changed_company_and_title(store):
    import_linkedin(store, LINKEDIN / "Connections.csv")
    report = import_linkedin(store, LINKEDIN / "Connections-later.csv")
    assert report.summary() == (
        "imported 1, updated 2 (new organization or title), skipped 1 duplicate"
    )
    now = people(store)
    assert now["Ada Lovelace"][:2] == ("Analyst", "Babbage & Co")
    assert now["Alan Turing"][:2] == ("Head of Codebreaking", "")
    assert now["Grace Hopper"][:2] == ('Rear Admiral, "Amazing Grace"', "US Navy")
    assert "Dorothy Vaughan" in now
    again = dump(store)
    assert import_linkedin(store, LINKEDIN / "Connections-later.csv").updated == 0
    assert dump(store) == again


def test_without_a_url_the_same_email_is_the_same_person(store):
    import_linkedin(store, LINKEDIN / "Connections.csv")
    report = import_linkedin(store, LINKEDIN / "Connections-by-email.csv")
    assert (report.imported, report.updated, report.duplicates) == (0, 1, 1)
    assert "Ada King" not in people(store)
    assert people(store)["Ada Lovelace"][:2] == ("Countess", "Analytical Engines")


def test_emails_and_urls_are_validated_like_typed_ones(store):
    report = import_linkedin(store, LINKEDIN / "Connections-hostile.csv")
    assert report.imported == 2
    found = people(store)
    assert found["Mallory Url"][3] == "" and found["Mallory Url"][2] == "mallory@example.org"
    assert found["Oscar Mail"][2] == ""
    assert found["Oscar Mail"][3] == "https://www.linkedin.com/in/oscar"
    assert report.summary().endswith("not stored, not valid: line 5: URL, line 6: email")
