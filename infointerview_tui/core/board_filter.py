"""The board filter's read: what a text matches among the live contacts, per stage, as
counts (exact up to a cap, "1,000+" beyond) and each column's first page, read through
the search index (core/search.py) with bounded work per key. Used by `contacts.py`.

Every statement here is built once per number of words, the words bound parameters
(`search.prefix`): a key runs cached statements, it builds and compiles none.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Connection,
    Integer,
    Select,
    Subquery,
    bindparam,
    case,
    false,
    func,
    literal,
    select,
    true,
    union_all,
)

from . import live, search
from .contact_queries import (
    _CONTACT,
    _ORG,
    _PLACE,
    _card,
    _card_columns,
    _not_archived,
    _with_org,
)
from .contact_rows import Card, MoreThan
from .models import SearchTerm, table
from .sqlfuncs import indexed_by
from .stages import FIRST_STAGE, LAST_STAGE

Board = tuple[dict[int, int], dict[int, list[Card]]]  # counts, first pages (by stage)
STAGES = range(FIRST_STAGE, LAST_STAGE + 1)
_TERM = table(SearchTerm)
#: A column in board order with each card's id and organization (r0017), for the walk.
_WALK = indexed_by(_CONTACT, "walk", "ix_contact_walk")
#: The contacts of an organization, found by it: without the hint SQLite's planner (no
#: ANALYZE statistics) scans the covering ix_contact_walk instead (10x the steps).
_MEMBER = indexed_by(_CONTACT, "member", "ix_contact_org_live")
SAMPLE = 64  # contacts, spread over the ids, that tell how common each word is


def _words(n: int) -> list[search.Prefix]:
    """The bound parameters of `n` words: w0, w1, ..."""
    return [search.prefix(f"w{i}") for i in range(n)]


def _values(words: list[str]) -> dict[str, str]:
    """The values of `_words(len(words))`."""
    values: dict[str, str] = {}
    for i, word in enumerate(words):
        values.update(search.prefix_values(f"w{i}", word))
    return values


def filter_board(
    conn: Connection,
    text_filter: str,
    cap: int,
    limit: int,
    cancelled: Callable[[], bool] = bool,
) -> Board:
    """`FilterReads.board` with nothing kept from a previous read."""
    return FilterReads().board(conn, text_filter, cap, limit, cancelled)


@dataclass(frozen=True, slots=True)
class Kept:
    """Every live match of one word (stage, position, id, the term that matched; a
    contact can come twice) as read when the database's version was `version`."""

    version: object
    word: str
    rows: list[Any]


class FilterReads:
    """The board filter's reads for one store. The matches of a one-word query read from
    the index are kept (`Kept`, up to KEEP_AT_MOST rows): the same word made longer
    (typing "sam" after "sa") can only match fewer, so while the database is unchanged
    (`live.data_version`) its matches are picked from those without reading the index
    again, and only its pages' cards are read."""

    def __init__(self) -> None:
        self._kept: Kept | None = None

    def board(
        self,
        conn: Connection,
        text_filter: str,
        cap: int,
        limit: int,
        cancelled: Callable[[], bool] = bool,
    ) -> Board:
        """What `text_filter` matches among the live contacts, per stage: how many
        (exact up to `cap`, MoreThan(cap) beyond) and the first `limit` (at least 1)
        cards in board order.

        The work per key does not follow the number of matches, by driving the read
        from the cheaper side (`_driver` estimates both from a small sample): when the
        query's rarest word is rare, its matches are read from the index, each looked
        up on the board (`sparse_rows`), or picked from the kept matches of a word it
        extends; when the query is common, each column is walked in board order with an
        index probe per card until `cap` + 1 match, counted in SQL, its first page from
        a second, short walk (`dense_pages`: ~(cap + 1) / share-of-matches cards, a
        short walk exactly when the query is common). At worst (both reads alike) it
        grows as the square root of the contacts; words common apart but rare together
        walk whole columns. Stops early once `cancelled()`."""
        words = search.query_words(text_filter)
        if not words:
            return dict.fromkeys(STAGES, 0), {}
        first = max(limit, 1)
        kept, self._kept = self._kept, None
        version = live.data_version(conn) if len(words) == 1 else None
        if kept is not None and version == kept.version and words[0].startswith(kept.word):
            rows = [row for row in kept.rows if row[3].startswith(words[0])]
        else:
            driver = _driver(conn, words, cap)
            if driver is None:
                return dense_pages(conn, words, max(cap + 1, limit), cap, first, cancelled)
            rows = sparse_rows(conn, [driver, *(w for w in words if w != driver)])
        if version is not None and len(rows) <= KEEP_AT_MOST:
            self._kept = Kept(version, words[0], rows)
        return _pages(conn, rows, cap, first)


