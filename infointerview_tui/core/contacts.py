"""Contacts and their stage history: the board's cards, the people lists, one contact.

Reads run on the calling thread's connection. The write helpers take the connection of
a transaction opened by core/intents.py; `record_stage_changes` is the one function that
writes a stage change.

Lean by design (SQLAlchemy Core on the model tables, statements built once and cached
compiled, one indexed query per page, one small transaction per move) so that 10,000
contacts open and move as fast as 10.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
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
    insert,
    literal,
    or_,
    select,
    true,
    update,
)

from . import db, paging, search
from .database import Database
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
from .stages import FIRST_STAGE, LAST_STAGE, PAGE_SIZE
from .text import clean_line


@dataclass(frozen=True, slots=True)
class Card:
    """A contact as the board draws it."""

    id: int
    name: str
    title: str
    organization: str
    due_kind: str  # "" when nothing is due
    due: datetime | None


@dataclass(frozen=True, slots=True)
class ContactState:
    """What a state-checked write compares: where the contact is and its row version."""

    id: int
    name: str
    stage: int
    position: int
    archived: bool
    version: int


@dataclass(frozen=True, slots=True)
class StageChange:
    """One step of a contact's history; `from_stage` is None for its arrival."""

    contact_id: int
    from_stage: int | None
    to_stage: int
    position: int
    at: datetime


@dataclass(frozen=True, slots=True)
class HistoryStep:
    from_stage: int | None
    to_stage: int
    at: datetime


@dataclass(frozen=True, slots=True)
class InterviewSummaryRow:
    id: int
    scheduled_at: datetime | None
    status: str
    planned_minutes: int
    location: str


@dataclass(frozen=True, slots=True)
class FollowUpSummaryRow:
    id: int
    kind: str
    due: datetime | None
    done: bool
    note: str


@dataclass(slots=True)
class ContactView:
    """A contact with the names of what it links to, for the detail screen.

    `values` maps each editable column to its value (the form edits them by name).
    """

    values: dict[str, Any]
    organization: str
    career_field: str
    referred_by: str
    history: list[HistoryStep] = field(default_factory=list)
    interviews: list[InterviewSummaryRow] = field(default_factory=list)
    follow_ups: list[FollowUpSummaryRow] = field(default_factory=list)
    referrals: list[str] = field(default_factory=list)

    @property
    def version(self) -> int:
        return int(self.values.get("version", 0))


@dataclass(frozen=True, slots=True)
class ContactMatch:
    id: int
    name: str
    organization: str
    archived: bool = False


@dataclass(frozen=True, slots=True)
class LinkedContact:
    id: int
    name: str
    stage: int


@dataclass(frozen=True, slots=True)
class PersonRow:
    id: int
    name: str
    stage: int
    organization: str
    how_found: str
    referred_by: str
    last_outreach: datetime | None
    replied: bool


@dataclass(frozen=True, slots=True)
class DraftContext:
    name: str
    referrer: str
    career_field: str


DRAFTS = ("outreach_draft", "thank_you_draft")
FEW_MATCHES = 8000  # matches a filter reads whole (beyond, SQL counts and pages them)
DENSE_MATCHES = 1000  # matches in a column from which its first page is read walking it
SEARCHED = {"name", "title", "tags"}  # the columns the search index reads

_CONTACT = table(Contact)
_ORG = table(Organization)
_FIELD = table(CareerField)
_EVENT = table(StageEvent)
_FOLLOW_UP = table(FollowUp)
_INTERVIEW = table(Interview)
_OUTREACH = table(Outreach)
_REFERRER = _CONTACT.alias("r")


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


def _cards_query(matching: Subquery | None = None) -> Select[Any]:
    """A page of a column's cards in board order; only those in `matching` (ids found
    by the search index) when given."""
    c = _CONTACT
    return (
        _card_columns(_from(matching))
        .where(
            _live(c.c.stage == bindparam("stage"))
            if matching is None
            else and_(_not_archived(), c.c.stage + 0 == bindparam("stage"))
        )
        .order_by(c.c.position, c.c.id)
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
    )


