"""The referral map's figures and pages (core/referrals.py), read on the trigger-kept
`referral_count` (core/referral_counts.py), equal a brute-force count over the contacts
in Python: over random forests with archived people, self-referrals, cycles and chains
deeper than MAX_DEPTH, after every write path, on SQLite and PostgreSQL, and after a
file from before migration 0018 is opened."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from infointerview_tui.core import counters, referral_counts, referrals
from infointerview_tui.core.businessdays import BusinessCalendar
from infointerview_tui.core.outcomes import Conflict
from infointerview_tui.core.referrals import ChainStats, chain_stats, nodes
from tests.conftest import execute, open_store, reopened_before, restored_copy

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
POOL = 14
NAMES = "ABCAB"  # ties on a name: the id breaks them


def forest(store) -> tuple[dict[int, int | None], set[int], dict[int, str]]:
    """Every contact's referrer, the live ones and their names, from the contact rows."""
    with store.db.read() as conn:
        rows = conn.execute(text("SELECT id, referred_by_id, archived, name FROM contact")).all()
    parent = {int(i): (int(r) if r is not None else None) for i, r, _a, _n in rows}
    return parent, {int(i) for i, _r, a, _n in rows if not a}, {int(i): n for i, *_x, n in rows}


Kept = dict[int, tuple[int, int | None, bool | None, bool]]


def kept(store) -> Kept:
    """The kept rows; live_people's count (as row 0) with them."""
    with store.db.read() as conn:
        people = conn.execute(text("SELECT people FROM live_people")).scalar_one()
        rows = conn.execute(
            text(
                "SELECT contact_id, referrals, referred_by_id, live, referrer_live "
                "FROM referral_count"
            )
        ).all()
    found: Kept = {0: (int(people), None, None, False)}
    found.update(
        (int(i), (int(n), r, None if v is None else bool(v), bool(p))) for i, n, r, v, p in rows
    )
    return found


def recount(store) -> Kept:
    """What `referral_count` must hold: per referrer of a live contact, the live people
    naming it, its own referrer and liveness (None: no such contact), and whether its
    referrer is a live contact."""
    parent, live, _names = forest(store)
    n: dict[int, int] = {}
    for who in live:
        if parent[who] is not None:
            n[parent[who]] = n.get(parent[who], 0) + 1  # type: ignore[index]
    found: Kept = {0: (len(live), None, None, False)}
    found.update(
        (r, (k, parent.get(r), (r in live) if r in parent else None, parent.get(r) in live))
        for r, k in n.items()
    )
    return found


def oracle(store, max_depth: int) -> ChainStats:
    """The figures by their definition: roots are live people with no live referrer; a
    chain is a root who referred someone, walked down at most `max_depth` steps."""
    parent, live, _names = forest(store)
    children: dict[int, list[int]] = {}
    for who in live:
        if parent[who] is not None:
            children.setdefault(parent[who], []).append(who)  # type: ignore[arg-type]
    roots = [p for p in live if parent[p] not in live]
    sizes, depths = [], []
    for root in roots:
        if not children.get(root):
            continue
        level, size, depth = [root], 1, 0
        while level and depth < max_depth:
            level = [c for p in level for c in children.get(p, [])]
            if level:
                size, depth = size + len(level), depth + 1
        sizes.append(size)
        depths.append(depth)
    return ChainStats(
        people=len(live),
        roots=len(roots),
        referred=len(live) - len(roots),
        chains=len(sizes),
        deepest=max(depths, default=0),
        widest=max((len(c) for c in children.values()), default=0),
        largest=max(sizes) if sizes else (1 if roots else 0),
    )


def expected_order(store, parent_id: int | None) -> list[tuple[int, int]]:
    """(id, referrals) of `parent_id`'s live people (None: the roots), busiest first,
    then by name, then by id."""
    parent, live, names = forest(store)
    counts: dict[int, int] = {}
    for who in live:
        if parent[who] is not None:
            counts[parent[who]] = counts.get(parent[who], 0) + 1  # type: ignore[index]
    if parent_id is None:
        people = [p for p in live if parent[p] not in live]
    else:
        people = [p for p in live if parent[p] == parent_id]
    people.sort(key=lambda p: (-counts.get(p, 0), names[p], p))
    return [(p, counts.get(p, 0)) for p in people]


def read_page(store, parent_id: int | None, offset: int, limit: int) -> list[tuple[int, int]]:
    with store.db.engine.connect() as conn:
        found = nodes(
            conn,
            parent_id,
            now=NOW,
            calendar=BusinessCalendar(),
            local=UTC,
            offset=offset,
            limit=limit,
        )
    return [(n.contact_id, n.referrals) for n in found]


