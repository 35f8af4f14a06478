"""The board's queries: counts, pages, moves with stage events, reorder, undo, filter."""

from __future__ import annotations

from sqlalchemy import insert, update

from infointerview_tui.core.models import Contact
from infointerview_tui.core.stages import PAGE_SIZE
from tests.conftest import FROZEN


def _events(store, contact_id):
    return store.query(
        "SELECT from_stage, to_stage, at FROM stage_event WHERE contact_id = ? ORDER BY id",
        (contact_id,),
    )


def test_counts_cover_all_stages_and_skip_archived(store):
    a = store.intents.add_contact("A", 1)
    store.intents.add_contact("B", 3)
    assert store.contacts.stage_counts() == {1: 1, 2: 0, 3: 1, 4: 0, 5: 0}
    store.intents.archive(a)
    assert store.contacts.stage_counts()[1] == 0


def test_move_records_an_event_and_lands_on_top(store):
    first = store.intents.add_contact("First", 2)
    mover = store.intents.add_contact("Mover", 1)
    move = store.intents.move_card(mover, 1, 2)
    assert (move.from_stage, move.to_stage) == (1, 2)
    cards = store.contacts.cards(2)
    assert [c.name for c in cards] == ["Mover", "First"]
    assert store.contacts.card_index(mover) == 0 and store.contacts.card_index(first) == 1
    events = _events(store, mover)
    assert [(e[0], e[1]) for e in events] == [(None, 1), (1, 2)]
    assert str(events[-1][2]).startswith(FROZEN.strftime("%Y-%m-%d %H:%M"))


def test_undo_puts_the_card_back_where_it_was(store):
    ids = [store.intents.add_contact(f"P{i}", 1) for i in range(3)]
    move = store.intents.move_card(ids[1], 1, 2)
    store.intents.undo(move)
    assert [c.id for c in store.contacts.cards(1)] == ids
    assert [(e[0], e[1]) for e in _events(store, ids[1])] == [(None, 1), (1, 2), (2, 1)]


def test_reorder_swaps_neighbours_and_stops_at_edges(store):
    ids = [store.intents.add_contact(f"P{i}", 3) for i in range(3)]
    assert store.intents.reorder_card(ids[2], 3, -1)
    assert [c.id for c in store.contacts.cards(3)] == [ids[0], ids[2], ids[1]]
    assert not store.intents.reorder_card(ids[0], 3, -1)
    assert store.intents.reorder_card(ids[0], 3, +1)
    assert [c.id for c in store.contacts.cards(3)] == [ids[2], ids[0], ids[1]]


def test_reorder_repairs_equal_positions(store):
    ids = [store.intents.add_contact(f"P{i}", 3) for i in range(3)]
    with store.db.write() as conn:
        conn.execute(update(Contact.__table__).values(position=0))
    assert store.intents.reorder_card(ids[1], 3, -1)
    assert [c.id for c in store.contacts.cards(3)] == [ids[1], ids[0], ids[2]]


def test_pages_are_contiguous(store):
    with store.db.write() as conn:
        now = store.now()
        conn.execute(
            insert(Contact.__table__),
            [
                {
                    "name": f"N{i:04d}",
                    "stage": 2,
                    "position": i,
                    "created_at": now,
                    "updated_at": now,
                }
                for i in range(PAGE_SIZE * 2 + 5)
            ],
        )
    first = store.contacts.cards(2, 0)
    second = store.contacts.cards(2, PAGE_SIZE)
    third = store.contacts.cards(2, PAGE_SIZE * 2)
    names = [c.name for c in first + second + third]
    assert names == [f"N{i:04d}" for i in range(PAGE_SIZE * 2 + 5)]


def test_pages_read_from_the_end_are_the_same_cards(store):
    """Given the column's size, the last pages are read backwards (what `end` does):
    the same cards in the same order as reading forwards, with or without a filter."""
    total = PAGE_SIZE * 3 + 7
    with store.db.write() as conn:
        now = store.now()
        conn.execute(
            insert(Contact.__table__),
            [
                {
                    "name": f"{'Sam' if i % 3 else 'Kim'} N{i:04d}",
                    "stage": 2,
                    "position": i // 2,  # equal positions: the id breaks the tie
                    "created_at": now,
                    "updated_at": now,
                }
                for i in range(total)
            ],
        )
    for text_filter in ("", "sam"):
        whole = store.contacts.cards(2, 0, total, text_filter)
        count = len(whole)
        assert count == store.contacts.stage_counts(text_filter)[2]
        for offset in (
            0,
            PAGE_SIZE,
            count - PAGE_SIZE,
            count - 5,
            (count // PAGE_SIZE) * PAGE_SIZE,
        ):
            page = store.contacts.cards(2, offset, PAGE_SIZE, text_filter, total=count)
            assert page == whole[offset : offset + PAGE_SIZE], (text_filter, offset)
    assert store.contacts.cards(2, total - 1, PAGE_SIZE, total=total)[-1].name.endswith(
        f"N{total - 1:04d}"
    )


def test_filter_matches_name_org_title_tag_and_escapes_wildcards(store):
    store.intents.add_contact("Eve Smith", 1, organization="Acme", title="Nurse", tags="alumni")
    store.intents.add_contact("Bob 100%", 1)
    store.intents.add_contact("Carol_x", 1)
    assert [c.name for c in store.contacts.cards(1, text_filter="acme")] == ["Eve Smith"]
    assert [c.name for c in store.contacts.cards(1, text_filter="nurse")] == ["Eve Smith"]
    assert [c.name for c in store.contacts.cards(1, text_filter="alumni")] == ["Eve Smith"]
    assert [c.name for c in store.contacts.cards(1, text_filter="%")] == ["Bob 100%"]
    assert [c.name for c in store.contacts.cards(1, text_filter="_")] == ["Carol_x"]
    assert store.contacts.stage_counts("acme")[1] == 1


def test_card_shows_the_earliest_due_action(demo_store):
    cards = [c for s in range(1, 6) for c in demo_store.contacts.cards(s)]
    due = [c for c in cards if c.due is not None]
    assert due, "the demo has due actions"
    # 3B7: a day-3 next-contact comes before the day-7 nudge
    assert {c.due_kind for c in due} >= {"thank-you", "interview", "next-contact"}
    assert any(c.due < FROZEN for c in due) and any(c.due > FROZEN for c in due)