#: The cards of the given ids (the first pages of a filter, picked in Python).
_CARDS_BY_ID = _card_columns(_with_org()).where(_CONTACT.c.id.in_(bindparam("ids", expanding=True)))


_CARDS = _cards_query()


def _card(row: Any) -> Card:
    contact_id, name, title, org, follow_up_due, follow_up_kind, interview = tuple(row)
    due_kind, due = "", None
    if follow_up_kind is not None:
        due_kind, due = follow_up_kind, db.from_db(follow_up_due)
    if interview:
        when = db.from_db(interview)
        if due is None or (when is not None and when < due):
            due_kind, due = "interview", when
    return Card(contact_id, name, title, org, due_kind, due)


def _stage_counts(conn: Connection, text_filter: str) -> dict[int, int]:
    counts = dict.fromkeys(range(FIRST_STAGE, LAST_STAGE + 1), 0)
    c = _CONTACT
    query = select(c.c.stage, func.count()).where(_live()).group_by(c.c.stage)
    if text_filter:
        matching = search.matching_contacts(text_filter)
        if matching is None:
            return counts
        query = (
            select(c.c.stage, func.count())
            .select_from(matching.join(c, c.c.id == matching.c.id))
            .where(_not_archived())
            .group_by(c.c.stage)
        )
    for stage, count in conn.execute(query):
        counts[stage] = count
    return counts


def _matching_places(conn: Connection, text_filter: str) -> list[Any] | None:
    """(stage, position, id) of each live contact `text_filter` matches, or None when
    there are more than FEW_MATCHES (then SQL counts them and walks the columns)."""
    matching = search.matching_contacts(text_filter)
    if matching is None:
        return []
    c = _CONTACT
    rows = conn.execute(
        select(c.c.stage, c.c.position, c.c.id)
        .select_from(matching.join(c, c.c.id == matching.c.id))
        .where(_not_archived())
        .limit(FEW_MATCHES + 1)
    ).all()
    return None if len(rows) > FEW_MATCHES else list(rows)


def _cards(
    conn: Connection, stage: int, offset: int, limit: int, text_filter: str, dense: bool = False
) -> list[Card]:
    query = _CARDS
    if text_filter and dense:
        query = _CARDS.where(search.dense_filter(text_filter))
    elif text_filter:
        matching = search.matching_contacts(text_filter)
        if matching is None:
            return []
        query = _cards_query(matching)
    params = {"stage": stage, "limit": limit, "offset": offset}
    return [_card(row) for row in conn.execute(query, params)]