def stats(store) -> ChainStats:
    with store.db.engine.connect() as conn:
        return chain_stats(conn)


@pytest.fixture
def pool(store):
    ids = [store.intents.add_contact(NAMES[i % len(NAMES)], 2) for i in range(POOL)]
    return store, ids


links = st.lists(st.none() | st.integers(0, POOL - 1), min_size=POOL, max_size=POOL)
flags = st.lists(st.booleans(), min_size=POOL, max_size=POOL)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    referrer=links,
    archived=flags,
    chain=st.booleans(),
    max_depth=st.sampled_from((2, 3, referrals.MAX_DEPTH)),
    page=st.tuples(st.integers(0, POOL), st.integers(1, POOL)),
)
def test_figures_and_pages_equal_a_brute_force_count(
    pool, referrer, archived, chain, max_depth, page
):
    """Any referrers (self-referrals and cycles too: a file or another program may have
    them) and archived people; `chain` links most of them into one line deeper than the
    walk's cap."""
    store, ids = pool
    if chain:
        referrer = [None, *range(POOL - 1)]
        archived = [a and i % 5 == 4 for i, a in enumerate(archived)]
    execute(store, "UPDATE contact SET referred_by_id = NULL, archived = false")
    execute(
        store,
        "UPDATE contact SET referred_by_id = ?, archived = ? WHERE id = ?",
        *(
            (None if r is None else ids[r], a, ids[i])
            for i, (r, a) in enumerate(zip(referrer, archived, strict=True))
        ),
    )
    assert kept(store) == recount(store)
    saved = referrals.MAX_DEPTH
    referrals.MAX_DEPTH = max_depth
    try:
        assert stats(store) == oracle(store, max_depth)
    finally:
        referrals.MAX_DEPTH = saved
    offset, limit = page
    assert (
        read_page(store, None, offset, limit)
        == expected_order(store, None)[offset : offset + limit]
    )
    for who in ids:
        assert read_page(store, who, 0, POOL) == expected_order(store, who)


def test_a_chain_longer_than_the_cap_is_walked_to_the_cap(store):
    """MAX_DEPTH steps are counted, no more: a chain of 105 people reads deepest 100."""
    first = store.intents.add_contact("Root", 2)
    people = [first]
    for i in range(104):
        people.append(store.intents.record_referral(people[-1], f"P{i}"))
    got = stats(store)
    assert (got.deepest, got.largest, got.chains, got.widest) == (100, 101, 1, 1)
    assert got == oracle(store, referrals.MAX_DEPTH)


def act(store, rng: random.Random, step: int) -> None:
    """One thing a user (or another program) does that can change who referred whom."""
    intents = store.intents
    with store.db.read() as conn:
        people = [int(i) for (i,) in conn.execute(text("SELECT id FROM contact"))]
    choice = rng.randrange(8) if people else 0
    if choice in (0, 1):
        referrer = rng.choice(people) if people and rng.random() < 0.7 else None
        intents.add_contact(f"Person {step}", rng.randint(1, 5), referred_by_id=referrer)
    elif choice == 2:
        intents.record_referral(rng.choice(people), f"Referred {step}")
    elif choice == 3:
        who, referrer = rng.choice(people), rng.choice(people)
        with store.db.read() as conn:
            name = conn.execute(text(f"SELECT name FROM contact WHERE id = {referrer}")).scalar()
        try:
            intents.edit_contact(who, {"referred_by": rng.choice((name, ""))})
        except Exception as error:  # a loop or oneself: refused, nothing written
            assert "referred_by" in str(getattr(error, "errors", error))
    elif choice == 4:
        try:
            intents.archive(rng.choice(people))
        except Conflict:
            pass
    elif choice == 5:
        try:
            intents.restore(rng.choice(people))
        except Conflict:
            pass
    elif choice == 6:
        # Another program deletes someone: their people lose their referrer (the
        # foreign key's SET NULL), or the contact goes outright.
        gone = rng.choice(people)
        execute(
            store,
            "DELETE FROM search_term WHERE record_id = ? AND kind IN ('name', 'info')",
            (gone,),
        )
        execute(store, "DELETE FROM contact WHERE id = ?", (gone,))
    elif choice == 7:
        who, referrer = rng.choice(people), rng.choice(people)
        execute(store, "UPDATE contact SET referred_by_id = ? WHERE id = ?", (referrer, who))


@pytest.mark.parametrize("seed", [1, 2])
def test_the_kept_rows_equal_a_recount_after_random_writes(any_store, seed):
    rng = random.Random(seed)
    for step in range(70):
        act(any_store, rng, step)
        if step % 7 == 6:
            assert kept(any_store) == recount(any_store), f"after step {step}"
            assert stats(any_store) == oracle(any_store, referrals.MAX_DEPTH)
    assert kept(any_store) == recount(any_store)
    assert len(kept(any_store)) > 1, "some referrals were made"


