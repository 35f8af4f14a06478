"""The people a career field's or an organization's details list (stage 1 and 2): the
live ones, in board order, read without going through everyone (the list is read again
on every move in stage 1's list, on the event loop)."""

from __future__ import annotations

from datetime import UTC, datetime

from infointerview_tui.core.models import Contact
from infointerview_tui.core.store import Store
from tests.conftest import execute

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def _id(store: Store, table: str, name: str) -> int:
    with store.db.read() as conn:
        found = conn.exec_driver_sql(f"SELECT id FROM {table} WHERE name = ?", (name,))
        return int(found.scalar_one())


def _steps_of_the_first_50(store: Store, field: int) -> int:
    """SQLite VM steps (in units of 10) of listing the field's first 50 people: read
    inside a batch, so on the one connection whose steps are counted."""
    ticks = 0

    def tick() -> int:
        nonlocal ticks
        ticks += 1
        return 0

    with store.db.batch() as conn:
        raw = conn.connection.dbapi_connection
        raw.set_progress_handler(tick, 10)
        try:
            assert len(store.contacts.linked(career_field_id=field)) == 50
        finally:
            raw.set_progress_handler(None, 10)
    return ticks


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

        small = _steps_of_the_first_50(store, field)
        columns = ", ".join(c.name for c in Contact.__table__.columns if c.name != "id")  # type: ignore[attr-defined]
        execute(
            store,
            f"INSERT INTO contact ({columns}) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL "
            f"SELECT i + 1 FROM n WHERE i < 3000) SELECT {columns} FROM n "
            "JOIN contact ON contact.id = ?",
            (first[0],),
        )
        large = _steps_of_the_first_50(store, field)
        assert len(store.contacts.linked(career_field_id=field)) == 50
    finally:
        store.close()
    assert large <= small * 1.1 + 20, (small, large)
