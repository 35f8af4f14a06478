"""The referral map: who referred you to whom, one page of one level at a time.

Roots are the people you found yourself (no referrer, or one no longer on the board);
each person's children are the people they referred you to. Pages are LIMITed so a map
of 10,000 contacts costs what a map of 10 does. Each person's count of referrals, and
the chains' figures, are read from what the database keeps per referrer
(`referral_count`, `live_people`: core/referral_counts.py), so they cost the people who
referred someone, not everyone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from sqlalchemy import and_, case, func, literal, or_, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import aliased
from sqlmodel import col

from . import schedule
from .businessdays import BusinessCalendar
from .models import Contact, Interview, LivePeople, Outreach, ReferralCount
from .sqlfuncs import aware

PAGE = 200
MAX_DEPTH = 100  # a referral chain longer than this is a data error, not a chain


@dataclass(frozen=True, slots=True)
class ReferralNode:
    contact_id: int
    name: str
    stage: int
    referrals: int  # people they referred you to (live)
    interviews: int  # interviews done with them
    advice: int  # of those, with advice written down
    insight: int  # ... with an insight written down
    responsiveness: str | None  # booster / obligate / curmudgeon / None (too early or no outreach)


@dataclass(frozen=True, slots=True)
class ChainStats:
    people: int  # live contacts
    roots: int  # found yourself
    referred: int  # reached through someone
    chains: int  # roots who referred at least one person
    deepest: int  # the most referral steps from a root
    widest: int  # the most people one person referred
    largest: int  # the most people in one chain, the root included


LIVE = col(Contact.archived) == False  # noqa: E712 - SQL, not Python truth


#: The kept count per referrer (core/referral_counts.py): only people who referred someone.
KEPT = aliased(ReferralCount, name="kept")


def _referrals():  # noqa: ANN202 - a SQL expression
    """A contact's live referrals, from its kept row (joined on `_with_referrals`)."""
    return func.coalesce(col(KEPT.referrals), 0)


def _with_referrals():  # noqa: ANN202 - a join condition
    return col(KEPT.contact_id) == col(Contact.id)


def _is_root():  # noqa: ANN202 - a SQL condition
    referrer = aliased(Contact)
    live_referrer = (
        select(literal(1))
        .where(col(referrer.id) == col(Contact.referred_by_id), col(referrer.archived) == False)  # noqa: E712
        .exists()
    )
    return or_(col(Contact.referred_by_id).is_(None), ~live_referrer)


def _chain_root(row: Any):  # noqa: ANN202 - a SQL condition
    """The kept `row` is a live person you found yourself who referred someone: one
    range of ix_referral_count_roots."""
    return and_(col(row.live) == True, col(row.referrer_live) == False)  # noqa: E712


def nodes(
    conn: Connection,
    parent_id: int | None,
    *,
    now: datetime,
    calendar: BusinessCalendar,
    local: tzinfo,
    offset: int = 0,
    limit: int = PAGE,
) -> list[ReferralNode]:
    """One page of the people `parent_id` referred (None: the roots), busiest first."""
    page = (
        _children_page(conn, parent_id, offset, limit)
        if parent_id is not None
        else _roots_page(conn, offset, limit)
    )
    return _describe(conn, page, now=now, calendar=calendar, local=local)


def people(
    conn: Connection, ids: list[int], *, now: datetime, calendar: BusinessCalendar, local: tzinfo
) -> dict[int, ReferralNode]:
    """These people as the map shows them, by id (the archived and the deleted left out):
    what a map already drawn needs to redraw its labels after a change."""
    if not ids:
        return {}
    rows = conn.execute(
        select(col(Contact.id), col(Contact.name), col(Contact.stage), _referrals())
        .outerjoin(KEPT, _with_referrals())
        .where(LIVE, col(Contact.id).in_(ids))
    ).all()
    found = _describe(conn, list(rows), now=now, calendar=calendar, local=local)
    return {n.contact_id: n for n in found}


def _describe(
    conn: Connection, page: list[Any], *, now: datetime, calendar: BusinessCalendar, local: tzinfo
) -> list[ReferralNode]:
    """(id, name, stage, referrals) rows with what each person yielded and how they replied."""
    ids = [int(r[0]) for r in page]
    if not ids:
        return []
    written = {
        name: func.sum(case((and_(col.is_not(None), col != ""), 1), else_=0))
        for name, col in (("advice", col(Interview.advice)), ("insight", col(Interview.insight)))
    }
    done = {
        int(cid): (int(k), int(a or 0), int(i or 0))
        for cid, k, a, i in conn.execute(
            select(col(Interview.contact_id), func.count(), written["advice"], written["insight"])
            .where(col(Interview.contact_id).in_(ids), col(Interview.status) == "done")
            .group_by(col(Interview.contact_id))
        )
    }
    first = {
        int(cid): (aware(sent), aware(replied) if replied else None)
        for cid, sent, replied in conn.execute(
            select(
                col(Outreach.contact_id),
                func.min(col(Outreach.sent_at)),
                func.min(col(Outreach.replied_at)),
            )
            .where(col(Outreach.contact_id).in_(ids))
            .group_by(col(Outreach.contact_id))
        )
    }
    result = []
    for cid, name, stage, referred in page:
        sent_replied = first.get(int(cid))
        verdict = (
            schedule.responsiveness(sent_replied[0], sent_replied[1], now, calendar, local)
            if sent_replied
            else None
        )
        k, a, i = done.get(int(cid), (0, 0, 0))
        result.append(ReferralNode(int(cid), name, int(stage), int(referred), k, a, i, verdict))
    return result


