"""The board's SQL for the contacts repository: the model tables, the card query (built
once), stage counts and the filter's matches through the search index. Used by
`contacts.py` and `contact_writes.py`."""

from __future__ import annotations

import heapq
from collections.abc import Callable
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Connection,
    Integer,
    Select,
    Subquery,
    and_,
    bindparam,
    case,
    false,
    func,
    literal,
    select,
    true,
    union_all,
)

from . import search
from .contact_rows import Card, MoreThan
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
from .stages import FIRST_STAGE, LAST_STAGE

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


#: The cards of the given ids (the first pages of a filter, picked in Python).
_CARDS_BY_ID = _card_columns(_with_org()).where(_CONTACT.c.id.in_(bindparam("ids", expanding=True)))


_CARDS = _cards_query()
_CARDS_REVERSED = _cards_query(reverse=True)

#: Live contacts per stage (the board's counts without a filter).
_COUNTS = select(_CONTACT.c.stage, func.count()).where(_live()).group_by(_CONTACT.c.stage)


def _stage_counts(conn: Connection) -> dict[int, int]:
    """Live contacts per stage, exactly (one GROUP BY on the board's index)."""
    counts = dict.fromkeys(range(FIRST_STAGE, LAST_STAGE + 1), 0)
    for stage, count in conn.execute(_COUNTS):
        counts[stage] = count
    return counts


def _filter_board(
    conn: Connection,
    text_filter: str,
    cap: int,
    limit: int,
    cancelled: Callable[[], bool] = bool,
) -> tuple[dict[int, int], dict[int, list[int]]]:
    """What `text_filter` matches among the live contacts, per stage: how many (exact
    up to `cap`, MoreThan(cap) beyond) and the ids of the first `limit` (at least 1) in
    board order. A stage's places reach Python: all of them when the query's rarest
    word is rare, else its first `cap` + 1 (or `limit`) in board order.

    The work per key does not follow the number of matches, by driving the read from
    the cheaper side (`_driver` estimates both from a small sample): when the query's
    rarest word is rare, its matches are read from the index, each looked up on the
    board (`_sparse`); when the query is common, each column is walked in board order
    with an index probe per card until `cap` + 1 match (`_dense`: ~(cap + 1) /
    share-of-matches cards, a short walk exactly when the query is common). At worst
    (both reads alike) it grows as the square root of the contacts; words common
    apart but rare together walk whole columns. Stops early once `cancelled()`."""
    stages = range(FIRST_STAGE, LAST_STAGE + 1)
    counts: dict[int, int] = dict.fromkeys(stages, 0)
    firsts: dict[int, list[int]] = {}
    words = search.query_words(text_filter)
    if not words:
        return counts, firsts
    driver = _driver(conn, words, cap)
    places: dict[int, list[tuple[int, int]]] = {stage: [] for stage in stages}
    if driver is not None:
        query = _sparse(driver, [w for w in words if w != driver])
        found = {
            contact_id: (stage, position)
            for stage, position, contact_id in conn.execute(query).all()
        }
        for contact_id, (stage, position) in found.items():
            places[stage].append((position, contact_id))
    else:
        walk = _dense(text_filter, max(cap + 1, limit))
        for stage in stages:
            if cancelled():
                break
            places[stage] = [(r[0], r[1]) for r in conn.execute(walk, {"stage": stage}).all()]
    for stage, spots in places.items():
        if spots:
            counts[stage] = MoreThan(cap) if len(spots) > cap else len(spots)
            firsts[stage] = [cid for _, cid in heapq.nsmallest(max(limit, 1), spots)]
    return counts, firsts


#: The highest contact id: about how many contacts there are, read from the key's end.
_LAST_ID = select(func.coalesce(func.max(_CONTACT.c.id), 0))


SAMPLE = 64  # contacts, spread over the ids, that tell how common each word is