def back_to_before_the_folded_names(conn) -> None:
    """What a database made before migration 0020 looks like (nor the later ones)."""
    from tests.core.test_stage_counts import back_to_before_the_stage_counts

    back_to_before_the_stage_counts(conn)
    conn.exec_driver_sql("DROP INDEX IF EXISTS ix_contact_name_folded")


def back_to_before_the_contact_terms_index(conn) -> None:
    """What a database made before migration 0019 looks like (nor the later ones)."""
    back_to_before_the_folded_names(conn)
    conn.exec_driver_sql("DROP INDEX IF EXISTS ix_search_term_contact")  # (gone with its table)


def back_to_before_the_referral_counts(conn) -> None:
    """What a database made before migration 0018 looks like (nor the later ones)."""
    back_to_before_the_contact_terms_index(conn)
    counters.drop_triggers(conn, referral_counts.TRIGGER_TABLES)
    conn.exec_driver_sql("DROP TABLE referral_count")
    conn.exec_driver_sql("DROP TABLE live_people")


def test_migration_0018_fills_and_keeps_the_rows_on_both_engines(db_target):
    store = open_store(db_target)
    rng = random.Random(5)
    for step in range(30):
        act(store, rng, step)
    store = reopened_before(store, db_target, back_to_before_the_referral_counts, "0017")
    try:
        assert kept(store) == recount(store)
        assert len(kept(store)) > 1
        for step in range(30, 45):
            act(store, rng, step)
        assert kept(store) == recount(store)
        assert stats(store) == oracle(store, referrals.MAX_DEPTH)
    finally:
        store.close()


def test_a_restored_export_is_counted_and_keeps_counting(any_demo_store, new_target, tmp_path):
    """`import json` counts at its end (counters.counted_at_the_end): the rows are the
    export's, the map's figures the same, and the triggers are back after it."""
    restored = restored_copy(any_demo_store, new_target("restored"), tmp_path)
    try:
        assert kept(restored) == kept(any_demo_store) == recount(restored)
        assert len(kept(restored)) > 1
        assert stats(restored) == stats(any_demo_store) == oracle(restored, referrals.MAX_DEPTH)
        rows = {r: row for r, row in kept(restored).items() if r}  # (0: the live count)
        busiest = max(rows, key=lambda r: rows[r][0])
        restored.intents.record_referral(busiest, "One more")
        assert kept(restored) == recount(restored)
    finally:
        restored.close()


def _vm_steps(store, read) -> int:
    """SQLite VM steps (in units of 10) that `read(conn)` takes: a count that does not
    depend on the machine's load, unlike a time."""
    ticks = 0

    def tick() -> int:
        nonlocal ticks
        ticks += 1
        return 0

    with store.db.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        raw.set_progress_handler(tick, 10)
        try:
            read(conn)
        finally:
            raw.set_progress_handler(None, 10)
    return ticks


def test_the_header_and_the_busiest_roots_cost_the_referrers_not_everyone(tmp_path):
    """3,000 more people who referred no one change neither what the header's figures
    nor what the roots' first page (while referrers fill it) ask of SQLite."""
    from infointerview_tui.core.models import Contact
    from infointerview_tui.core.store import Store

    store = Store(tmp_path / "steps.db", clock=lambda: NOW)
    try:
        roots = [store.intents.add_contact(f"Root {i}", 2) for i in range(6)]
        for i, root in enumerate(roots):
            for k in range(1 + i % 3):
                store.intents.record_referral(root, f"Kid {i}.{k}")

        def header(conn) -> None:
            chain_stats(conn)

        def page(conn) -> None:
            nodes(conn, None, now=NOW, calendar=BusinessCalendar(), local=UTC, limit=5)

        loner = store.intents.add_contact("Loner", 1)
        before = stats(store)
        small = (_vm_steps(store, header), _vm_steps(store, page))
        columns = ", ".join(c.name for c in Contact.__table__.columns if c.name != "id")  # type: ignore[attr-defined]
        execute(
            store,
            f"INSERT INTO contact ({columns}) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL "
            f"SELECT i + 1 FROM n WHERE i < 3000) SELECT {columns} FROM n "
            "JOIN contact ON contact.id = ?",
            (loner,),  # found yourself, referred no one
        )
        after = stats(store)
        large = (_vm_steps(store, header), _vm_steps(store, page))
    finally:
        store.close()
    assert after.people == before.people + 3000
    assert (after.roots, after.referred) == (before.roots + 3000, before.referred)
    assert large[0] <= small[0] * 1.1 + 20, (small, large)
    assert large[1] <= small[1] * 1.1 + 20, (small, large)
