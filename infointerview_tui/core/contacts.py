"""Contacts and their stage history: the board's cards, the people lists, one contact.

Reads run on the calling thread's connection. The typed rows it returns are in
`contact_rows.py`, the board's SQL in `contact_queries.py`, and the write helpers that
core/intents.py calls inside its transaction in `contact_writes.py` (`Contacts` inherits
them; `record_stage_changes` is the one function that writes a stage change).

Lean by design (SQLAlchemy Core on the model tables, statements built once and cached
compiled, one indexed query per page, one small transaction per move) so that 10,000
contacts open and move as fast as 10.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from sqlalchemy import (
    Connection,
    false,
    func,
    or_,
    select,
    tuple_,
)

from . import board_filter, db, paging, search
from .contact_queries import (
    _CONTACT,
    _EVENT,
    _FIELD,
    _FOLLOW_UP,
    _INTERVIEW,
    _ORG,
    _OUTREACH,
    _REFERRER,
    COUNT_CAP,
    DRAFTS,
    _cards,
    _column_count,
    _linked_names,
    _live,
    _with_org,
)
from .contact_rows import (
    Card,
    ContactMatch,
    ContactState,
    ContactView,
    DraftContext,
    FollowUpSummaryRow,
    HistoryStep,
    InterviewSummaryRow,
    LinkedContact,
    PersonRow,
)
from .contact_writes import ContactWrites
from .database import Database
from .models import (
    Contact,
    Organization,
)
from .sqlfuncs import indexed_by
from .stage_counts import live_per_stage
from .stages import FIRST_STAGE, PAGE_SIZE


class Contacts(ContactWrites):
    """The contacts repository."""

    def __init__(self, database: Database) -> None:
        self.db = database

    # -- the board -------------------------------------------------------------------

    def stage_counts(self, text_filter: str = "", cap: int = COUNT_CAP) -> dict[int, int]:
        """Number of live (not archived) contacts per stage, all five stages present;
        with `text_filter`, of those it matches, each counted up to `cap` (beyond it
        a MoreThan(cap): "1,000+"), as the filter shows them (`filtered`)."""
        with self.db.read() as conn:
            if not text_filter:
                return live_per_stage(conn)
            return board_filter.filter_board(conn, text_filter, cap, 0)[0]  # (no pages)

    def column_count(self, stage: int, text_filter: str) -> int:
        """Exactly how many live contacts at `stage` `text_filter` matches: what a column
        whose count the filter capped asks for once scrolled to its last known card
        (it costs all the matches, once, when asked; not on every key)."""
        with self.db.read() as conn:
            return _column_count(conn, stage, text_filter)

    def cards(
        self,
        stage: int,
        offset: int = 0,
        limit: int = PAGE_SIZE,
        text_filter: str = "",
        total: int | None = None,
    ) -> list[Card]:
        """One page of a column's cards, in board order. Given the column's `total`, a
        page past its middle is read from the end (core/paging), so `end` on a column of
        50,000 reads one page backwards on the index instead of skipping 50,000 rows."""
        if total is not None:
            column = paging.Segment(total, partial(self._cards_from, stage, text_filter))
            return paging.read_segment(column, offset, limit)
        return self._cards_from(stage, text_filter, offset, limit, False)

    def prepare_card_reads(self) -> None:
        """Compile a column's page statements, forwards and backwards, by running each
        once for no rows: a statement's first run compiles it (~3 ms), and its first run
        is otherwise on a key (`end` on a long column reads its last page backwards)."""
        with self.db.read() as conn:
            for reverse in (False, True):
                _cards(conn, FIRST_STAGE, 0, 0, "", reverse=reverse)

    def _cards_from(
        self, stage: int, text_filter: str, offset: int, limit: int, reverse: bool
    ) -> list[Card]:
        with self.db.read() as conn:
            return _cards(conn, stage, offset, limit, text_filter, reverse=reverse)

    def filtered(
        self,
        text_filter: str,
        limit: int = PAGE_SIZE,
        cancelled: Callable[[], bool] = bool,
        cap: int = COUNT_CAP,
    ) -> tuple[dict[int, int], dict[int, list[Card]]]:
        """The board for a filter in one snapshot: counts per stage (`stage_counts`:
        exact up to `cap`, MoreThan(cap) beyond) and each non-empty column's first page,
        read together (`board_filter.filter_board` says what a key costs).
        Stops early (empty pages) once `cancelled()` says a newer search has begun."""
        with self.db.read_wide() as conn:  # its page cache holds the index it probes
            counts, pages = board_filter.filter_board(conn, text_filter, cap, limit, cancelled)
        return (counts, {}) if cancelled() else (counts, pages)

    def prepare_filter(self) -> None:
        """Compile the board filter's statements on its connection (`board_filter.prepare`),
        before the first key of the session (call from a worker)."""
        with self.db.read_wide() as conn:
            board_filter.prepare(conn)

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
            # A row value: one range of the board index (an OR of two made SQLite walk
            # the whole column, 2.6 ms at 35,000 cards).
            before = tuple_(c.c.position, c.c.id) < tuple_(position, contact_id)
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
                    .order_by(
                        func.coalesce(i.c.scheduled_at, i.c.started_at).desc().nulls_last(),
                        i.c.id.desc(),
                    )
                )
            ]
            view.follow_ups = [
                FollowUpSummaryRow(r[0], r[1], db.from_db(r[2]), bool(r[3]), r[4])
                for r in conn.execute(
                    select(f.c.id, f.c.kind, f.c.due, f.c.done, f.c.note)
                    .where(f.c.contact_id == contact_id)
                    .order_by(f.c.done, f.c.due, f.c.id)
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

        return [
            ContactMatch(r[0], r[1], r[2] or "", True)
            for r in sql.rows(
                self.db,
                select(col(Contact.id), col(Contact.name), col(Organization.name))
                .outerjoin(Organization, col(Organization.id) == col(Contact.organization_id))
                .where(col(Contact.archived).is_(True))
                .order_by(col(Contact.name), col(Contact.id))
                .limit(limit),
            )
        ]

    def name_starting(self, prefix: str) -> str | None:
        """A contact's name that `prefix` starts (any case), shortest first. On SQLite
        the names starting with it are a range of `ix_contact_name_folded` (the LIKE
        alone read every name: ~19 ms at 100,000 contacts, on each key typed)."""
        c = _CONTACT
        prefix = prefix.strip().lower()
        if not prefix:
            return None
        folded = func.lower(c.c.name)
        query = select(c.c.name).where(folded.startswith(prefix, autoescape=True))
        if self.db.is_sqlite:
            bounds = search.prefix_values("name", prefix)
            query = query.where(folded >= bounds["name_low"], folded < bounds["name_high"])
        query = query.order_by(func.length(c.c.name), c.c.name).limit(1)
        with self.db.read() as conn:
            found = conn.execute(query).scalar()
        return None if found is None else str(found)

    def linked(
        self,
        *,
        career_field_id: int | None = None,
        organization_id: int | None = None,
        limit: int = 50,
    ) -> list[LinkedContact]:
        """Live contacts in a field or at an organization, the first `limit` in board
        order (by stage, then as on the board). A field's are read walking the board's
        index, stopping at the `limit`-th match (by name, the field's whole first stage
        was read and sorted: 25 ms at 100,000 contacts, on every move in stage 1's
        list); an organization's through its own index, then sorted (a few)."""
        c: Any = _CONTACT
        o = _ORG
        if organization_id is not None:
            c = indexed_by(_CONTACT, "member", "ix_contact_org_live")
            query = select(c.c.id, c.c.name, c.c.stage).where(
                c.c.organization_id == organization_id, c.c.archived == false()
            )
        else:
            query = (
                select(c.c.id, c.c.name, c.c.stage)
                .select_from(_with_org())
                .where(
                    _live(
                        or_(
                            c.c.career_field_id == career_field_id,
                            o.c.career_field_id == career_field_id,
                        )
                    )
                )
            )
        query = query.order_by(c.c.stage, c.c.position, c.c.id).limit(limit)
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
        with self.db.read() as conn:
            counts = live_per_stage(conn, range(1, 4))
        return [
            paging.Segment(counts[stage], partial(self._people_at, stage)) for stage in (3, 2, 1)
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
