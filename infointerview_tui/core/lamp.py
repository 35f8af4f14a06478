"""The LAMP list (Dalton, The 2-Hour Job Search): target organizations, ranked.

List 40 organizations; key each with Motivation (0-3: how much you want to work there)
and Posting (1: none found, 2: related, 3: a posting that fits you); Advocacy comes from
your people there — anyone who came from your own contacts, a referral or LinkedIn
(the rule is core/counters.py's, which keeps the count per organization).
Sorted by M, then P, then A. The top five that are not *dry* are active; an organization
runs dry when everyone you have there is done (stage 5) or a curmudgeon.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from .parts import StorePart

if TYPE_CHECKING:
    from .followups import AgendaItem

LAMP_TARGET = 40  # the book's length for the list
ACTIVE = 5
MOTIVATION_RANGE = (0, 3)
POSTING_RANGE = (1, 3)


@dataclass(frozen=True, slots=True)
class LampEntry:
    id: int
    name: str
    motivation: int
    posting: int
    advocacy: int
    people: int
    active: bool = False
    dry: bool = False


class LampQueries(StorePart):
    """The LAMP list's part of the Store."""

    def _lamp_rows(self, offset: int = 0, limit: int | None = None) -> list[LampEntry]:
        # SQLAlchemy's select: sqlmodel's is typed for up to four columns.
        from sqlalchemy import func, select
        from sqlmodel import col

        from .models import Organization, OrganizationCount

        # People and Advocacy are kept per organization by core/counters.py's triggers:
        # the ranking reads the organizations, never their contacts.
        counted = col(OrganizationCount.organization_id) == col(Organization.id)
        stmt = (
            select(
                col(Organization.id),
                col(Organization.name),
                col(Organization.motivation),
                col(Organization.posting),
                func.coalesce(col(OrganizationCount.advocacy), 0),
                func.coalesce(col(OrganizationCount.people), 0),
            )
            .join(OrganizationCount, counted, isouter=True)
            .order_by(
                col(Organization.motivation).desc(),
                col(Organization.posting).desc(),
                func.coalesce(col(OrganizationCount.advocacy), 0).desc(),
                func.lower(Organization.name),
                col(Organization.id),
            )
            .offset(offset)
        )
        if limit is not None:
            stmt = stmt.limit(limit)
        with self.session() as session:
            return [
                LampEntry(int(r[0] or 0), r[1], r[2], r[3], int(r[4]), int(r[5]))
                for r in session.execute(stmt)
            ]

    def lamp_count(self) -> int:
        from sqlalchemy import func
        from sqlmodel import select

        from .models import Organization

        with self.session() as session:
            return int(session.exec(select(func.count()).select_from(Organization)).one())

    def advocacy_counts(self) -> dict[int, int]:
        """Advocacy for every organization (for the export)."""
        return {e.id: e.advocacy for e in self._lamp_rows()}

    def _dry(self, entries: list[LampEntry], now: datetime) -> set[int]:
        """Organizations where everyone live is done (stage 5) or a curmudgeon.

        Never reads everyone there: an organization with someone pending who was never
        written to is live (an EXISTS that stops at the first one); only the pending
        people of the others, who all have outreach, are checked for curmudgeons."""
        staffed = [e.id for e in entries if e.people]
        if not staffed:
            return set()
        from sqlalchemy import and_, exists, select
        from sqlmodel import col

        from .models import Contact, Organization, Outreach

        pending = and_(
            col(Contact.organization_id) == col(Organization.id),
            col(Contact.archived).is_(False),
            col(Contact.stage) < 5,
        )
        unwritten = ~exists().where(col(Outreach.contact_id) == col(Contact.id))
        fresh = select(col(Organization.id)).where(
            col(Organization.id).in_(staffed), exists().where(pending, unwritten)
        )
        with self.session() as session:
            live = {int(i) for i in session.execute(fresh).scalars()}
            rest = [i for i in staffed if i not in live]
            people = (
                list(
                    session.execute(
                        select(col(Contact.id), col(Contact.organization_id)).where(
                            col(Contact.organization_id).in_(rest),
                            col(Contact.archived).is_(False),
                            col(Contact.stage) < 5,
                        )
                    )
                )
                if rest
                else []
            )
        responsiveness = self.responsiveness_of(  # type: ignore[attr-defined]
            [int(p[0]) for p in people], now
        )
        for contact_id, organization_id in people:
            if responsiveness.get(int(contact_id)) != "curmudgeon":
                live.add(int(organization_id))
        return set(staffed) - live

    def lamp_list(self, now: datetime, offset: int = 0, limit: int = 100) -> list[LampEntry]:
        """A page of the ranked list, with the five active ones and the dry ones marked."""
        rows = self._lamp_rows(offset, limit)
        dry_ids = self._dry(rows, now)
        # The first page is the start of the ranking the active ones are found in: the
        # ranking (a GROUP BY over everyone) is read once, not twice.
        known = (rows, dry_ids) if offset == 0 else None
        active, _passed = self._active(now, known)
        active_ids = {e.id for e, _ in active}
        return [
            LampEntry(
                e.id,
                e.name,
                e.motivation,
                e.posting,
                e.advocacy,
                e.people,
                e.id in active_ids,
                e.id in dry_ids,
            )  # fmt: skip
            for e in rows
        ]

    def _active(
        self, now: datetime, known: tuple[list[LampEntry], set[int]] | None = None
    ) -> tuple[list[tuple[LampEntry, int]], list[LampEntry]]:
        """The first five organizations that are not dry (with their rank), in order, and
        the dry ones passed over to find them. `known`: the ranking's first rows and
        which of them are dry, when already read."""
        active: list[tuple[LampEntry, int]] = []
        passed: list[LampEntry] = []
        offset, page = 0, 20
        while len(active) < ACTIVE:
            if known is not None and offset < len(known[0]):
                rows, dry = known[0][offset:], known[1]
                page = len(rows)
            else:
                rows = self._lamp_rows(offset, page)
                dry = self._dry(rows, now)
            if not rows:
                break
            for rank, e in enumerate(rows, start=offset):
                if len(active) >= ACTIVE:
                    break
                if e.id in dry:
                    passed.append(e)
                else:
                    active.append((e, rank))
            offset += page
        return active, passed

    def lamp_promotions(self, now: datetime) -> list[tuple[str, str]]:
        """(dry organization, the one promoted in its place), for the agenda."""
        active, passed = self._active(now)
        promoted = [e for e, rank in active if rank >= ACTIVE]
        return [(d.name, p.name) for d, p in zip(passed, promoted, strict=False)]

    def method_agenda(self, now: datetime) -> list[AgendaItem]:
        """What the LAMP list asks of you today: an organization promoted to active."""
        from .followups import AgendaItem

        return [
            AgendaItem(
                "lamp",
                0,
                "lamp",
                0,
                "",
                promoted,
                now,
                f"{dry} ran dry: {promoted} is now one of your five active",
            )  # fmt: skip
            for dry, promoted in self.lamp_promotions(now)
        ]
