"""The DAV server: one `caldav.DAVClient` session for CalDAV and CardDAV alike.

The caldav library finds the principal and the calendar home and creates the calendar;
the object-level WebDAV requests (conditional PUT/DELETE, sync-collection, multiget) go
through the same client's `request()`, so both collections share one authenticated,
TLS-verified HTTP session. Every failure becomes a `SyncError` with one line fit to
show the user: no password, no credentials in URLs, no traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit
from xml.sax.saxutils import escape

DAV = "DAV:"
CALDAV = "urn:ietf:params:xml:ns:caldav"
CARDDAV = "urn:ietf:params:xml:ns:carddav"
CS = "http://calendarserver.org/ns/"
NAME = "infointerview"
TIMEOUT_S = 20

NS = f'xmlns:d="{DAV}" xmlns:c="{CALDAV}" xmlns:r="{CARDDAV}" xmlns:cs="{CS}"'


class SyncError(Exception):
    """A sync that cannot go on; str() is one line fit to show the user."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status  # the HTTP status that caused it, if one did


class Conflict(Exception):
    """A conditional request failed (412): the object changed (or appeared) meanwhile."""


def public_url(url: str) -> str:
    """`url` without any user:password part, for messages."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


@dataclass
class Listing:
    """What a collection holds or what changed in it: href -> etag, plus deletions."""

    etags: dict[str, str] = field(default_factory=dict)
    deleted: set[str] = field(default_factory=set)
    token: str = ""


def _tag(ns: str, name: str) -> str:
    return f"{{{ns}}}{name}"


def _text(element: Any, ns: str, name: str) -> str:
    found = element.find(f".//{_tag(ns, name)}")
    return (found.text or "").strip() if found is not None and found.text else ""


class Dav:
    """The account in `[sync]`: discovery, the two collections, and their objects."""

    def __init__(
        self, url: str, username: str, password: str, ca_file: str = "", carddav_url: str = ""
    ) -> None:
        import caldav

        self.url = url if url.endswith("/") else url + "/"
        book = carddav_url or self.url
        self.carddav_url = book if book.endswith("/") else book + "/"
        self.host = urlsplit(url).netloc.rpartition("@")[2]
        self._password = password
        self.client = caldav.DAVClient(  # type: ignore[operator]
            url=self.url,
            username=username,
            password=password,
            ssl_verify_cert=ca_file or True,
            timeout=TIMEOUT_S,
            enable_rfc6764=False,
        )

    def close(self) -> None:
        self.client.close()

    # -- one request, every failure mapped to one clear line -----------------------

    def request(
        self, url: str, method: str, body: str = "", headers: dict[str, str] | None = None
    ) -> Any:
        from caldav.lib import error
        from caldav.lib.http_sync import requests

        exceptions = requests.exceptions
        try:
            response = self.client.request(url, method, body, headers or {})
        except error.AuthorizationError as exc:
            if exc.status == 403:
                what = f"{method} {public_url(url)}"
                raise SyncError(f"{self.host} answered 403 (forbidden) to {what}") from None
            raise SyncError(
                f"{self.host} refused the user name or password (check [sync] username and "
                "the password in the keyring or INFOINTERVIEW_DAV_PASSWORD)"
            ) from None
        except exceptions.SSLError as exc:
            raise SyncError(
                f"{self.host}: TLS certificate not trusted ({self._reason(exc)}); for a "
                "self-signed server set [sync] ca_file to its CA certificate"
            ) from None
        except exceptions.Timeout:
            raise SyncError(f"{self.host} did not answer in {TIMEOUT_S} s") from None
        except (exceptions.ConnectionError, OSError) as exc:
            raise SyncError(f"cannot reach {self.host} ({self._reason(exc)})") from None
        except exceptions.RequestException as exc:
            raise SyncError(f"{self.host}: {self._reason(exc)}") from None
        except error.DAVError as exc:
            raise SyncError(f"{self.host}: {self._reason(exc)}") from None
        if response.status == 412:
            raise Conflict(url)
        if response.status >= 400:
            what = f"{method} {public_url(url)}"
            raise SyncError(f"{self.host} answered {response.status} to {what}", response.status)
        return response

    def _reason(self, exc: BaseException) -> str:
        """The last, most specific part of an exception's message, minus secrets."""
        text = str(exc).replace(self._password, "***") if self._password else str(exc)
        text = text.strip().splitlines()[-1] if text.strip() else type(exc).__name__
        if "refused" in text.lower():
            return "connection refused"
        if "certificate verify failed" in text.lower():
            return "certificate verify failed"
        return text[-160:]

    def propfind(self, url: str, props: str, depth: int) -> list[tuple[str, Any]]:
        body = (
            f'<?xml version="1.0" encoding="utf-8"?><d:propfind {NS}>'
            f"<d:prop>{props}</d:prop></d:propfind>"
        )
        response = self.request(url, "PROPFIND", body, {"Depth": str(depth)})
        return self._responses(url, response)

    def _responses(self, base: str, response: Any) -> list[tuple[str, Any]]:
        tree = response.tree
        if tree is None:
            return []
        out = []
        for item in tree.iter(_tag(DAV, "response")):
            href = _text(item, DAV, "href")
            out.append((urljoin(base, href), item))
        return out

    # -- discovery and the two collections -------------------------------------

    def calendar(self, create: bool = True) -> tuple[str | None, bool]:
        """(URL of the calendar named "infointerview", whether it was missing); made if
        missing and `create`, else the URL is None."""
        from caldav.lib import error

        principal = self._principal()
        try:
            for calendar in principal.get_calendars():
                if (calendar.get_display_name() or "") == NAME:
                    return str(calendar.url), False
            if not create:
                return None, True
            made = principal.make_calendar(
                name=NAME,
                cal_id=NAME + "-calendar",
                supported_calendar_component_set=["VEVENT", "VTODO"],
            )
        except error.DAVError as exc:
            raise SyncError(f"{self.host}: cannot use the calendar ({self._reason(exc)})") from None
        return str(made.url), True

    def _principal(self) -> Any:
        from caldav.lib import error

        # Probe with our own request first: its errors are the clear ones.
        self.propfind(self.url, "<d:current-user-principal/>", 0)
        try:
            return self.client.principal()
        except error.DAVError as exc:
            raise SyncError(f"{self.host}: no CalDAV account here ({self._reason(exc)})") from None

    def addressbook(self, create: bool = True) -> tuple[str | None, bool]:
        """(URL of the address book named "infointerview", whether it was missing)."""
        home = self._addressbook_home()
        for url, item in self.propfind(home, "<d:resourcetype/><d:displayname/>", 1):
            is_book = item.find(f".//{_tag(CARDDAV, 'addressbook')}") is not None
            if is_book and _text(item, DAV, "displayname") == NAME:
                return url, False
        if not create:
            return None, True
        url = urljoin(home, NAME + "-contacts/")
        body = (
            f'<?xml version="1.0" encoding="utf-8"?><d:mkcol {NS}><d:set><d:prop>'
            "<d:resourcetype><d:collection/><r:addressbook/></d:resourcetype>"
            f"<d:displayname>{NAME}</d:displayname></d:prop></d:set></d:mkcol>"
        )
        self.request(url, "MKCOL", body)
        return url, True

    def _addressbook_home(self) -> str:
        found = self.propfind(self.carddav_url, "<d:current-user-principal/>", 0)
        principal = self.carddav_url
        for url, item in found:
            href = item.find(f".//{_tag(DAV, 'current-user-principal')}/{_tag(DAV, 'href')}")
            if href is not None and href.text:
                principal = urljoin(url, href.text.strip())
        for url, item in self.propfind(principal, "<r:addressbook-home-set/>", 0):
            href = item.find(f".//{_tag(CARDDAV, 'addressbook-home-set')}/{_tag(DAV, 'href')}")
            if href is not None and href.text:
                return urljoin(url, href.text.strip())
        raise SyncError(f"{self.host} offers no CardDAV address books for this account")

    # -- change detection ---------------------------------------------------------

    def collection_tags(self, url: str, token: bool = True) -> tuple[str, str]:
        """(ctag, sync-token) of a collection; '' for what the server does not offer
        (or was not asked: each costs some servers a pass over the whole collection)."""
        props = "<cs:getctag/><d:sync-token/>" if token else "<cs:getctag/>"
        for _href, item in self.propfind(url, props, 0):
            return _text(item, CS, "getctag"), _text(item, DAV, "sync-token")
        return "", ""

    def list_etags(self, url: str) -> Listing:
        """Every object in the collection with its ETag (the fallback to sync tokens)."""
        listing = Listing()
        for href, item in self.propfind(url, "<d:getetag/>", 1):
            if href.rstrip("/") != url.rstrip("/"):
                listing.etags[href] = _text(item, DAV, "getetag")
        return listing

    def changes_since(self, url: str, token: str) -> Listing | None:
        """RFC 6578 sync-collection: what changed since `token`; None if it is refused."""
        body = (
            f'<?xml version="1.0" encoding="utf-8"?><d:sync-collection {NS}>'
            f"<d:sync-token>{escape(token)}</d:sync-token><d:sync-level>1</d:sync-level>"
            "<d:prop><d:getetag/></d:prop></d:sync-collection>"
        )
        try:
            response = self.request(url, "REPORT", body, {"Depth": "0"})
        except (SyncError, Conflict):
            return None  # an expired or unknown token (403/409/412): list everything
        listing = Listing()
        tree = response.tree
        if tree is None:
            return None
        for href, item in self._responses(url, response):
            status = _text(item, DAV, "status")
            if " 404" in status and item.find(f"{_tag(DAV, 'propstat')}") is None:
                listing.deleted.add(href)
            elif href.rstrip("/") != url.rstrip("/"):
                listing.etags[href] = _text(item, DAV, "getetag")
        token_element = tree.find(_tag(DAV, "sync-token"))
        listing.token = (token_element.text or "").strip() if token_element is not None else ""
        return listing

    # -- objects ----------------------------------------------------------------------

    def fetch(self, url: str, hrefs: list[str], card: bool) -> dict[str, tuple[str, str]]:
        """href -> (etag, text) for `hrefs` in the collection at `url` (multiget)."""
        out: dict[str, tuple[str, str]] = {}
        ns, data = (CARDDAV, "address-data") if card else (CALDAV, "calendar-data")
        prefix = "r" if card else "c"
        kind = "addressbook-multiget" if card else "calendar-multiget"
        for start in range(0, len(hrefs), 200):
            chunk = hrefs[start : start + 200]
            refs = "".join(f"<d:href>{escape(urlsplit(h).path)}</d:href>" for h in chunk)
            body = (
                f'<?xml version="1.0" encoding="utf-8"?><{prefix}:{kind} {NS}><d:prop>'
                f"<d:getetag/><{prefix}:{data}/></d:prop>{refs}</{prefix}:{kind}>"
            )
            response = self.request(url, "REPORT", body, {"Depth": "1"})
            for href, item in self._responses(url, response):
                text = _text(item, ns, data)
                if text:
                    out[href] = (_text(item, DAV, "getetag"), text)
        return out

    def get(self, href: str) -> tuple[str, str]:
        """(etag, text) of one object."""
        response = self.request(href, "GET")
        return str(response.headers.get("ETag", "")), response.raw

    def put(self, href: str, text: str, etag: str | None, card: bool) -> str:
        """Create (`etag` None: only if absent) or replace (only if still `etag`).

        Returns the new ETag (fetched when the server does not send it); raises Conflict.
        """
        content_type = "text/vcard" if card else "text/calendar"
        headers = {"Content-Type": f"{content_type}; charset=utf-8"}
        if etag is None:
            headers["If-None-Match"] = "*"
        else:
            headers["If-Match"] = etag
        try:
            response = self.request(href, "PUT", text, headers)
        except SyncError as exc:
            if exc.status == 409:  # e.g. CalDAV no-uid-conflict: the UID is elsewhere
                raise Conflict(href) from None
            raise
        new = str(response.headers.get("ETag", ""))
        if not new or new.startswith("W/"):
            new = self.get(href)[0]
        return new

    def upload_all(self, url: str, body: str, card: bool) -> bool:
        """Radicale's whole-collection PUT: every object of an empty collection in one
        request (one PUT per object costs Radicale a scan of the whole collection).
        False when the server does not do that (most answer 405 or 409)."""
        content_type = "text/vcard" if card else "text/calendar"
        try:
            self.request(url, "PUT", body, {"Content-Type": f"{content_type}; charset=utf-8"})
        except (SyncError, Conflict):
            return False
        # The upload replaced the collection's properties: give it its name back.
        body = (
            f'<?xml version="1.0" encoding="utf-8"?><d:propertyupdate {NS}><d:set><d:prop>'
            f"<d:displayname>{NAME}</d:displayname></d:prop></d:set></d:propertyupdate>"
        )
        self.request(url, "PROPPATCH", body)
        return True

    def delete(self, href: str, etag: str) -> None:
        """Delete if still `etag`; an object already gone is fine. Raises Conflict."""
        try:
            self.request(href, "DELETE", "", {"If-Match": etag} if etag else {})
        except SyncError as exc:
            if exc.status not in (404, 410):
                raise
