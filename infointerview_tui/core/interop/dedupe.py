"""Who is already in the database, for importers that must never add anyone twice."""

from __future__ import annotations

import sqlite3

#: Returned by `KnownContacts.find` for someone added earlier in the same file.
IN_THIS_FILE = -1


def normalize_url(url: str) -> str:
    """For matching profiles: case-insensitive, no scheme/www, no query, no trailing /."""
    url = url.strip().lower().split("?", 1)[0].split("#", 1)[0].rstrip("/")
    for prefix in ("https://", "http://"):
        if url.startswith(prefix):
            url = url[len(prefix) :]
    if url.startswith("www."):
        url = url[4:]
    return url


class KnownContacts:
    """Profile URLs, emails and (name, organization) pairs present, plus those added so
    far; each maps to the contact's id (IN_THIS_FILE for one added from this file)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.urls: dict[str, int] = {}
        self.emails: dict[str, int] = {}
        self.pairs: dict[tuple[str, str], int] = {}
        for contact_id, name, org, url, email in conn.execute(
            "SELECT c.id, c.name, coalesce(o.name, ''), c.linkedin_url, c.email FROM contact c "
            "LEFT JOIN organization o ON o.id = c.organization_id ORDER BY c.id"
        ):
            if url:
                self.urls.setdefault(normalize_url(url), contact_id)
            if email:
                self.emails.setdefault(email.strip().lower(), contact_id)
            self.pairs.setdefault((name.lower(), org.lower()), contact_id)

    def find(self, name: str, organization: str, url: str = "", email: str = "") -> int | None:
        """The id of this person if known: by profile URL; without a URL, by email; else
        by name + organization. Unknown: None, and they are remembered (IN_THIS_FILE) so a
        later duplicate in the same file is caught."""
        key_url = normalize_url(url) if url else ""
        key_email = email.strip().lower()
        pair = (name.lower(), organization.lower())
        found: int | None = None
        if key_url:
            found = self.urls.get(key_url)
        elif key_email:
            found = self.emails.get(key_email)
        if found is None:
            found = self.pairs.get(pair)
        if found is not None:
            return found
        if key_url:
            self.urls[key_url] = IN_THIS_FILE
        if key_email:
            self.emails.setdefault(key_email, IN_THIS_FILE)
        self.pairs[pair] = IN_THIS_FILE
        return None

    def seen(self, name: str, organization: str, url: str = "", email: str = "") -> bool:
        """True if already known (see `find`)."""
        return self.find(name, organization, url, email) is not None