class Contacts:
    """The contacts repository."""

    def __init__(self, database: Database) -> None:
        self.db = database

    # -- the board -------------------------------------------------------------------

    def stage_counts(self, text_filter: str = "") -> dict[int, int]:
        """Number of live (not archived) contacts per stage, all five stages present;
        with `text_filter`, of those it matches (`search.contact_filter`)."""
        with self.db.read() as conn:
            return _stage_counts(conn, text_filter)

    def cards(
        self, stage: int, offset: int = 0, limit: int = PAGE_SIZE, text_filter: str = ""
    ) -> list[Card]:
        """One page of a column's cards, in board order."""
        with self.db.read() as conn:
            return _cards(conn, stage, offset, limit, text_filter)

    def filtered(
        self, text_filter: str, limit: int = PAGE_SIZE, cancelled: Callable[[], bool] = bool
    ) -> tuple[dict[int, int], dict[int, list[Card]]]:
        """The board for a filter in one snapshot: counts per stage and each non-empty
        column's first page. A page is read the cheaper way: walking the column in order
        while most of it matches, else from the matching ids. Stops early (empty pages)
        once `cancelled()` says a newer search has begun."""
        pages: dict[int, list[Card]] = {}
        with self.db.read() as conn:
            places = _matching_places(conn, text_filter)
            if places is not None:  # few matches: counts and first pages from them
                counts = dict.fromkeys(range(FIRST_STAGE, LAST_STAGE + 1), 0)
                by_stage: dict[int, list[tuple[int, int]]] = {}
                for stage, position, contact_id in places:
                    counts[stage] += 1
                    by_stage.setdefault(stage, []).append((position, contact_id))
                firsts = {
                    stage: [cid for _, cid in heapq.nsmallest(limit, spots)]
                    for stage, spots in by_stage.items()
                }
                if cancelled():
                    return counts, pages
                wanted = [cid for ids in firsts.values() for cid in ids]
                cards = {
                    card.id: card
                    for card in map(_card, conn.execute(_CARDS_BY_ID, {"ids": wanted}))
                }
                pages = {stage: [cards[cid] for cid in ids] for stage, ids in firsts.items()}
                return counts, pages
            counts = _stage_counts(conn, text_filter)
            for stage, count in counts.items():
                if count and not cancelled():
                    # Walking the column reads ~limit * column / count rows, so it is
                    # cheap once many match; the ids cost all the matches.
                    dense = count >= DENSE_MATCHES
                    pages[stage] = _cards(conn, stage, 0, limit, text_filter, dense=dense)
        return counts, pages

    def card_index(self, contact_id: int, text_filter: str = "") -> int | None:
        """Where a contact sits in its column (for keeping it selected after a change)."""
        c = _CONTACT
        with self.db.read() as conn:
            row = conn.execute(
                select(c.c.stage, c.c.position).where(c.c.id == contact_id, _live())
            ).first()
            if row is None:
                return None
            stage, position = row
            before = or_(
                c.c.position < position, and_(c.c.position == position, c.c.id < contact_id)
            )
            query = select(func.count()).where(_live(c.c.stage == stage, before))
            if text_filter:
                query = query.where(search.dense_filter(text_filter))
            return int(conn.execute(query).scalar_one())

    def state(self, contact_id: int, conn: Connection | None = None) -> ContactState:
        """Where the contact is now (inside a transaction when `conn` is given)."""
        c = _CONTACT
        query = select(c.c.id, c.c.name, c.c.stage, c.c.position, c.c.archived, c.c.version)
        query = query.where(c.c.id == contact_id)
        if conn is not None:
            # In a write: hold the row until commit (PostgreSQL; SQLite's write lock
            # already covers the whole file, and it renders no FOR UPDATE).
            row = conn.execute(query.with_for_update()).first()
        else:
            with self.db.read() as reader:
                row = reader.execute(query).first()
        if row is None:
            raise LookupError(f"no contact with id {contact_id}")
        return ContactState(row[0], row[1], row[2], row[3], bool(row[4]), row[5])

    def history(self, contact_id: int, conn: Connection | None = None) -> list[HistoryStep]:
        """The contact's stage events, oldest first."""
        e = _EVENT
        query = (
            select(e.c.from_stage, e.c.to_stage, e.c.at)
            .where(e.c.contact_id == contact_id)
            .order_by(e.c.id)
        )
        if conn is None:
            with self.db.read() as reader:
                rows = reader.execute(query).all()
        else:
            rows = conn.execute(query).all()
        return [HistoryStep(r[0], r[1], db.from_db(r[2])) for r in rows]  # type: ignore[arg-type]

    # -- one contact ----------------------------------------------------------------

    def view(self, contact_id: int) -> ContactView | None:
        """Everything the contact screen shows, in a handful of queries."""
        c, i, f = _CONTACT, _INTERVIEW, _FOLLOW_UP
        with self.db.read() as conn:
            found = conn.execute(_linked_names().where(c.c.id == contact_id)).first()
            if found is None:
                return None
            values = dict(found._mapping)
            view = ContactView(
                values,
                values.pop("organization"),
                values.pop("career_field"),
                values.pop("referred_by"),
            )
            view.history = self.history(contact_id, conn)
            view.interviews = [
                InterviewSummaryRow(r[0], db.from_db(r[1]), r[2], r[3], r[4])
                for r in conn.execute(
                    select(i.c.id, i.c.scheduled_at, i.c.status, i.c.planned_minutes, i.c.location)
                    .where(i.c.contact_id == contact_id)
                    # Unscheduled last (SQLite does that by itself, PostgreSQL would not).
                    .order_by(func.coalesce(i.c.scheduled_at, i.c.started_at).desc().nulls_last())
                )
            ]
            view.follow_ups = [
                FollowUpSummaryRow(r[0], r[1], db.from_db(r[2]), bool(r[3]), r[4])
                for r in conn.execute(
                    select(f.c.id, f.c.kind, f.c.due, f.c.done, f.c.note)
                    .where(f.c.contact_id == contact_id)
                    .order_by(f.c.done, f.c.due)
                )
            ]
            view.referrals = list(
                conn.execute(
                    select(c.c.name).where(c.c.referred_by_id == contact_id).order_by(c.c.name)
                ).scalars()
            )
        return view

    def form(self, contact_id: int, keys: list[str]) -> dict[str, str]:
        """The contact's fields as the edit form shows them (see `form_values`)."""
        with self.db.read() as conn:
            return self.form_values(conn, contact_id, keys)

    def name(self, contact_id: int) -> str:
        c = _CONTACT
        with self.db.read() as conn:
            found = conn.execute(select(c.c.name).where(c.c.id == contact_id)).scalar()
        return str(found) if found is not None else ""

    def draft(self, contact_id: int, kind: str) -> str:
        """A saved draft ('outreach_draft' or 'thank_you_draft'); '' when none."""
        if kind not in DRAFTS:
            raise ValueError(f"no draft called {kind}")
        c = _CONTACT
        with self.db.read() as conn:
            found = conn.execute(select(c.c[kind]).where(c.c.id == contact_id)).scalar()
        return str(found) if found is not None else ""

    def draft_context(self, contact_id: int) -> DraftContext:
        """Name, referrer's name and career field, for the outreach composer."""
        c, r, f, o = _CONTACT, _REFERRER, _FIELD, _ORG
        org_field = _FIELD.alias("of")
        query = (
            select(
                c.c.name,
                func.coalesce(r.c.name, ""),
                func.coalesce(f.c.name, org_field.c.name, ""),
            )
            .select_from(
                c.outerjoin(r, r.c.id == c.c.referred_by_id)
                .outerjoin(f, f.c.id == c.c.career_field_id)
                .outerjoin(o, o.c.id == c.c.organization_id)
                .outerjoin(org_field, org_field.c.id == o.c.career_field_id)
            )
            .where(c.c.id == contact_id)
        )
        with self.db.read() as conn:
            row = conn.execute(query).first()
        if row is None:
            raise LookupError(f"no contact with id {contact_id}")
        return DraftContext(row[0], row[1], row[2])

    def search(self, text: str, limit: int = 20) -> list[ContactMatch]:
        """Contacts with a word of their name starting with each typed word (through
        the index; "smi" finds "Anna Smith"); the archived ones are found too, marked."""
        with self.db.read() as conn:
            return [ContactMatch(*found) for found in search.find_contacts(conn, text, limit)]

    def archived(self, limit: int = 500) -> list[ContactMatch]:
        """Archived contacts, by name (a page: `limit`)."""
        from sqlalchemy import select
        from sqlmodel import col

        from . import sql
        from .models import Contact, Organization

        return [
            ContactMatch(r[0], r[1], r[2] or "", True)
            for r in sql.rows(
                self.db,
                select(col(Contact.id), col(Contact.name), col(Organization.name))
                .outerjoin(Organization, col(Organization.id) == col(Contact.organization_id))
                .where(col(Contact.archived).is_(True))
                .order_by(col(Contact.name))
                .limit(limit),
            )
        ]

    def name_starting(self, prefix: str) -> str | None:
        """A contact's name that `prefix` starts (any case), shortest first."""
        from sqlalchemy import func, select
        from sqlmodel import col

        from . import sql
        from .models import Contact

        prefix = prefix.strip()
        if not prefix:
            return None
        found = sql.scalar(
            self.db,
            select(col(Contact.name))
            .where(func.lower(col(Contact.name)).startswith(prefix.lower(), autoescape=True))
            .order_by(func.length(col(Contact.name)), col(Contact.name))
            .limit(1),
        )
        return None if found is None else str(found)

    def linked(
        self,
        *,
        career_field_id: int | None = None,
        organization_id: int | None = None,
        limit: int = 50,
    ) -> list[LinkedContact]:
        """Live contacts in a field or at an organization."""
        c, o = _CONTACT, _ORG
        if organization_id is not None:
            where = c.c.organization_id == organization_id
        else:
            where = or_(
                c.c.career_field_id == career_field_id, o.c.career_field_id == career_field_id
            )
        query = (
            select(c.c.id, c.c.name, c.c.stage)
            .select_from(_with_org())
            .where(_live(where))
            .order_by(c.c.stage, c.c.name)
            .limit(limit)
        )
        with self.db.read() as conn:
            return [LinkedContact(r[0], r[1], r[2]) for r in conn.execute(query)]

    # -- stage 3: people -------------------------------------------------------------

    def people(self, offset: int = 0, limit: int = 200) -> list[PersonRow]:
        """A page of stage 3's list."""
        return paging.read_page(self.people_pages(), offset, limit)

    def people_pages(self) -> list[paging.Segment[PersonRow]]:
        """Stage 3's list to page (core/paging): the people at stage 3, then 2, then 1,
        each stage in the board's order: one query per stage on `ix_contact_board` (an
        ORDER BY stage DESC, position would sort all of them), the last pages read
        backwards."""
        c = _CONTACT
        counts_query = (
            select(c.c.stage, func.count()).where(_live(c.c.stage <= 3)).group_by(c.c.stage)
        )
        with self.db.read() as conn:
            counts = {int(stage): int(n) for stage, n in conn.execute(counts_query)}
        return [
            paging.Segment(counts.get(stage, 0), partial(self._people_at, stage))
            for stage in (3, 2, 1)
        ]

    def _people_at(self, stage: int, offset: int, limit: int, reverse: bool) -> list[PersonRow]:
        c, o, r, x = _CONTACT, _ORG, _REFERRER, _OUTREACH
        last_sent = select(func.max(x.c.sent_at)).where(x.c.contact_id == c.c.id)
        replies = select(func.count()).where(x.c.contact_id == c.c.id, x.c.replied_at.is_not(None))
        order = (c.c.position.desc(), c.c.id.desc()) if reverse else (c.c.position, c.c.id)
        query = (
            select(
                c.c.id,
                c.c.name,
                c.c.stage,
                func.coalesce(o.c.name, ""),
                c.c.how_found,
                func.coalesce(r.c.name, ""),
                last_sent.scalar_subquery(),
                replies.scalar_subquery(),
            )
            .select_from(_with_org().outerjoin(r, r.c.id == c.c.referred_by_id))
            .where(_live(c.c.stage == stage))
            .order_by(*order)
            .limit(limit)
            .offset(offset)
        )
        with self.db.read() as conn:
            rows = conn.execute(query).all()
        return [
            PersonRow(r[0], r[1], r[2], r[3], r[4], r[5], db.from_db(r[6]), bool(r[7]))
            for r in rows
        ]

    def identities(self) -> Iterator[tuple[int, str, str, str, str]]:
        """(id, name, organization, profile URL, email) of every contact, oldest first:
        what importers match newcomers against. A stream (fetched a page at a time), to
        be read to its end before writing."""
        c, o = _CONTACT, _ORG
        query = (
            select(c.c.id, c.c.name, func.coalesce(o.c.name, ""), c.c.linkedin_url, c.c.email)
            .select_from(_with_org())
            .order_by(c.c.id)
        )
        with self.db.read() as conn:
            result = conn.execute(query, execution_options={"yield_per": 1000})
            for r in result:
                yield (r[0], r[1], r[2], r[3], r[4])

    # -- writes (called by intents, inside their transaction) ------------------------

    @staticmethod
    def id_by_name(conn: Connection, name: str) -> int | None:
        c = _CONTACT
        found = conn.execute(
            select(c.c.id)
            .where(db.nocase(c.c.name) == db.nocase(literal(clean_line(name))))
            .order_by(c.c.archived, c.c.id)
            .limit(1)
        ).scalar()
        return int(found) if found is not None else None

    @staticmethod
    def job(conn: Connection, contact_id: int) -> tuple[str, str] | None:
        """(title, organization name) of a contact; None when there is no such contact."""
        c, o = _CONTACT, _ORG
        row = conn.execute(
            select(c.c.title, func.coalesce(o.c.name, ""))
            .select_from(_with_org())
            .where(c.c.id == contact_id)
        ).first()
        return (str(row[0]), str(row[1])) if row else None

    @staticmethod
    def form_values(conn: Connection, contact_id: int, keys: list[str]) -> dict[str, str]:
        """The contact's fields as the edit form shows them (links by name, '' for none)."""
        row = conn.execute(_linked_names().where(_CONTACT.c.id == contact_id)).first()
        if row is None:
            raise LookupError(f"no contact with id {contact_id}")
        values = row._mapping
        return {k: str(values[k] or "") for k in keys if k in values}

    @staticmethod
    def top_position(conn: Connection, stage: int) -> int:
        """A position above every live card of `stage`: where arrivals land."""
        c = _CONTACT
        top = conn.execute(select(func.min(c.c.position)).where(_live(c.c.stage == stage))).scalar()
        return 0 if top is None else int(top) - 1

    @staticmethod
    def bottom_position(conn: Connection, stage: int) -> int:
        """The position below every card of a column."""
        c = _CONTACT
        bottom = conn.execute(select(func.max(c.c.position)).where(c.c.stage == stage)).scalar()
        return 0 if bottom is None else int(bottom) + 1

    @staticmethod
    def insert(conn: Connection, values: dict[str, Any]) -> int:
        """A new contact row (its arrival is recorded by `record_stage_changes`)."""
        statement = insert(_CONTACT).values(**db.bind(values)).returning(_CONTACT.c.id)
        contact_id = int(conn.execute(statement).scalar_one())
        Contacts._index(conn, [(contact_id, values)])
        return contact_id

    @staticmethod
    def insert_batch(conn: Connection, rows: Sequence[dict[str, Any]]) -> list[int]:
        """New contact rows with the same keys, in one round trip; their ids in order
        (arrivals are recorded by `record_stage_changes`)."""
        if not rows:
            return []
        statement = insert(_CONTACT).returning(_CONTACT.c.id, sort_by_parameter_order=True)
        ids = [int(i) for i in conn.execute(statement, [db.bind(r) for r in rows]).scalars()]
        Contacts._index(conn, zip(ids, rows, strict=True))
        return ids

    @staticmethod
    def _index(conn: Connection, rows: Iterable[tuple[int, dict[str, Any]]]) -> None:
        """New contacts' words into the search index, in the same transaction."""
        search.add(
            conn,
            [
                (kind, contact_id, text)
                for contact_id, values in rows
                for kind, text in search.contact_texts(
                    values["name"], values.get("title", ""), values.get("tags", "")
                ).items()
            ],
        )

    @staticmethod
    def record_stage_changes(conn: Connection, changes: Sequence[StageChange]) -> None:
        """THE way a contact changes stage: its row and its history, together.

        Each change must continue the contact's history (`from_stage` is where it is,
        and differs from `to_stage`); the caller checked that against the database.
        """
        last: dict[int, StageChange] = {}
        for change in changes:
            if change.from_stage == change.to_stage:
                raise ValueError(f"contact {change.contact_id} is already at {change.to_stage}")
            if not FIRST_STAGE <= change.to_stage <= LAST_STAGE:
                raise ValueError(f"there is no stage {change.to_stage}")
            last[change.contact_id] = change
        if not changes:
            return
        conn.execute(
            insert(_EVENT),
            [
                {
                    "contact_id": ch.contact_id,
                    "from_stage": ch.from_stage,
                    "to_stage": ch.to_stage,
                    "at": db.utc(ch.at),
                }
                for ch in changes
            ],
        )
        # An arrival's row was just inserted at that stage: only moves update the row.
        moves = [
            {"cid": ch.contact_id, "stage": ch.to_stage, "pos": ch.position, "at": db.utc(ch.at)}
            for ch in last.values()
            if ch.from_stage is not None
        ]
        if moves:
            c = _CONTACT
            conn.execute(
                update(c)
                .where(c.c.id == bindparam("cid"))
                .values(
                    stage=bindparam("stage"),
                    position=bindparam("pos"),
                    updated_at=bindparam("at"),
                    version=c.c.version + 1,
                ),
                moves,
            )

    @staticmethod
    def update(conn: Connection, contact_id: int, values: dict[str, Any]) -> None:
        """Apply column values and bump the row version."""
        c = _CONTACT
        result = conn.execute(
            update(c).where(c.c.id == contact_id).values(**db.bind(values), version=c.c.version + 1)
        )
        if result.rowcount == 0:
            raise LookupError(f"no contact with id {contact_id}")
        if values.keys() & SEARCHED:
            search.reindex_contact(conn, contact_id)

    @staticmethod
    def save_draft(conn: Connection, contact_id: int, kind: str, text: str) -> None:
        # Drafts are scratch text: they do not bump the version (undo stays possible).
        if kind not in DRAFTS:
            raise ValueError(f"no draft called {kind}")
        c = _CONTACT
        conn.execute(update(c).where(c.c.id == contact_id).values({kind: text}))

    @staticmethod
    def neighbour(conn: Connection, state: ContactState, direction: int) -> tuple[int, int] | None:
        """(id, position) of the live card above (-1) or below (+1) in the column."""
        c = _CONTACT
        if direction < 0:
            beyond = or_(
                c.c.position < state.position,
                and_(c.c.position == state.position, c.c.id < state.id),
            )
            order = (c.c.position.desc(), c.c.id.desc())
        else:
            beyond = or_(
                c.c.position > state.position,
                and_(c.c.position == state.position, c.c.id > state.id),
            )
            order = (c.c.position.asc(), c.c.id.asc())
        query = select(c.c.id, c.c.position).where(_live(c.c.stage == state.stage, beyond))
        row = conn.execute(query.order_by(*order).limit(1)).first()
        return (int(row[0]), int(row[1])) if row else None

    @staticmethod
    def renumber(conn: Connection, stage: int) -> None:
        """Give a column's cards distinct positions 0, 1, 2... in their current order."""
        c = _CONTACT
        ids = conn.execute(
            select(c.c.id).where(c.c.stage == stage).order_by(c.c.position, c.c.id)
        ).scalars()
        pairs = [{"cid": cid, "pos": i} for i, cid in enumerate(ids)]
        if pairs:
            conn.execute(
                update(c).where(c.c.id == bindparam("cid")).values(position=bindparam("pos")),
                pairs,
            )

    @staticmethod
    def set_referrers(conn: Connection, pairs: Sequence[tuple[int, int]]) -> None:
        """(contact id, referrer id) links for contacts being created."""
        if pairs:
            c = _CONTACT
            conn.execute(
                update(c).where(c.c.id == bindparam("cid")).values(referred_by_id=bindparam("rid")),
                [{"cid": cid, "rid": rid} for cid, rid in pairs],
            )

    @staticmethod
    def set_position(conn: Connection, contact_id: int, position: int) -> None:
        # Reordering is not a change to the contact: no version bump.
        c = _CONTACT
        conn.execute(update(c).where(c.c.id == contact_id).values(position=position))

    @staticmethod
    def has_any(conn: Connection) -> bool:
        return conn.execute(select(_CONTACT.c.id).limit(1)).first() is not None


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