KEEP_AT_MOST = 20_000  # matches kept for the next key (~3 MiB at most)


def _driver(conn: Connection, words: list[str], cap: int) -> str | None:
    """The word whose matches to read (`sparse_pages`), or None: walk the columns.

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


def _sampled(conn: Connection, words: list[str]) -> tuple[float, float, list[float]]:
    """About how many live contacts there are, how many the words match together and
    how many each matches, from probing `SAMPLE` contacts spread evenly over the ids
    (one statement; an import in name order cannot skew it; all of a small database)."""
    row = conn.execute(_sample_query(len(words)), _values(words)).one()
    last = int(row[0])
    scale = last / min(SAMPLE, last) if last else 1  # contacts per sampled id
    return row[1] * scale, (row[2] or 0) * scale, [(n or 0) * scale for n in row[3:]]


@cache
def _sample_query(n: int) -> Select[Any]:
    """The highest id (about how many contacts there are, read from the key's end), and
    of `SAMPLE` live contacts with ids spread evenly from 1 to it (a recursive CTE): how
    many, how many match all `n` words, and each."""
    c = _CONTACT
    last = select(func.coalesce(func.max(c.c.id), 0)).scalar_subquery()
    k = select(literal(0).label("k")).cte("k", recursive=True)
    k = k.union_all(select(k.c.k + 1).where(k.c.k < SAMPLE - 1))
    ids = select(1 + k.c.k * last // SAMPLE).distinct()
    flags = (
        select(
            *(
                case((search.word_match(word, c.c.id, c.c.organization_id), 1), else_=0)
                for word in _words(n)
            )
        )
        .where(c.c.id.in_(ids), _not_archived())
        .subquery("sample")
    )
    every: ColumnElement[Any] = flags.c[0]
    for flag in list(flags.c)[1:]:
        every = every * flag
    return select(last, func.count(), func.sum(every), *map(func.sum, flags.c))


def prepare(conn: Connection, most_words: int = 2) -> None:
    """Run each statement a key of up to `most_words` words can run, once, for an empty
    range of terms (nothing matches: a seek each). A statement's first run compiles it
    (SQLAlchemy) and prepares it (SQLite): ~20-30 ms together, at any size, which the
    first key of a session otherwise waited for."""
    for n in range(1, most_words + 1):
        empty = {f"w{i}_{end}": "" for i in range(n) for end in ("low", "high")}
        conn.execute(_sample_query(n), empty).all()
        conn.execute(_sparse_terms() if n == 1 else _sparse(n), empty).all()
        walk = {"stage": FIRST_STAGE, "walk": 0, "first": 0}
        conn.execute(_dense_column(n), {**empty, **walk}).all()
    conn.execute(_CARDS_BY_ID, {"ids": [0]}).all()
    live.data_version(conn)


# -- the matches read from the index --------------------------------------------------


def sparse_rows(conn: Connection, words: list[str]) -> list[Any]:
    """Stage, position and id of every live match of `words`, driven by the first's
    index range (`_sparse`); of one word, with the term that matched too."""
    query = _sparse_terms() if len(words) == 1 else _sparse(len(words))
    return list(conn.execute(query, _values(words)).all())


def _pages(conn: Connection, rows: list[Any], cap: int, first: int) -> Board:
    """Counts and first pages from every match's (stage, position, id, ...) (a contact
    can come twice: deduplicated here), the cards of the pages read by id."""
    counts: dict[int, int] = dict.fromkeys(STAGES, 0)
    places: dict[int, list[tuple[int, int]]] = {stage: [] for stage in STAGES}
    seen: set[int] = set()
    for row in rows:
        if row[2] not in seen:
            seen.add(row[2])
            places[row[0]].append((row[1], row[2]))
    wanted: dict[int, list[int]] = {}
    for stage, spots in places.items():
        if spots:
            counts[stage] = MoreThan(cap) if len(spots) > cap else len(spots)
            wanted[stage] = [contact_id for _, contact_id in heapq.nsmallest(first, spots)]
    ids = [contact_id for column in wanted.values() for contact_id in column]
    cards = {card.id: card for card in map(_card, conn.execute(_CARDS_BY_ID, {"ids": ids}))}
    return counts, {stage: [cards[cid] for cid in column] for stage, column in wanted.items()}


#: The cards of the given ids (the first pages of a sparse read, picked in Python).
_CARDS_BY_ID = _card_columns(_with_org()).where(_CONTACT.c.id.in_(bindparam("ids", expanding=True)))


@cache
def _sparse(n: int) -> CompoundSelect:
    """Stage, position and id of the live matches of `n` words, driven by the first's:
    its index range, each looked up on the board index (with other words, on the row:
    their probes read its organization), and the contacts of the organizations it
    matches. A contact can come more than once (two words matching, or its organization
    too): the caller dedupes, cheaper than a UNION's temporary B-tree."""
    driver, *others = _words(n)
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
    m = _MEMBER
    at_organization = select(m.c.stage, m.c.position, m.c.id).where(
        m.c.organization_id.in_(search.organization_hits(driver)),
        m.c.archived == false(),
        *(search.word_match(word, m.c.id, m.c.organization_id) for word in others),
    )
    return union_all(own, at_organization)


