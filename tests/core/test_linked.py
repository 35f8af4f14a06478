"""Reads that screens run on the event loop, on every move or key, kept from reading
every contact: the people a career field's or an organization's details list (stage 1
and 2: live ones, in board order) and the name a typed prefix suggests (a form's
referrer: shortest first, any case)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from infointerview_tui.core.models import Contact
from infointerview_tui.core.store import Store
from tests.conftest import execute

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def _id(store: Store, table: str, name: str) -> int:
    with store.db.read() as conn:
        found = conn.exec_driver_sql(f"SELECT id FROM {table} WHERE name = ?", (name,))
        return int(found.scalar_one())


def steps(store: Store, call: Callable[[], object]) -> int:
    """SQLite VM steps (in units of 10) that `call()` takes: its reads inside a batch,
    so on the one connection whose steps are counted (a count a loaded machine does not
    change, unlike a time)."""
    ticks = 0

    def tick() -> int:
        nonlocal ticks
        ticks += 1
        return 0

    with store.db.batch() as conn:
        raw = conn.connection.dbapi_connection
        raw.set_progress_handler(tick, 10)
        try:
            call()
        finally:
            raw.set_progress_handler(None, 10)
    return ticks


def more_people_like(store: Store, contact_id: int, n: int) -> None:
    """`n` more contacts, copies of one (SQL: no intent would add them fast)."""
    columns = ", ".join(c.name for c in Contact.__table__.columns if c.name != "id")  # type: ignore[attr-defined]
    execute(
        store,
        f"INSERT INTO contact ({columns}) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL "
        f"SELECT i + 1 FROM n WHERE i < {n}) SELECT {columns} FROM n "
        "JOIN contact ON contact.id = ?",
        (contact_id,),
    )


def test_a_field_and_an_organization_list_their_live_people_in_board_order(tmp_path):
    store = Store(tmp_path / "linked.db", clock=lambda: NOW)
    try:
        ada = store.intents.add_contact("Ada", 3, career_field="UX")
        bo = store.intents.add_contact("Bo", 1, organization="Acme", career_field="UX")
        cy = store.intents.add_contact("Cy", 3, organization="Acme")  # the org's field
        store.intents.add_contact("Di", 2, career_field="Nursing")
        ed = store.intents.add_contact("Ed", 1, career_field="UX")
        gone = store.intents.add_contact("Flo", 2, organization="Acme")
        store.intents.archive(gone)
        store.intents.move_card(cy, 3, 4)
        store.intents.move_card(cy, 4, 3)  # now below Ada in its column
        store.intents.reorder_card(ada, 3, 1)  # and Ada below it: board order, not names
        field, org = _id(store, "career_field", "UX"), _id(store, "organization", "Acme")
        in_field = store.contacts.linked(career_field_id=field)
        at_org = store.contacts.linked(organization_id=org)
        assert [(p.id, p.stage) for p in in_field] == [(bo, 1), (ed, 1), (cy, 3), (ada, 3)]
        assert [p.id for p in at_org] == [bo, cy]
        three = store.contacts.linked(career_field_id=field, limit=3)
        assert [p.id for p in three] == [bo, ed, cy]
    finally:
        store.close()


def test_a_fields_first_people_cost_the_same_whatever_the_board_holds(tmp_path):
    """3,000 more people in the field, at the top of the board's first column, leave
    what listing its first 50 asks of SQLite as it was (it sorted them all by name)."""
    store = Store(tmp_path / "steps.db", clock=lambda: NOW)
    try:
        first = [
            store.intents.add_contact(f"P{i}", 1 + i % 5, career_field="UX") for i in range(60)
        ]
        field = _id(store, "career_field", "UX")

        def first_50() -> None:
            assert len(store.contacts.linked(career_field_id=field)) == 50

        small = steps(store, first_50)
        more_people_like(store, first[0], 3000)
        large = steps(store, first_50)
    finally:
        store.close()
    assert large <= small * 1.1 + 20, (small, large)


def test_a_typed_prefix_suggests_the_shortest_name_it_starts_in_any_case(tmp_path):
    store = Store(tmp_path / "names.db", clock=lambda: NOW)
    try:
        for name in ("Samantha Ortiz", "Sam Lee", "sam leeds", "Ömer Sam", "Zoë Park"):
            store.intents.add_contact(name, 1)
        assert store.contacts.name_starting("sa") == "Sam Lee"
        assert store.contacts.name_starting("SAM LEE") == "Sam Lee"  # exact, any case
        assert store.contacts.name_starting("sam leed") == "sam leeds"
        assert store.contacts.name_starting("Samantha") == "Samantha Ortiz"
        assert store.contacts.name_starting("zo") == "Zoë Park"
        assert store.contacts.name_starting("sam_") is None  # a LIKE wildcard is a letter
        assert store.contacts.name_starting("  ") is None
        other = store.intents.add_contact("Bea Quinn", 2)

        def suggest() -> None:
            assert store.contacts.name_starting("sam l") == "Sam Lee"

        small = steps(store, suggest)
        more_people_like(store, other, 3000)
        large = steps(store, suggest)
    finally:
        store.close()
    assert large <= small * 1.1 + 20, (small, large)  # it read every name: 3000 more


def test_an_0019_database_gets_the_folded_names_index(db_target):
    from tests.core.test_place_index import has_index, reopened_at
    from tests.core.test_referral_counts import back_to_before_the_folded_names

    store = reopened_at(db_target, "0019", back_to_before_the_folded_names, 5, 50)
    try:
        with store.db.read() as conn:
            assert has_index(conn, "ix_contact_name_folded")
            name = conn.exec_driver_sql("SELECT name FROM contact ORDER BY id LIMIT 1").scalar()
        found = store.contacts.name_starting(name.upper())
        assert found is not None and found.lower().startswith(name.lower())
    finally:
        store.close()
