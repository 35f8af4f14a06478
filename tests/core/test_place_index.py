"""r0014's `ix_contact_place`: the board filter reads each match's place from that index
(on SQLite through INDEXED BY, the one hint, kept in core/sqlfuncs.py) and finds
exactly what the plain join on the contact rows finds; an old database gets the index
when it is opened."""

from __future__ import annotations

import pytest
from sqlalchemy import event, func, select, text, true

from infointerview_tui.core import board_filter, contact_queries, migrate, search
from infointerview_tui.core.contact_rows import MoreThan
from infointerview_tui.core.demo import write_demo
from infointerview_tui.core.models import Contact, table
from tests.conftest import open_store, reopened_before

KEYS = ["s", "sa", "sam", "a", "an", "b", "zzz"]
ALL = 10**6  # a cap no demo reaches: every match kept
_CONTACT = table(Contact)


def back_to_before_the_walk_index(conn) -> None:
    """What a database made before migration 0017 looks like (nor the later ones)."""
    from tests.core.test_referral_counts import back_to_before_the_referral_counts

    back_to_before_the_referral_counts(conn)
    conn.exec_driver_sql("DROP INDEX ix_contact_walk")


def back_to_before_the_place_index(conn) -> None:
    """What a database made before migration 0014 looks like (nor the later ones)."""
    conn.exec_driver_sql("DROP INDEX ix_contact_place")
    back_to_before_the_walk_index(conn)


def _plain(conn, key: str) -> dict[int, list[tuple[int, int]]]:
    """(position, id) of the live matches per stage, from the contact rows themselves."""
    places: dict[int, list[tuple[int, int]]] = {stage: [] for stage in range(1, 6)}
    matching = search.matching_contacts(key)
    assert matching is not None
    c = _CONTACT
    query = (
        select(c.c.stage, c.c.position, c.c.id)
        .select_from(matching.join(c, c.c.id == matching.c.id))
        .where(c.c.archived != true())
    )
    for stage, position, contact_id in conn.execute(query):
        places[stage].append((position, contact_id))
    return places


def _sorted(places: dict[int, list[tuple[int, int]]]) -> dict[int, list[tuple[int, int]]]:
    return {stage: sorted(spots) for stage, spots in places.items()}


def reopened_at(db_target, revision: str, back, seed: int, archive_every: int):  # noqa: ANN001
    """A demo of 300 contacts (every `archive_every`-th archived: they match but are not
    on the board) put back to `revision` by `back`, then opened: the later ones run."""
    store = open_store(db_target)
    write_demo(store, 300, seed=seed)
    for contact_id in range(1, 301, archive_every):
        store.intents.archive(contact_id)
    return reopened_before(store, db_target, back, revision)


def has_index(conn, name: str) -> bool:  # noqa: ANN001
    if conn.dialect.name == "sqlite":
        query = f"SELECT count(*) FROM sqlite_master WHERE name = '{name}'"
    else:
        query = f"SELECT count(*) FROM pg_indexes WHERE indexname = '{name}'"
    return conn.exec_driver_sql(query).scalar_one() == 1


def test_an_old_database_gets_the_index_and_the_filter_finds_the_same(db_target):
    """A database at revision 0013 with a demo in it (some archived): opening it runs
    0014; then every key's matches per stage, and each column's exact count, are those
    of the plain join on the contact rows."""
    store = reopened_at(db_target, "0013", back_to_before_the_place_index, 11, 7)
    try:
        with store.db.read() as conn:
            assert conn.execute(select(func.count()).where(_CONTACT.c.archived)).scalar_one() > 40
            assert has_index(conn, "ix_contact_place")
            head = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
            assert head == migrate.REVISIONS[-1]  # every later revision ran too
            found = 0
            for key in KEYS:
                expected = _sorted(_plain(conn, key))
                counts, firsts = board_filter.filter_board(conn, key, ALL, ALL)
                assert counts == {stage: len(spots) for stage, spots in expected.items()}
                pages = {s: [i for _, i in spots] for s, spots in expected.items() if spots}
                assert {s: [card.id for card in page] for s, page in firsts.items()} == pages
                for stage, spots in expected.items():
                    assert contact_queries._column_count(conn, stage, key) == len(spots)
                found += sum(map(len, expected.values()))
            assert found > 100  # the keys do match
    finally:
        store.close()


def test_sqlite_reads_the_places_from_the_index_alone(any_demo_store):
    """The matches' places come from the covering index, not the contact rows."""
    with any_demo_store.db.read() as conn:
        if conn.dialect.name != "sqlite":
            pytest.skip("reads SQLite's EXPLAIN QUERY PLAN (PostgreSQL: see the README)")
        matching = search.matching_contacts("sa")
        assert matching is not None
        p = contact_queries._PLACE
        query = select(p.c.stage, p.c.position, p.c.id).select_from(
            matching.join(p, p.c.id == matching.c.id)
        )
        sql = str(query.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
        plan = [row[3] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql)]
    assert "SEARCH place USING COVERING INDEX ix_contact_place (id=?)" in plan


