"""Intents that bring many people in at once: importing contacts (LinkedIn, vCard, the
demo) and restoring a whole JSON export. `Intents` inherits these; every arrival is
recorded by `Contacts.record_stage_changes` like any other stage change."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sized
from contextlib import AbstractContextManager, nullcontext
from datetime import datetime
from typing import TYPE_CHECKING, Any

from . import counters, db, search
from .catalog import Catalog
from .contact_rows import StageChange
from .contacts import Contacts
from .intent_base import IntentBase
from .outcomes import ImportOutcome, NewContact
from .text import clean_line

if TYPE_CHECKING:
    from sqlalchemy import Connection


class ImportIntents(IntentBase):
    IMPORT_BATCH = 1000  # contacts per INSERT round trip while importing
    BULK_IMPORT = 1000  # from this many people on, an import may count at its end

    def import_contacts(
        self,
        people: Iterable[NewContact],
        *,
        is_known: Callable[[NewContact], bool] = lambda _p: False,
        refresh_job: Callable[[NewContact], int | None] | None = None,
        known_uids: Mapping[str, int] | None = None,
        organization_how_found: str = "",
        progress: Callable[[int, int], None] | None = None,
        total: int | None = None,
    ) -> ImportOutcome:
        """Add people (an import, the demo) in one transaction, skipping anyone known.

        `people` may be a stream (a file read as it goes): they are written a batch at a
        time, so memory stays flat however many there are; `total` (a sequence's length
        by default) is for `progress` only. `is_known` is the importer's duplicate rule;
        it sees each person in file order (and is expected to remember the ones it let
        through). For a known person, `refresh_job` (called right after `is_known`) may
        name the contact (id) whose title and organization the import brings up to date
        (a newer LinkedIn export); an empty value never erases ours.
        `referred_by_uid` links a person to their referrer by vCard UID, among the people
        added and `known_uids` (UID -> id of contacts already present).
        """
        outcome = ImportOutcome()
        now = self.now()
        if total is None:
            total = len(people) if isinstance(people, Sized) else 0
        done = 0
        ids_given = False
        with self._write() as conn, self._counting(conn, total):
            orgs = Catalog.organization_ids_by_name(conn)
            positions: dict[int, int] = {}
            referrals: list[tuple[int, int]] = []
            uid_ids: dict[str, int] = dict(known_uids or {})
            referred_by_uid: list[tuple[int, str]] = []
            Step = tuple[tuple[int, datetime], ...]
            batch: list[tuple[NewContact, dict[str, Any], Step]] = []

            def organization_for(name: str) -> int | None:
                """The organization of this name, created (and counted) if new."""
                company = clean_line(name)
                if not company:
                    return None
                org_id = orgs.get(db.fold(company))
                if org_id is None:
                    org_id = Catalog.save(
                        conn,
                        "organization",
                        None,
                        {"name": company, "how_found": organization_how_found, "created_at": now},
                    )
                    orgs[db.fold(company)] = org_id
                    outcome.organizations_created += 1
                return org_id

            def flush() -> None:
                """Insert the batch (one round trip) and record everyone's arrival."""
                if not batch:
                    return
                ids = Contacts.insert_batch(conn, [values for _p, values, _s in batch])
                changes: list[StageChange] = []
                for (person, values, steps), contact_id in zip(batch, ids, strict=True):
                    if person.referred_by_id is not None:
                        # Set once everyone is in: the referrer may come later.
                        referrals.append((contact_id, person.referred_by_id))
                    if person.uid:
                        uid_ids[person.uid] = contact_id
                    if person.referred_by_uid:
                        referred_by_uid.append((contact_id, person.referred_by_uid))
                    previous: int | None = None
                    for to_stage, at in steps:
                        changes.append(
                            StageChange(contact_id, previous, to_stage, values["position"], at)
                        )
                        previous = to_stage
                Contacts.record_stage_changes(conn, changes)
                outcome.imported += len(batch)
                batch.clear()

            for person in people:
                if progress and done % 1000 == 0:
                    progress(done, max(total, done))
                done += 1
                if is_known(person):
                    target = refresh_job(person) if refresh_job is not None else None
                    if target is not None and _refresh_job(
                        conn, target, person, organization_for, now
                    ):
                        outcome.updated += 1
                    else:
                        outcome.duplicates += 1
                    continue
                org_id = person.organization_id
                if org_id is None:
                    org_id = organization_for(person.organization)
                steps = person.history or ((person.stage, person.created_at or now),)
                stage = steps[-1][0]
                if stage not in positions:
                    positions[stage] = Contacts.bottom_position(conn, stage)
                values: dict[str, Any] = {
                    "name": person.name,
                    "title": person.title,
                    "organization_id": org_id,
                    "career_field_id": person.career_field_id,
                    "email": person.email,
                    "phone": person.phone,
                    "linkedin_url": person.linkedin_url,
                    "how_found": person.how_found,
                    "relationship": person.relationship,
                    "tags": person.tags,
                    "notes": person.notes,
                    "vcard_uid": person.uid or None,
                    "stage": stage,
                    "position": positions[stage],
                    "created_at": person.created_at or steps[0][1],
                    "updated_at": steps[-1][1],
                }
                if person.id is not None:
                    values["id"] = person.id
                    ids_given = True
                if batch and batch[-1][1].keys() != values.keys():
                    flush()  # one INSERT takes rows of the same columns
                batch.append((person, values, steps))
                positions[stage] += 1
                if len(batch) >= self.IMPORT_BATCH:
                    flush()
            flush()
            for contact_id, uid in referred_by_uid:
                referrer = uid_ids.get(uid)
                if referrer is not None and referrer != contact_id:
                    referrals.append((contact_id, referrer))
            Contacts.set_referrers(conn, referrals)
            if ids_given:
                self.db.ids_given(conn)  # later contacts still get new ids (PostgreSQL)
        if progress:
            progress(done, done)
        return outcome

    def _counting(self, conn: Connection, incoming: int) -> AbstractContextManager[None]:
        """How an import of about `incoming` people keeps the counts and the insights'
        tables: per row by their triggers, or once at its end
        (`counters.counted_at_the_end`) when it brings at least as many people as are
        there already. The triggers cost ~65 us a new contact; recounting costs ~15 us
        a contact and move already there (100,000 LinkedIn connections into an empty
        file: 21.8 s of CPU before, 15.2 s after)."""
        if incoming < self.BULK_IMPORT or incoming < _contacts_present(conn):
            return nullcontext()
        return counters.counted_at_the_end(conn)

    RESTORE_BATCH = 1000  # rows per INSERT round trip while restoring

    def restore_everything(self, rows: Iterable[tuple[Any, dict[str, Any]]]) -> None:
        """Restore an export into an empty database from a stream of (SQLModel table,
        validated row) pairs in any order (references are checked at commit), inserted
        a batch at a time so memory stays flat whatever the size; the export's question
        bank replaces the built-in one. All or nothing: an error raised by the stream
        writes nothing, and rows that do not fit together raise ValueError saying why."""
        from sqlalchemy import delete
        from sqlalchemy.exc import IntegrityError

        from .models import Question
        from .restore import Restore

        try:
            with self.db.session() as session:
                self.db.defer_foreign_keys(session)
                session.execute(delete(Question))
                restore = Restore(session.connection(), self.RESTORE_BATCH)
                with counters.counted_at_the_end(session.connection()):
                    for model, row in rows:
                        restore.add(model.__table__, row)
                    restore.finish()
                    self.db.ids_given(session.connection())
                    # (inside: what is kept from the search index is filled at the end)
                    search.rebuild(session.connection())
        except IntegrityError as exc:
            raise ValueError(str(exc.orig)) from None
        if self.on_change is not None:
            self.on_change()


def _refresh_job(
    conn: Connection,
    contact_id: int,
    person: NewContact,
    organization_for: Callable[[str], int | None],
    now: datetime,
) -> bool:
    """Take a known person's newer title and organization; whether anything changed."""
    current = Contacts.job(conn, contact_id)
    if current is None:
        return False
    title, company = clean_line(person.title), clean_line(person.organization)
    changes: dict[str, Any] = {}
    if title and title != current[0]:
        changes["title"] = title
    if company and company.lower() != str(current[1]).lower():
        changes["organization_id"] = organization_for(company)
    if not changes:
        return False
    Contacts.update(conn, contact_id, {**changes, "updated_at": now})
    return True


def _contacts_present(conn: Connection) -> int:
    from sqlalchemy import func, select

    from .models import Contact

    return int(conn.execute(select(func.count()).select_from(Contact)).scalar_one())
