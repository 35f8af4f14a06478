"""The board's SQL for the contacts repository: the model tables, the card query (built
once), stage counts, a filtered column's pages and exact count. Used by `contacts.py`,
`contact_writes.py` and `board_filter.py` (the filter's per-key read)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    Subquery,
    and_,
    bindparam,
    false,
    func,
    select,
    true,
)

from . import search
from .contact_rows import Card
from .contact_rows import card_from_row as _card
from .models import (
    CareerField,
    Contact,
    FollowUp,
    Interview,
    Organization,
    Outreach,
    StageEvent,
    table,
)
from .sqlfuncs import indexed_by

DRAFTS = ("outreach_draft", "thank_you_draft")
COUNT_CAP = 1000  # a filtered column counts its matches up to this; beyond, "1,000+"
SEARCHED = {"name", "title", "tags"}  # the columns the search index reads

_CONTACT = table(Contact)
_ORG = table(Organization)
_FIELD = table(CareerField)
_EVENT = table(StageEvent)
_FOLLOW_UP = table(FollowUp)
_INTERVIEW = table(Interview)
_OUTREACH = table(Outreach)
_REFERRER = _CONTACT.alias("r")
#: A contact's place on the board (id, archived, stage, position) from its narrow index
#: (r0014), not its wide row: a filter's matches are looked up here one id at a time.
_PLACE = indexed_by(_CONTACT, "place", "ix_contact_place")


def _with_org() -> Any:
    return _CONTACT.outerjoin(_ORG, _ORG.c.id == _CONTACT.c.organization_id)


def _from(matching: Subquery | None) -> Any:
    """Contacts with their organization: all, or driven by the matching ids (each a
    primary-key lookup, so the cost follows the matches, not the table)."""
    if matching is None:
        return _with_org()
    c = _CONTACT
    return matching.join(c, c.c.id == matching.c.id).outerjoin(
        _ORG, _ORG.c.id == c.c.organization_id
    )


def _not_archived() -> ColumnElement[bool]:
    """Live, said so that no index serves it: from matching ids, SQLite must look each
    up by its key, not walk the board index and probe the ids (100,000 rows)."""
    return _CONTACT.c.archived != true()


def _live(*conditions: Any) -> ColumnElement[bool]:
    return and_(_CONTACT.c.archived == false(), *conditions)


def _card_columns(from_: Any) -> Select[Any]:
    """Cards with the next due action of each: its earliest open follow-up or planned
    interview (three small correlated lookups, on indexes)."""
    c, o, f, i = _CONTACT, _ORG, _FOLLOW_UP, _INTERVIEW
    next_follow_up = (
        select(f.c.id)
        .where(f.c.contact_id == c.c.id, f.c.done == false())
        .order_by(f.c.due)
        .limit(1)
        .scalar_subquery()
    )
    next_interview = (
        select(func.min(i.c.scheduled_at))
        .where(i.c.contact_id == c.c.id, i.c.status == "planned", i.c.scheduled_at.is_not(None))
        .scalar_subquery()
    )
    due = _FOLLOW_UP.alias("due")
    return select(
        c.c.id,
        c.c.name,
        c.c.title,
        func.coalesce(o.c.name, ""),
        due.c.due,
        due.c.kind,
        next_interview,
    ).select_from(from_.outerjoin(due, due.c.id == next_follow_up))


def _cards_query(matching: Subquery | None = None, reverse: bool = False) -> Select[Any]:
    """A page of a column's cards in board order (last first when `reverse`: the same
    index read backwards, so the last page costs what the first does); only those in
    `matching` (ids found by the search index) when given."""
    c = _CONTACT
    order = (c.c.position.desc(), c.c.id.desc()) if reverse else (c.c.position, c.c.id)
    return (
        _card_columns(_from(matching))
        .where(
            _live(c.c.stage == bindparam("stage"))
            if matching is None
            else and_(_not_archived(), c.c.stage + 0 == bindparam("stage"))
        )
        .order_by(*order)
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
    )


_CARDS = _cards_query()
_CARDS_REVERSED = _cards_query(reverse=True)


def _column_count(conn: Connection, stage: int, text_filter: str) -> int:
    """The matches of `text_filter` at `stage`, all counted (each a lookup of its place)."""
    matching = search.matching_contacts(text_filter)
    if matching is None:
        return 0
    p = _PLACE
    query = (
        select(func.count())
        .select_from(matching.join(p, p.c.id == matching.c.id))
        .where(p.c.archived != true(), p.c.stage == stage)
    )
    return int(conn.execute(query).scalar_one())


def _cards(
    conn: Connection,
    stage: int,
    offset: int,
    limit: int,
    text_filter: str,
    reverse: bool = False,
) -> list[Card]:
    """`limit` cards from `offset` in board order, or counted from the column's end
    (last card first) when `reverse`."""
    query = _CARDS_REVERSED if reverse else _CARDS
    if text_filter:
        matching = search.matching_contacts(text_filter)
        if matching is None:
            return []
        query = _cards_query(matching, reverse)
    params = {"stage": stage, "limit": limit, "offset": offset}
    return [_card(row) for row in conn.execute(query, params)]


def _linked_names() -> Select[Any]:
    """A contact's row with the names of its organization, career field and referrer."""
    c, o, f, r = _CONTACT, _ORG, _FIELD, _REFERRER
    return select(
        c,
        func.coalesce(o.c.name, "").label("organization"),
        func.coalesce(f.c.name, "").label("career_field"),
        func.coalesce(r.c.name, "").label("referred_by"),
    ).select_from(
        _with_org()
        .outerjoin(f, f.c.id == c.c.career_field_id)
        .outerjoin(r, r.c.id == c.c.referred_by_id)
    )