def _driver(conn: Connection, words: list[str], cap: int) -> str | None:
    """The word whose matches to read (`_sparse`), or None: walk the columns (`_dense`).

    Whichever costs less, by how common each word and all of them together are in a
    sample (`_sampled`): reading the rarest word's m matches (each checked for the
    other words), or walking each column until `cap` + 1 match (~5 (cap + 1) n / m
    cards of the n, all of them at most), counting a match read, a word checked on it
    and a card walked alike (~2-3 µs of CPU each at 100,000 contacts: measured with
    benchmarks/filter_keys.py). For one word the two cost the same at
    m ~ sqrt(5 (cap + 1) n), ~22,000 matches at 100,000 contacts: what a key costs at
    worst, against up to every match before."""
    contacts, together, each = _sampled(conn, words)
    if not contacts:
        return words[0]
    rarest = min(range(len(words)), key=each.__getitem__)  # ties: the longer word
    reading = each[rarest] * len(words)
    walking = min(contacts, 5 * (cap + 1) * contacts / max(together, 1))
    return words[rarest] if reading <= walking else None


def _sample_ids() -> Select[Any]:
    """`SAMPLE` ids spread evenly from 1 to the bound `last` (each once when there are
    fewer): made in SQL, a recursive CTE, so the statement stays one cached shape."""
    k = select(literal(0).label("k")).cte("k", recursive=True)
    k = k.union_all(select(k.c.k + 1).where(k.c.k < SAMPLE - 1))
    return select(1 + k.c.k * bindparam("last", type_=Integer) // SAMPLE).distinct()


_SAMPLE_IDS = _sample_ids()


def _sampled(conn: Connection, words: list[str]) -> tuple[float, float, list[float]]:
    """About how many live contacts there are, how many the words match together and
    how many each matches, from probing `SAMPLE` contacts spread evenly over the ids
    (one statement; an import in name order cannot skew it; all of a small database)."""
    last = int(conn.execute(_LAST_ID).scalar_one())
    c = _CONTACT
    flags = (
        select(
            *(
                case((search.word_match(word, c.c.id, c.c.organization_id), 1), else_=0)
                for word in words
            )
        )
        .where(c.c.id.in_(_SAMPLE_IDS), _not_archived())
        .subquery("sample")
    )
    every: ColumnElement[Any] = flags.c[0]
    for flag in list(flags.c)[1:]:
        every = every * flag
    query = select(func.count(), func.sum(every), *map(func.sum, flags.c))
    row = conn.execute(query, {"last": last}).one()
    scale = last / min(SAMPLE, last) if last else 1  # contacts per sampled id
    return row[0] * scale, (row[1] or 0) * scale, [(n or 0) * scale for n in row[2:]]


def _sparse(driver: str, others: list[str]) -> CompoundSelect:
    """Stage, position and id of the live matches, driven by `driver`'s: its index range,
    each looked up on the board index (with `others`, on the row: their probes read its
    organization), and the contacts of the organizations it matches. A contact can come
    more than once (two words matching, or its organization too): the caller dedupes,
    cheaper than a UNION's temporary B-tree."""
    hits = search.own_hits(driver).subquery("hits")
    c = _CONTACT
    place = _PLACE if not others else c
    own = (
        select(place.c.stage, place.c.position, place.c.id)
        .select_from(hits.join(place, place.c.id == hits.c.id))
        .where(
            place.c.archived != true(),
            *(search.word_match(word, place.c.id, c.c.organization_id) for word in others),
        )
    )
    at_organization = select(c.c.stage, c.c.position, c.c.id).where(
        c.c.organization_id.in_(search.organization_hits(driver)),
        c.c.archived == false(),
        *(search.word_match(word, c.c.id, c.c.organization_id) for word in others),
    )
    return union_all(own, at_organization)


def _dense(text_filter: str, first: int) -> Select[Any]:
    """A column's `first` matches in board order, walking it (ix_contact_board) with an
    index probe per card."""
    c = _CONTACT
    return (
        select(c.c.position, c.c.id)
        .where(_live(c.c.stage == bindparam("stage")), search.dense_filter(text_filter))
        .order_by(c.c.position, c.c.id)
        .limit(first)
    )


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
