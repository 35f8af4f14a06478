"""The fast insight queries against their first definitions, on random histories.

The stuck list used to GROUP BY every live contact's moves and sort them all; it now
walks `ix_stage_event_at` oldest first and stops at its LIMIT. The referral map's roots
were every root sorted by count; now the referrers, then the rest in name order. These
tests keep the old queries as the reference and check that both give the same people,
in the same order, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, delete, func, insert, select
from sqlalchemy.orm import aliased
from sqlmodel import col

from infointerview_tui.core.insights import StuckPerson, stuck
from infointerview_tui.core.models import Contact, StageEvent
from infointerview_tui.core.periods import LIVE
from infointerview_tui.core.referrals import _roots_page, chain_stats
from infointerview_tui.core.sqlfuncs import aware

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def stuck_by_group(conn, now: datetime, limit: int) -> tuple[StuckPerson, ...]:
    """The first definition: everyone's latest move into their current stage, sorted."""
    entered = func.max(col(StageEvent.at))
    rows = conn.execute(
        select(col(Contact.id), col(Contact.name), col(Contact.stage), entered)
        .join(
            StageEvent,
            and_(
                col(StageEvent.contact_id) == col(Contact.id),
                col(StageEvent.to_stage) == col(Contact.stage),
            ),
        )
        .where(LIVE, col(Contact.stage) < 5)
        .group_by(col(Contact.id), col(Contact.name), col(Contact.stage))
        .order_by(entered, col(Contact.id))
        .limit(limit)
    ).all()
    return tuple(
        StuckPerson(int(i), name, int(stage), (now - aware(at)).total_seconds() / 86400)
        for i, name, stage, at in rows
    )


def clear(store) -> None:
    with store.db.write() as conn:
        conn.execute(delete(StageEvent))
        conn.execute(delete(Contact))


def random_history(store, rng: random.Random) -> None:
    """Contacts at random stages (some archived, some never moved into their stage) and
    moves on a coarse grid of times, so that ties on the same instant happen."""
    clear(store)
    with store.db.write() as conn:
        people = rng.randint(0, 40)
        for n in range(1, people + 1):
            conn.execute(
                insert(Contact).values(
                    id=n,
                    name=f"Person {rng.randint(1, 9)}",  # names repeat: the id breaks ties
                    stage=rng.randint(1, 5),
                    archived=rng.random() < 0.2,
                    created_at=NOW - timedelta(days=200),
                    updated_at=NOW,
                )
            )
            for _ in range(rng.randint(0, 5)):
                conn.execute(
                    insert(StageEvent).values(
                        contact_id=n,
                        from_stage=None,
                        to_stage=rng.randint(1, 5),
                        at=NOW - timedelta(days=rng.randint(0, 12)),
                    )
                )


def test_stuck_walk_matches_the_grouped_definition(any_store):
    rng = random.Random(16)
    for _ in range(25):
        random_history(any_store, rng)
        with any_store.db.engine.connect() as conn:
            for limit in (1, 3, 8, 100):
                assert stuck(conn, NOW, limit) == stuck_by_group(conn, NOW, limit)


def test_stuck_is_the_oldest_entry_into_the_current_stage(any_store):
    """What a user sees: someone who came back to stage 2 counts from their return, an
    archived person and someone past stage 4 never show, and the list stops at its limit."""
    clear(any_store)
    with any_store.db.write() as conn:
        for n, (stage, archived) in enumerate([(2, False), (3, False), (5, False), (1, True)], 1):
            conn.execute(
                insert(Contact).values(
                    id=n,
                    name=f"P{n}",
                    stage=stage,
                    archived=archived,
                    created_at=NOW,
                    updated_at=NOW,
                )
            )
        moves = [(1, 2, 30), (1, 3, 20), (1, 2, 5), (2, 3, 10), (3, 1, 90), (4, 1, 99)]
        for contact, to, days in moves:
            at = NOW - timedelta(days=days)
            conn.execute(insert(StageEvent).values(contact_id=contact, to_stage=to, at=at))
    with any_store.db.engine.connect() as conn:
        found = stuck(conn, NOW, 8)
        first = stuck(conn, NOW, 1)
    assert [(p.name, p.stage, round(p.days)) for p in found] == [("P2", 3, 10), ("P1", 2, 5)]
    assert [p.name for p in first] == ["P2"]


def roots_by_sort(conn, offset: int, limit: int) -> list[tuple[int, int]]:
    """The map's first definition of a page of roots: every root sorted by count, name, id."""
    from infointerview_tui.core.referrals import _is_root

    child = aliased(Contact)
    counts = (
        select(col(child.referred_by_id).label("referrer"), func.count().label("n"))
        .where(col(child.archived) == False, col(child.referred_by_id).is_not(None))  # noqa: E712
        .group_by(col(child.referred_by_id))
        .subquery()
    )
    n = func.coalesce(counts.c.n, 0)
    rows = conn.execute(
        select(col(Contact.id), n)
        .outerjoin(counts, counts.c.referrer == col(Contact.id))
        .where(LIVE, _is_root())
        .order_by(n.desc(), col(Contact.name), col(Contact.id))
        .offset(offset)
        .limit(limit)
    )
    return [(int(i), int(k)) for i, k in rows]


def random_referrals(store, rng: random.Random) -> None:
    """Contacts referred by earlier ones at random, some archived (a root's referrer may
    be archived: that person is a root too)."""
    clear(store)
    with store.db.write() as conn:
        for n in range(1, rng.randint(0, 40) + 1):
            referrer = rng.randint(1, n - 1) if n > 1 and rng.random() < 0.6 else None
            conn.execute(
                insert(Contact).values(
                    id=n,
                    name=f"Person {rng.randint(1, 6)}",
                    stage=rng.randint(1, 5),
                    archived=rng.random() < 0.2,
                    referred_by_id=referrer,
                    created_at=NOW,
                    updated_at=NOW,
                )
            )


def test_roots_pages_match_the_sorted_definition(any_store):
    rng = random.Random(9)
    for _ in range(25):
        random_referrals(any_store, rng)
        with any_store.db.engine.connect() as conn:
            everyone = roots_by_sort(conn, 0, 1000)
            live = conn.execute(select(func.count()).select_from(Contact).where(LIVE)).scalar()
            stats = chain_stats(conn)
            assert (stats.people, stats.roots, stats.referred) == (
                live,
                len(everyone),
                live - len(everyone),
            )
            assert stats.chains == sum(1 for _, n in everyone if n)
            for limit in (1, 2, 5, 200):
                pages = []
                for offset in range(0, len(everyone) + limit, limit):
                    page = _roots_page(conn, offset, limit)
                    assert len(page) <= limit
                    pages += [(int(r[0]), int(r[3])) for r in page]
                assert pages == everyone