@cache
def _sparse_terms() -> CompoundSelect:
    """`_sparse(1)` with the term that matched: each match's stage, position, id and
    term (a contact with two matching words, or whose organization matches too, comes
    once for each), what `FilterReads` keeps to narrow from."""
    (word,) = _words(1)
    hits = search.own_hits(word).add_columns(_TERM.c.term).subquery("hits")
    orgs = search.organization_hits(word).add_columns(_TERM.c.term).subquery("orgs")
    m, place = _MEMBER, _PLACE
    own = (
        select(place.c.stage, place.c.position, place.c.id, hits.c.term)
        .select_from(hits.join(place, place.c.id == hits.c.id))
        .where(place.c.archived != true())
    )
    at_organization = (
        select(m.c.stage, m.c.position, m.c.id, orgs.c.term)
        .select_from(orgs.join(m, m.c.organization_id == orgs.c.record_id))
        .where(m.c.archived == false())
    )
    return union_all(own, at_organization)


# -- each column walked --------------------------------------------------------------


def dense_pages(
    conn: Connection,
    words: list[str],
    walk: int,
    cap: int,
    first: int,
    cancelled: Callable[[], bool] = bool,
) -> Board:
    """Each column's first `first` matching cards and its matches among the first
    `walk` (counted: exact up to `cap`), walking it (`_dense_column`); stops before the
    next column once `cancelled()`."""
    counts: dict[int, int] = dict.fromkeys(STAGES, 0)
    pages: dict[int, list[Card]] = {}
    query = _dense_column(len(words))
    params: dict[str, Any] = {**_values(words), "walk": walk, "first": first}
    for stage in STAGES:
        if cancelled():
            break
        rows = conn.execute(query, {**params, "stage": stage}).all()
        if rows:
            found = rows[0][-1]
            counts[stage] = MoreThan(cap) if found > cap else found
            pages[stage] = [_card(row[:-1]) for row in rows]
    return counts, pages


def _dense(words: list[search.Prefix], limit: Any) -> Select[Any]:
    """A column's (bound parameter `stage`) first `limit` matches in board order,
    walking it with an index probe per card: on `ix_contact_walk`, which holds what the
    probe reads (SQLite: INDEXED BY; the contact rows are not read)."""
    w = _WALK
    return (
        select(w.c.position, w.c.id)
        .where(
            w.c.archived == false(),
            w.c.stage == bindparam("stage"),
            *(search.word_match(word, w.c.id, w.c.organization_id) for word in words),
        )
        .order_by(w.c.position, w.c.id)
        .limit(limit)
    )


@cache
def _dense_column(n: int) -> Select[Any]:
    """A column's first `first` cards matching `n` words, each with how many of its
    first `walk` matches there are, last (bound parameters `stage`, `first`, `walk`):
    two walks in board order, the long one counted in SQL, so only the page's rows
    reach Python."""
    words = _words(n)
    counted = _dense(words, bindparam("walk", type_=Integer)).subquery("walked")
    found = select(func.count()).select_from(counted).scalar_subquery().label("found")
    page = _dense(words, bindparam("first", type_=Integer)).subquery("page")
    return _cards_of(page, found).order_by(page.c.position, page.c.id)


def _cards_of(ids: Subquery, *extra: Any) -> Select[Any]:
    """The cards of the contacts whose ids `ids` lists (column `id`), with `extra`
    columns after the card's."""
    c = _CONTACT
    joined = ids.join(c, c.c.id == ids.c.id).outerjoin(_ORG, _ORG.c.id == c.c.organization_id)
    return _card_columns(joined).add_columns(*extra)