def _children_page(conn: Connection, parent_id: int, offset: int, limit: int) -> list[Any]:
    """`parent_id`'s live people (from ix_contact_referrer_live), each with its kept
    count: this costs the parent's referrals, not everyone."""
    n = _referrals()
    return list(
        conn.execute(
            select(col(Contact.id), col(Contact.name), col(Contact.stage), n)
            .outerjoin(KEPT, _with_referrals())
            .where(LIVE, col(Contact.referred_by_id) == parent_id)
            .order_by(n.desc(), col(Contact.name), col(Contact.id))
            .offset(offset)
            .limit(limit)
        ).all()
    )


def _roots_page(conn: Connection, offset: int, limit: int) -> list[Any]:
    """Roots busiest first, then by name: those who referred someone (their kept rows,
    read busiest first from ix_referral_count_busiest and stopped at the page's end),
    then everyone else read in name order on `ix_contact_name` and stopped at the page's
    end, so the first page sorts neither every contact nor every referrer."""
    n = col(KEPT.referrals)
    referrers = (
        select(col(Contact.id), col(Contact.name), col(Contact.stage), n)
        .select_from(KEPT)
        .join(Contact, col(Contact.id) == col(KEPT.contact_id))
        .where(_chain_root(KEPT))
    )
    page = list(
        conn.execute(
            referrers.order_by(n.desc(), col(Contact.name), col(Contact.id))
            .offset(offset)
            .limit(limit)
        ).all()
    )
    if len(page) == limit:
        return page
    if page:
        before = offset + len(page)
    else:
        before = conn.execute(
            select(func.count()).select_from(KEPT).where(_chain_root(KEPT))
        ).scalar_one()
    referred_someone = select(literal(1)).where(_with_referrals()).exists()
    page += conn.execute(
        select(col(Contact.id), col(Contact.name), col(Contact.stage), literal(0))
        .where(LIVE, _is_root(), ~referred_someone)
        .order_by(col(Contact.name), col(Contact.id))
        .offset(max(0, offset - before))
        .limit(limit - len(page))
    ).all()
    return page


def chain_stats(conn: Connection) -> ChainStats:
    """How many chains, how deep and how wide, from the kept rows alone
    (core/referral_counts.py), so this costs the people who referred someone, not
    everyone referred. A chain's size is its root plus the referrals of each of its
    referrers, its depth one more than its deepest referrer's. A chain whose root's
    people referred no one (most) is its root's row: 1 + its referrals, one step deep.
    The others are walked down from their root over its referrers, not deeper than
    MAX_DEPTH steps (a cycle has no root, so it is never reached)."""
    roots = aliased(ReferralCount, name="roots")
    chains, flat_largest, referred = conn.execute(
        select(
            func.count(),
            func.coalesce(func.max(col(roots.referrals)), -1) + 1,
            select(func.coalesce(func.sum(col(ReferralCount.referrals)), 0))
            .where(col(ReferralCount.live) == True)  # noqa: E712
            .scalar_subquery(),
        )
        .select_from(roots)
        .where(_chain_root(roots))
    ).one()
    deep = aliased(ReferralCount, name="deep")  # live, with a live referrer: below a root
    above = (  # their referrers (few): read first, then each one's row by its key
        select(col(deep.referred_by_id).label("id"))
        .where(col(deep.live) == True, col(deep.referrer_live) == True)  # noqa: E712
        .distinct()
        .subquery("above")
    )
    starts: Any = (
        select(
            col(KEPT.contact_id).label("id"),
            col(KEPT.contact_id).label("root"),
            literal(0).label("depth"),
            col(KEPT.referrals).label("n"),
        )
        .select_from(above)
        .join(KEPT, col(KEPT.contact_id) == above.c.id)
        .where(_chain_root(KEPT))
    )
    child = aliased(ReferralCount, name="child")
    tree = starts.cte("tree", recursive=True)
    tree = tree.union_all(
        select(col(child.contact_id), tree.c.root, tree.c.depth + 1, col(child.referrals))
        .join(tree, col(child.referred_by_id) == tree.c.id)
        .where(col(child.live) == True, tree.c.depth < MAX_DEPTH - 1)  # noqa: E712
    )
    per_root = (
        select((func.sum(tree.c.n) + 1).label("size"), (func.max(tree.c.depth) + 1).label("depth"))
        .group_by(tree.c.root)
        .subquery()
    )
    walked_deepest, walked_largest = conn.execute(
        select(
            func.coalesce(func.max(per_root.c.depth), 0),
            func.coalesce(func.max(per_root.c.size), 0),
        )
    ).one()
    widest = conn.execute(
        select(func.coalesce(func.max(col(ReferralCount.referrals)), 0))
    ).scalar_one()
    people = conn.execute(select(col(LivePeople.people))).scalar_one()
    roots_count = int(people) - int(referred)
    return ChainStats(
        people=int(people),
        roots=roots_count,
        referred=int(referred),
        chains=int(chains),
        deepest=max(int(walked_deepest), 1) if chains else 0,
        widest=int(widest),
        largest=(
            max(int(walked_largest), int(flat_largest)) if chains else (1 if roots_count else 0)
        ),
    )