def test_an_old_database_gets_the_walk_index_and_the_walk_finds_the_same(db_target, monkeypatch):
    """A database at revision 0016 gets `ix_contact_walk` when opened (r0017); each
    column walked in board order (forced) counts and pages what the plain join finds,
    and on SQLite the walk reads that index alone, never a contact row."""
    store = reopened_at(db_target, "0016", back_to_before_the_walk_index, 13, 9)
    monkeypatch.setattr(board_filter, "_matches_page", board_filter._walked_page)
    try:
        with store.db.read() as conn:
            assert has_index(conn, "ix_contact_walk")
            for key in KEYS:
                expected = _sorted(_plain(conn, key))
                counts, firsts = board_filter.filter_board(conn, key, 40, 7)
                assert counts == {
                    s: MoreThan(40) if len(spots) > 40 else len(spots)
                    for s, spots in expected.items()
                }, key
                pages = {s: [i for _, i in spots[:7]] for s, spots in expected.items() if spots}
                assert {s: [card.id for card in page] for s, page in firsts.items()} == pages
            if conn.dialect.name == "sqlite":
                seen: list[tuple[str, object]] = []

                def capture(_conn, _cursor, statement, parameters, _context, _many):  # noqa: ANN001
                    seen.append((statement, parameters))

                event.listen(store.db.engine, "before_cursor_execute", capture)
                try:
                    board_filter.filter_board(conn, "s", 40, 7)
                finally:
                    event.remove(store.db.engine, "before_cursor_execute", capture)
                walks = [
                    " | ".join(
                        str(r[3]) for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, p)
                    )
                    for sql, p in seen
                    if "walk" in sql
                ]
                assert len(walks) == 5  # one a column
                probe = "SEARCH o USING COVERING INDEX ix_board_term_contact (contact_id=?"
                for plan in walks:
                    assert plan.count("SEARCH walk USING COVERING INDEX ix_contact_walk") == 1
                    assert plan.count(probe) == 1  # each card: one seek of its words
    finally:
        store.close()


def test_an_old_database_gets_the_contact_words_index_and_the_filter_finds_the_same(
    db_target, monkeypatch
):
    """A database at revision 0018 gets `ix_search_term_contact` when opened (r0019);
    each column walked (forced) and each match read finds what the plain join finds."""
    from tests.core.test_referral_counts import back_to_before_the_contact_terms_index

    store = reopened_at(db_target, "0018", back_to_before_the_contact_terms_index, 17, 11)
    try:
        with store.db.read() as conn:
            assert has_index(conn, "ix_search_term_contact")
            for walked in (False, True):
                if walked:
                    monkeypatch.setattr(board_filter, "_matches_page", board_filter._walked_page)
                for key in [*KEYS, "sa p", "an s"]:
                    expected = _sorted(_plain(conn, key))
                    counts, firsts = board_filter.filter_board(conn, key, ALL, ALL)
                    assert counts == {s: len(spots) for s, spots in expected.items()}, key
                    pages = {s: [i for _, i in spots] for s, spots in expected.items() if spots}
                    assert {s: [c.id for c in page] for s, page in firsts.items()} == pages
    finally:
        store.close()


def test_sqlite_reads_an_organizations_people_from_the_words_by_stage(any_demo_store):
    """A word of an organization's name finds its people from the index of words by
    stage (each live member has its organization's words there), one range a column,
    never by walking a column or reading the organization's members."""
    store = any_demo_store
    with store.db.read() as conn:
        if conn.dialect.name != "sqlite":
            pytest.skip("reads SQLite's EXPLAIN QUERY PLAN")
    seen: list[tuple[str, object]] = []

    def capture(_conn, _cursor, statement, parameters, _context, _many):  # noqa: ANN001
        seen.append((statement, parameters))

    for engine in store.db.engines:
        event.listen(engine, "before_cursor_execute", capture)
    try:
        for typed in ("hosp", "hosp a"):
            assert sum(store.contacts.filtered(typed)[0].values()) > 0
    finally:
        for engine in store.db.engines:
            event.remove(engine, "before_cursor_execute", capture)
    with store.db.read() as conn:
        plans = [
            " | ".join(str(r[3]) for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, p))
            for sql, p in seen
            if "board_term" in sql
        ]
    assert plans
    for plan in plans:
        assert "SEARCH b USING PRIMARY KEY (stage=? AND term>? AND term<?)" in plan, plan
        assert "ix_contact_walk" not in plan and "SCAN b" not in plan, plan
        assert "ix_contact_org_live" not in plan, plan
