"""The board filter's read: what a text matches among the live contacts, per stage, as
counts (exact up to a cap, "1,000+" beyond) and each column's first page, read through
the board's index of words by stage (`board_term`, core/board_terms.py) with work per
key bounded by the cap, not by the contacts. Used by `contacts.py`.

A column's matches for a word are one range of that index's key (stage, term, contact):
its count reads at most cap + 1 distinct contacts of the range (each further word a
probe of the contact's own words), so "s" among 100,000 contacts reads ~1,001 entries a
column where walking the column card by card read ~9,000. Its first page comes from the
matches when there are at most `cap` of them (read, then sorted into board order), or
else from the column walked in board order with a probe per card, which finds a page
quickly exactly because the matches are many.

Every statement here is built once per number of words, the words bound parameters
(`search.prefix`): a key runs cached statements, it builds and compiles none.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    Select,
    Subquery,
    bindparam,
    false,
    func,
    select,
)

from . import search
from .contact_queries import _CONTACT, _ORG, _card, _card_columns
from .contact_rows import Card, MoreThan
from .models import BoardTerm, table
from .sqlfuncs import indexed_by
from .stages import FIRST_STAGE, LAST_STAGE

Board = tuple[dict[int, int], dict[int, list[Card]]]  # counts, first pages (by stage)
STAGES = range(FIRST_STAGE, LAST_STAGE + 1)
_TERM = table(BoardTerm)
#: A column in board order with each card's id (r0017), for the walk.
_WALK = indexed_by(_CONTACT, "walk", "ix_contact_walk")


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
    """What `text_filter` matches among the live contacts, per stage: how many (exact
    up to `cap`, MoreThan(cap) beyond) and the first `limit` cards in board order (none
    read when `limit` is 0: the counts alone). The rarest word of a column drives its
    range (`_rarest_first`); the others are checked on each of its contacts. Nothing is
    kept from one key to the next: each reads at most ~cap + 1 entries a column. Stops
    before the next column once `cancelled()`."""
    words = search.query_words(text_filter)
    counts: dict[int, int] = dict.fromkeys(STAGES, 0)
    pages: dict[int, list[Card]] = {}
    if not words:
        return counts, pages
    params: dict[str, Any] = {"most": cap + 1, "first": limit}
    for stage in STAGES:
        if cancelled():
            break
        at = {**params, **_values(_rarest_first(conn, words, stage)), "stage": stage}
        found = int(conn.execute(_count(len(words)), at).scalar_one())
        if not found:
            continue
        counts[stage] = MoreThan(cap) if found > cap else found
        if not limit:
            continue
        page = _walked_page(len(words)) if found > cap else _matches_page(len(words))
        pages[stage] = [_card(row) for row in conn.execute(page, at)]
    return counts, pages


SIZED_UP_TO = 4_000  # index entries counted to tell which word of a column is rarest


def _rarest_first(conn: Connection, words: list[str], stage: int) -> list[str]:
    """The words, the one with the fewest entries in the column first (it drives the
    read): counted up to SIZED_UP_TO each. "ma sa" at 100,000 contacts: ~10,000 entries
    a column for "ma", ~2,000 for "sa", each probed for the other word."""
    if len(words) == 1:
        return words
    sizes = {
        word: int(
            conn.execute(
                _range_size(), {**_values([word]), "stage": stage, "most": SIZED_UP_TO}
            ).scalar_one()
        )
        for word in words
    }
    return sorted(words, key=sizes.__getitem__)  # (stable: the longer first on a tie)


@cache
def _range_size() -> Select[Any]:
    """How many entries a column (`stage`) has for a word, counted up to `most`."""
    (word,) = _words(1)
    b = _TERM.alias("b")
    entries = (
        select(b.c.contact_id)
        .where(b.c.stage == bindparam("stage"), search.starts(b.c.term, word))
        .limit(bindparam("most", type_=Integer))
        .subquery("entries")
    )
    return select(func.count()).select_from(entries)


def prepare(conn: Connection, most_words: int = 2) -> None:
    """Run each statement a key of up to `most_words` words can run, once, for an empty
    range of terms (nothing matches: a seek each). A statement's first run compiles it
    (SQLAlchemy) and prepares it (SQLite): ~20-30 ms together, at any size, which the
    first key of a session otherwise waited for."""
    for n in range(1, most_words + 1):
        empty = {f"w{i}_{end}": "" for i in range(n) for end in ("low", "high")}
        at = {**empty, "stage": FIRST_STAGE, "most": 0, "first": 0}
        for statement in (_count(n), _matches_page(n), _walked_page(n)):
            conn.execute(statement, at).all()
    conn.execute(_range_size(), {"w0_low": "", "w0_high": "", "stage": FIRST_STAGE, "most": 0})


def _matching(n: int, placed: bool = False) -> Select[Any]:
    """The contacts of a column (bound parameter `stage`) matching `n` words (column
    `id`, and `position` when `placed`): the first word's range of the column's index
    entries, each of the others probed on the contact's own entries
    (`ix_board_term_contact`). A contact can come more than once (two of its words
    start with the first word)."""
    driver, *others = _words(n)
    b = _TERM.alias("b")
    columns = (b.c.contact_id.label("id"), *([b.c.position] if placed else []))
    return select(*columns).where(
        b.c.stage == bindparam("stage"),
        search.starts(b.c.term, driver),
        *(_has(b.c.contact_id, word) for word in others),
    )


def _has(contact_id: Any, word: search.Prefix) -> ColumnElement[bool]:
    """The contact has a word (its own, or its organization's) starting with `word`."""
    o = indexed_by(_TERM, "o", "ix_board_term_contact")
    # (the index's own columns only: SELECT * would read each entry's row for its position)
    return (
        select(o.c.contact_id)
        .where(o.c.contact_id == contact_id, search.starts(o.c.term, word))
        .exists()
    )


@cache
def _count(n: int) -> Select[Any]:
    """How many contacts of a column match `n` words, counted up to `most` (bound
    parameters `stage`, `most`): the first `most` distinct ones of the range."""
    distinct = _matching(n).distinct().limit(bindparam("most", type_=Integer)).subquery("m")
    return select(func.count()).select_from(distinct)


@cache
def _matches_page(n: int) -> Select[Any]:
    """A column's first `first` cards matching `n` words, from all its matches (few: at
    most the cap), sorted into board order by the position each entry holds (no contact
    looked up but the page's)."""
    matches = _matching(n, placed=True).distinct().subquery("matches")
    page = (
        select(matches.c.position, matches.c.id)
        .order_by(matches.c.position, matches.c.id)
        .limit(bindparam("first", type_=Integer))
        .subquery("page")
    )
    return _cards_of(page).order_by(page.c.position, page.c.id)


@cache
def _walked_page(n: int) -> Select[Any]:
    """A column's first `first` cards matching `n` words, walking it in board order on
    `ix_contact_walk` with a probe per card (the matches are many: a short walk)."""
    w = _WALK
    page = (
        select(w.c.position, w.c.id)
        .where(
            w.c.archived == false(),
            w.c.stage == bindparam("stage"),
            *(_has(w.c.id, word) for word in _words(n)),
        )
        .order_by(w.c.position, w.c.id)
        .limit(bindparam("first", type_=Integer))
        .subquery("page")
    )
    return _cards_of(page).order_by(page.c.position, page.c.id)


def _cards_of(ids: Subquery) -> Select[Any]:
    """The live cards of a column (bound parameters `stage`, `first`: how many) of the
    contacts whose ids `ids` lists (column `id`)."""
    c = _CONTACT
    joined = ids.join(c, c.c.id == ids.c.id).outerjoin(_ORG, _ORG.c.id == c.c.organization_id)
    return (
        _card_columns(joined)
        .where(c.c.archived == false(), c.c.stage == bindparam("stage"))
        .limit(bindparam("first", type_=Integer))
    )
