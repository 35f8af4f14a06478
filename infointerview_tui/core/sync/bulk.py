"""Objects in bulk: the first upload into a collection this sync made, and finding the
app's objects by UID when the state lost track of them (a sync killed after the server
stored them but before the state was saved)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING

from ..interop.ical import calendar

if TYPE_CHECKING:
    from .dav import Dav
    from .local import LocalObject

BULK_MIN = 20  # below this, one PUT per object is as quick
UID_LINE = re.compile(r"^UID:(.+?)\r?$", re.MULTILINE | re.IGNORECASE)
FOLD = re.compile(r"\r?\n[ \t]")


def uid_of(text: str) -> str:
    found = UID_LINE.search(FOLD.sub("", text))
    return found.group(1).strip() if found else ""


def uid_index(dav: Dav, url: str, card: bool) -> dict[str, tuple[str, str]]:
    """UID -> (href, ETag) of every object in the collection."""
    listing = dav.list_etags(url)
    out: dict[str, tuple[str, str]] = {}
    for href, (etag, text) in dav.fetch(url, sorted(listing.etags), card).items():
        if uid := uid_of(text):
            out[uid] = (href, etag or listing.etags.get(href, ""))
    return out


def _calendar(texts: list[str]) -> str:
    """One VCALENDAR holding the components of each single-object calendar text."""
    parts = []
    for text in texts:
        start = min(i for i in (text.find("BEGIN:VEVENT"), text.find("BEGIN:VTODO")) if i >= 0)
        parts.append(text[start : text.rindex("END:VCALENDAR")])
    return calendar(*parts, name="infointerview")


def upload_fresh(
    dav: Dav, url: str, objects: dict[str, LocalObject], card: bool, stamp: datetime
) -> dict[str, tuple[str, str]] | None:
    """Put every object into the empty collection at `url` in one request, where the
    server supports that (Radicale); UID -> (href, ETag), or None to go one by one."""
    if len(objects) < BULK_MIN or dav.list_etags(url).etags:
        return None  # not worth it, or not empty: never replace what someone else put
    texts = [obj.render(stamp) for obj in objects.values()]
    body = "".join(texts) if card else _calendar(texts)
    if not dav.upload_all(url, body, card):
        return None
    return uid_index(dav, url, card)
