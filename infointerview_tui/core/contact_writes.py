"""The contacts repository's write helpers, called by core/intents.py inside its
transaction. `record_stage_changes` is the one function that writes a stage change."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import (
    Connection,
    and_,
    bindparam,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)

from . import db, search
from .contact_queries import (
    _CONTACT,
    _EVENT,
    _ORG,
    DRAFTS,
    SEARCHED,
    _linked_names,
    _live,
    _with_org,
)
from .contact_rows import (
    ContactState,
    StageChange,
)
from .stages import FIRST_STAGE, LAST_STAGE
from .text import clean_line

LOOP_LIMIT = 1000  # referral steps walked looking for a loop


class ContactWrites:
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
    def referral_loop(conn: Connection, contact_id: int, referrer_id: int) -> str | None:
        """Who, up the chain from `referrer_id`, was referred through `contact_id` (the
        name of the person next to it), or None: a referral chain must not loop, or its
        people have no root to hang from on the referral map."""
        c = _CONTACT
        seen = {referrer_id}
        current: int | None = referrer_id
        for _ in range(LOOP_LIMIT):  # a chain is short; the cap keeps a bad file finite
            row = conn.execute(
                select(c.c.name, c.c.referred_by_id).where(c.c.id == current)
            ).first()
            if row is None or row[1] is None:
                return None
            if int(row[1]) == contact_id:
                return str(row[0])
            current = int(row[1])
            if current in seen:
                return None  # an older loop above, not through this contact
            seen.add(current)
        return None

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
        ContactWrites._index(conn, [(contact_id, values)])
        return contact_id

    @staticmethod
    def insert_batch(conn: Connection, rows: Sequence[dict[str, Any]]) -> list[int]:
        """New contact rows with the same keys, in one round trip; their ids in order
        (arrivals are recorded by `record_stage_changes`)."""
        if not rows:
            return []
        statement = insert(_CONTACT).returning(_CONTACT.c.id, sort_by_parameter_order=True)
        ids = [int(i) for i in conn.execute(statement, [db.bind(r) for r in rows]).scalars()]
        ContactWrites._index(conn, zip(ids, rows, strict=True))
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
