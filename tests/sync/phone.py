"""What a phone does to the server, through the caldav library as an independent client."""

from __future__ import annotations

from typing import Any

NAME = "infointerview"


def calendar(client: Any) -> Any:
    for cal in client.principal().get_calendars():
        if cal.get_display_name() == NAME:
            return cal
    raise AssertionError("no calendar named infointerview on the server")


def events(client: Any) -> list[Any]:
    return list(calendar(client).get_events())


def todos(client: Any) -> list[Any]:
    return list(calendar(client).get_todos(include_completed=True))


def addressbook_url(client: Any) -> str:
    """The address book named infointerview, found by PROPFIND on the user's home."""
    response = client.request(
        client.url.join("/sam/"),
        "PROPFIND",
        '<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:displayname/>'
        "<d:resourcetype/></d:prop></d:propfind>",
        {"Depth": "1"},
    )
    for item in response.tree.iter("{DAV:}response"):
        name = item.find(".//{DAV:}displayname")
        book = item.find(".//{urn:ietf:params:xml:ns:carddav}addressbook")
        if name is not None and name.text == NAME and book is not None:
            return str(client.url.join(item.find("{DAV:}href").text))
    raise AssertionError("no address book named infointerview on the server")


def etags(client: Any, url: str) -> dict[str, str]:
    """href -> ETag of every object in a collection."""
    response = client.request(
        url,
        "PROPFIND",
        '<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:getetag/></d:prop>'
        "</d:propfind>",
        {"Depth": "1"},
    )
    out = {}
    for item in response.tree.iter("{DAV:}response"):
        href = item.find("{DAV:}href").text
        etag = item.find(".//{DAV:}getetag")
        if etag is not None and etag.text and not href.endswith("/"):
            out[href] = etag.text
    return out


def cards(client: Any) -> dict[str, tuple[str, str]]:
    """href -> (ETag, vCard text) of every card in the infointerview address book."""
    url = addressbook_url(client)
    out = {}
    for href in etags(client, url):
        response = client.request(client.url.join(href), "GET")
        out[href] = (response.headers["ETag"], response.raw)
    return out


def put(client: Any, href: str, text: str, etag: str, content_type: str) -> int:
    response = client.request(
        client.url.join(href),
        "PUT",
        text,
        {"If-Match": etag, "Content-Type": f"{content_type}; charset=utf-8"},
    )
    return int(response.status)


def all_etags(client: Any) -> dict[str, str]:
    return {**etags(client, str(calendar(client).url)), **etags(client, addressbook_url(client))}
