"""Name search through an index: a contact, organization or career field is found by the
start of any word of its name ("smi" finds "Anna Smith"), in any case and with or
without accents ("jose" finds "José"), at the same speed among 10 or 100,000 of them.

The index is the `search_term` table: one row per word (folded by `normalise`, THE
normaliser) of each record's searchable text, with a B-tree on (kind, term) that
serves a prefix as a range (`term >= 'smi' AND term < 'smj'`, byte order: the column
collates "C" on PostgreSQL). It is written here only, by the core's write methods
(`add`, `replace`, `forget`, `rebuild`) in the same transaction as the record, so it
cannot drift from the tables; the migration that made it fills it with `rebuild` too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from operator import itemgetter
from typing import Any, NamedTuple

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    CompoundSelect,
    Connection,
    Select,
    Subquery,
    and_,
    bindparam,
    delete,
    exists,
    false,
    func,
    insert,
    intersect,
    literal,
    or_,
    select,
    union,
)

from .models import CareerField, Contact, Organization, SearchTerm, table
from .sqlfuncs import indexed_by

#: What a term row indexes: a contact's name, its title and tags, an organization's
#: name, a career field's name.
NAME, INFO, ORG, FIELD = "name", "info", "org", "field"
CONTACT_KINDS = (NAME, INFO)
CATALOG_KINDS = {"organization": ORG, "career_field": FIELD}  # by table name
MAX_TERM = 64  # characters of a word that are indexed (a longer one matches by its start)
MAX_WORDS = 8  # words of a query that count
BATCH = 20_000  # rows per executemany when rebuilding

_TERM = table(SearchTerm)
_CONTACT = table(Contact)
_ORG = table(Organization)
_FIELD = table(CareerField)
# A word: a run of letters and digits; a run of other visible characters ("%", "_",
# "-") is one too, so that "100%" and "carol_x" are found by what they are typed with.
_WORD = re.compile(r"[^\W_]+|[^\w\s]+|_+")


def normalise(text: str) -> str:
    """THE folding of searchable text: accents off (NFKD, combining marks dropped), then
    Unicode case folding ("Straße" and "STRASSE" agree; so do "José" and "JOSE")."""
    if text.isascii():
        return text.lower()  # the common case, ~10x faster (same result)
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.casefold()


def terms(text: str) -> set[str]:
    """The index terms of a text: its folded words."""
    return {word[:MAX_TERM] for word in _WORD.findall(normalise(text))}


def query_words(text: str) -> list[str]:
    """The words of what was typed, each to match the start of some word; longest first
    (the most selective drives the index scan)."""
    words = dict.fromkeys(word[:MAX_TERM] for word in _WORD.findall(normalise(text)))
    return sorted(words, key=len, reverse=True)[:MAX_WORDS]


def narrows(before: str, now: str) -> bool:
    """Whatever `now` matches, `before` matched too (each word typed before starts a
    word typed now: "sa" then "sam", "sam" then "sam p"): the matches can only be fewer."""
    words = query_words(now)
    return bool(query_words(before)) and all(
        any(word.startswith(old) for word in words) for old in query_words(before)
    )


def _after(prefix: str) -> str | None:
    """The smallest string above every string that starts with `prefix` (in code point
    order, which is UTF-8 byte order), or None when there is none."""
    while prefix:
        code = ord(prefix[-1]) + 1
        if 0xD800 <= code <= 0xDFFF:
            code = 0xE000  # surrogates are not characters
        if code <= 0x10FFFF:
            return prefix[:-1] + chr(code)
        prefix = prefix[:-1]
    return None


class Prefix(NamedTuple):
    """A word to match the start of, as the two bound parameters of its index range
    (`low` <= term < `high`): a statement built once with it takes any word
    (`prefix_values`), so a key costs no statement building."""

    low: BindParameter[str]
    high: BindParameter[str]


def prefix(name: str) -> Prefix:
    """The bound parameters of a word called `name` in a statement."""
    return Prefix(bindparam(f"{name}_low"), bindparam(f"{name}_high"))


def prefix_values(name: str, word: str) -> dict[str, str]:
    """The values of `prefix(name)` for `word`: the word and the smallest string above
    every term that starts with it (terms are at most MAX_TERM characters long)."""
    upper = _after(word)
    if upper is None:  # all U+10FFFF: above any term it starts, by length
        upper = word + chr(0x10FFFF) * (MAX_TERM + 1 - len(word))
    return {f"{name}_low": word, f"{name}_high": upper}


def starts(column: Any, prefix: str | Prefix) -> ColumnElement[bool]:
    """`column` starts with `prefix`, as a range an index on it serves."""
    if isinstance(prefix, Prefix):
        return and_(column >= prefix.low, column < prefix.high)
    upper = _after(prefix)
    if upper is None:
        return column >= prefix
    return and_(column >= prefix, column < upper)


def contact_texts(name: str, title: str, tags: str) -> dict[str, str]:
    """A contact's searchable text per kind."""
    return {NAME: name, INFO: f"{title} {tags}"}


