"""Who is already in the database, for importers that must never add anyone twice."""

from __future__ import annotations

from collections.abc import Iterable

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
    far; each maps to the contact's id (IN_THIS_FILE for one added from this file).

    The keys are kept as their 64-bit hashes, not as strings: a 400,000-row LinkedIn
    export is matched in a third of the memory. Two different people's keys colliding
    by chance: about 1 in 10^8 at that size."""

    def __init__(self, identities: Iterable[tuple[int, str, str, str, str]]) -> None:
        """`identities`: (id, name, organization, profile URL, email) of every contact,
        oldest first (`Contacts.identities`)."""
        self.urls: dict[int, int] = {}
        self.emails: dict[int, int] = {}
        self.pairs: dict[int, int] = {}
        for contact_id, name, org, url, email in identities:
            if url:
                self.urls.setdefault(hash(normalize_url(url)), contact_id)
            if email:
                self.emails.setdefault(hash(email.strip().lower()), contact_id)
            self.pairs.setdefault(hash((name.lower(), org.lower())), contact_id)

    def find(self, name: str, organization: str, url: str = "", email: str = "") -> int | None:
        """The id of this person if known: by profile URL; without a URL, by email; else
        by name + organization. Unknown: None, and they are remembered (IN_THIS_FILE) so a
        later duplicate in the same file is caught."""
        key_url = hash(normalize_url(url)) if url else None
        key_email = email.strip().lower()
        pair = hash((name.lower(), organization.lower()))
        found: int | None = None
        if key_url is not None:
            found = self.urls.get(key_url)
        elif key_email:
            found = self.emails.get(hash(key_email))
        if found is None:
            found = self.pairs.get(pair)
        if found is not None:
            return found
        if key_url is not None:
            self.urls[key_url] = IN_THIS_FILE
        if key_email:
            self.emails.setdefault(hash(key_email), IN_THIS_FILE)
        self.pairs[pair] = IN_THIS_FILE
        return None

    def seen(self, name: str, organization: str, url: str = "", email: str = "") -> bool:
        """True if already known (see `find`)."""
        return self.find(name, organization, url, email) is not None