# -- writing (only from the core's write methods, inside their transaction) -------------


def add(conn: Connection, texts: Iterable[tuple[str, int, str]]) -> None:
    """Index new records: (kind, record id, text) each."""
    rows = [(kind, term, record_id) for kind, record_id, text in texts for term in terms(text)]
    if rows:
        _insert_many(conn, rows)


_COMPILED: dict[str, Any] = {}  # the INSERT compiled once per dialect


def _insert_many(conn: Connection, rows: list[tuple[str, str, int]]) -> None:
    """(kind, term, record id) rows in one executemany of the driver's own SQL: the
    compiled statement's per-row parameter handling costs more than the insert itself
    (an import adds a contact's few terms at a time, a rebuild hundreds of thousands).
    Still a statement SQLAlchemy sees, so the writes are announced like any other."""
    compiled = _COMPILED.get(conn.dialect.name)
    if compiled is None:
        compiled = _COMPILED[conn.dialect.name] = insert(_TERM).compile(dialect=conn.dialect)
    names = ["kind", "term", "record_id"]
    sql = str(compiled)
    if not compiled.positional:
        conn.exec_driver_sql(sql, [dict(zip(names, row, strict=True)) for row in rows])
    elif compiled.positiontup == names:
        conn.exec_driver_sql(sql, rows)  # type: ignore[arg-type]
    else:
        pick = itemgetter(*(names.index(name) for name in compiled.positiontup or ()))
        conn.exec_driver_sql(sql, [pick(row) for row in rows])


def replace(conn: Connection, texts: Iterable[tuple[str, int, str]]) -> None:
    """Index records whose text changed: their old terms go, the new ones come."""
    texts = list(texts)
    forget(conn, [(kind, record_id) for kind, record_id, _ in texts])
    add(conn, texts)


def forget(conn: Connection, records: Iterable[tuple[str, int]]) -> None:
    """Drop deleted records from the index."""
    t = _TERM
    for kind, record_id in records:
        conn.execute(delete(t).where(t.c.kind == kind, t.c.record_id == record_id))


def reindex_contact(conn: Connection, contact_id: int) -> None:
    """A contact's terms again from its row (after an edit of its name, title or tags)."""
    c = _CONTACT
    row = conn.execute(select(c.c.name, c.c.title, c.c.tags).where(c.c.id == contact_id)).first()
    if row is None:
        forget(conn, [(kind, contact_id) for kind in CONTACT_KINDS])
        return
    texts = contact_texts(row[0], row[1], row[2])
    replace(conn, [(kind, contact_id, text) for kind, text in texts.items()])


def _all_texts(conn: Connection) -> Iterator[tuple[str, int, str]]:
    """Every record's searchable text, read a page at a time (by id: keyset)."""
    c = _CONTACT
    after = 0
    while True:
        page = conn.execute(
            select(c.c.id, c.c.name, c.c.title, c.c.tags)
            .where(c.c.id > after)
            .order_by(c.c.id)
            .limit(BATCH)
        ).all()
        for contact_id, name, title, tags in page:
            for kind, text in contact_texts(name, title, tags).items():
                yield kind, contact_id, text
        if len(page) < BATCH:
            break
        after = page[-1][0]
    for kind, source in ((ORG, _ORG), (FIELD, _FIELD)):
        for record_id, name in conn.execute(select(source.c.id, source.c.name)).all():
            yield kind, record_id, name


def rebuild(conn: Connection) -> int:
    """The whole index again from the tables (a restore, the migration's backfill);
    returns the number of terms. A page of records and a batch of terms in memory."""
    conn.execute(delete(_TERM))
    count = 0
    batch: list[tuple[str, str, int]] = []
    for kind, record_id, text in _all_texts(conn):
        batch.extend((kind, term, record_id) for term in terms(text))
        if len(batch) >= BATCH:
            _insert_many(conn, batch)
            count += len(batch)
            batch = []
    if batch:
        _insert_many(conn, batch)
        count += len(batch)
    return count


# -- reading ---------------------------------------------------------------------------


def _ids(kinds: tuple[str, ...], word: str | Prefix) -> Select[Any]:
    """Ids of records of `kinds` with a word starting with `word` (an index range)."""
    t = _TERM
    return select(t.c.record_id).where(t.c.kind.in_(kinds), starts(t.c.term, word))


def contact_ids(words: list[str]) -> CompoundSelect | Select[Any]:
    """Ids of contacts where each of `words` starts a word of their name, title, tags or
    organization's name: index ranges, united per word and intersected across words."""
    c = _CONTACT
    per_word = [
        union(
            _ids(CONTACT_KINDS, word).with_only_columns(_TERM.c.record_id.label("id")),
            select(c.c.id).where(c.c.organization_id.in_(_ids((ORG,), word))),
        )
        for word in words
    ]
    if len(per_word) == 1:
        return per_word[0]
    # SQLite takes no parenthesised compound inside a compound: each union as a subquery.
    return intersect(*(select(u.subquery().c[0]) for u in per_word))


def matching_contacts(text: str) -> Subquery | None:
    """The ids of the contacts matching `text` (column `id`; each once), or None when
    it has no word to match. Cost grows with the matches, not with the contacts."""
    words = query_words(text)
    if not words:
        return None
    return contact_ids(words).subquery("matching")


def word_match(word: str | Prefix, contact_id: Any, organization_id: Any) -> ColumnElement[bool]:
    """A contact (given by its id and organization id columns) has a word starting with
    `word` in its name, title or tags, or its organization has one in its name: one
    index seek on the contact's own terms first (`ix_search_term_contact`, whose
    condition the kinds, written out, meet), the organization only when that fails."""
    own = indexed_by(_TERM, "own", "ix_search_term_contact")
    kinds = [literal(kind, literal_execute=True) for kind in CONTACT_KINDS]
    return or_(
        exists().where(
            own.c.kind.in_(kinds), own.c.record_id == contact_id, starts(own.c.term, word)
        ),
        organization_id.in_(_ids((ORG,), word)),
    )


def dense_filter(text: str | list[Prefix]) -> ColumnElement[bool]:
    """The same match as a condition on each contact row (an index seek per row): the
    fast way to a column's first page when most of its cards match. Of the words of
    `text`, or of words given as bound parameters."""
    words = query_words(text) if isinstance(text, str) else text
    if not words:
        return false()
    c = _CONTACT
    return and_(*(word_match(word, c.c.id, c.c.organization_id) for word in words))


def own_hits(word: str | Prefix) -> Select[Any]:
    """Ids (column `id`) of the contacts with a word of their name, title or tags
    starting with `word`: an index range; a contact with two such words comes twice."""
    return _ids(CONTACT_KINDS, word).with_only_columns(_TERM.c.record_id.label("id"))


def organization_hits(word: str | Prefix) -> Select[Any]:
    """Ids of the organizations with a word of their name starting with `word`."""
    return _ids((ORG,), word)


def _also(kind: str, record_id: Any, words: list[str]) -> list[ColumnElement[bool]]:
    """The record also has a word starting with each of `words`."""
    other = _TERM.alias("other")
    return [
        exists().where(
            other.c.kind == kind, other.c.record_id == record_id, starts(other.c.term, word)
        )
        for word in words
    ]


def find_contacts(conn: Connection, text: str, limit: int) -> list[tuple[int, str, str, bool]]:
    """Up to `limit` contacts whose name has a word starting with each typed word, live
    or archived (id, name, organization, archived), in the order of the matching word.
    Walks the index in order and stops at `limit`: as fast among 100,000 as among 10."""
    words = query_words(text)
    if not words:
        return []
    t, c, o = _TERM, _CONTACT, _ORG
    query = (
        select(c.c.id, c.c.name, func.coalesce(o.c.name, ""), c.c.archived)
        .select_from(t.join(c, c.c.id == t.c.record_id).outerjoin(o, o.c.id == c.c.organization_id))
        .where(t.c.kind == NAME, starts(t.c.term, words[0]), *_also(NAME, t.c.record_id, words[1:]))
        .order_by(t.c.term, t.c.record_id)
        .limit(limit * 2)  # a contact with two matching words comes twice
    )
    found: dict[int, tuple[int, str, str, bool]] = {}
    for contact_id, name, organization, archived in conn.execute(query):
        found.setdefault(contact_id, (contact_id, name, organization, bool(archived)))
    return list(found.values())[:limit]


def find_names(conn: Connection, kind: str, text: str, limit: int) -> list[str]:
    """Up to `limit` names of organizations (ORG) or career fields (FIELD) with a word
    starting with each typed word, in the order of the matching word."""
    words = query_words(text)
    if not words:
        return []
    t = _TERM
    source = {ORG: _ORG, FIELD: _FIELD}[kind]
    query = (
        select(source.c.id, source.c.name)
        .select_from(t.join(source, source.c.id == t.c.record_id))
        .where(t.c.kind == kind, starts(t.c.term, words[0]), *_also(kind, t.c.record_id, words[1:]))
        .order_by(t.c.term, t.c.record_id)
        .limit(limit * 2)
    )
    found = dict(conn.execute(query).all())
    return [str(name) for name in found.values()][:limit]


def indexed(conn: Connection, kind: str, record_id: int) -> set[str]:
    """A record's terms as stored (for checking the index)."""
    t = _TERM
    rows = conn.execute(select(t.c.term).where(t.c.kind == kind, t.c.record_id == record_id))
    return {str(term) for term in rows.scalars()}
