"""The board filter with more matches than it counts: a column over the cap says
"1,000+" in its title, on the timeline and in the count line; one at the cap or under
it says its exact number; scrolled to its last known card, a capped column is counted
exactly and the rest of it can be reached."""

from __future__ import annotations

from sqlalchemy import insert

from infointerview_tui.core import search
from infointerview_tui.core.contact_queries import COUNT_CAP
from infointerview_tui.core.models import Contact
from infointerview_tui.widgets.timeline import ColumnTitle, Timeline
from tests.conftest import make_app
from tests.ui.test_board import SIZE, board, filtered

OVER = COUNT_CAP + 25  # matches in stage 2: more than the filter counts


def _fill(store) -> None:
    """OVER "Sam"s at stage 2, COUNT_CAP at stage 3, 3 at stage 4, others elsewhere."""
    now = store.now()
    rows = [
        {"name": f"Sam N{i:04d}", "stage": stage, "position": i}
        for stage, n in ((2, OVER), (3, COUNT_CAP), (4, 3))
        for i in range(n)
    ]
    rows += [{"name": f"Kim K{i}", "stage": 1, "position": i} for i in range(5)]
    with store.db.write() as conn:
        conn.execute(
            insert(Contact.__table__), [{**r, "created_at": now, "updated_at": now} for r in rows]
        )
        search.rebuild(conn)


def _line(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def test_a_column_over_the_cap_says_1000_plus_and_one_at_it_its_number(store):
    _fill(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        b = board(app)
        await pilot.press("slash", "s", "a", "m")
        await filtered(app, pilot)
        assert b.text_filter == "sam"
        titles = {s: _line(app, f"#title-{s}") for s in range(1, 6)}
        assert titles[2].endswith("  1,000+")
        assert titles[3].endswith("  1,000")  # exactly at the cap: exact
        assert titles[4].endswith("  3") and titles[1].endswith("  0")
        timeline = _line(app, "#timeline")
        assert "2 Organization 1,000+" in timeline and "3 People 1,000 " in timeline
        assert "4 Interview 3 " in timeline
        assert _line(app, "#filter-count") == "2,003+ cards match “sam” (esc clears)"
        # Without the filter the counts are exact again, however large.
        await pilot.press("escape")
        assert b.query_one(Timeline).counts[2] == OVER
        assert b.query_one("#title-2", ColumnTitle).render().plain.endswith(f"  {OVER:,}")


async def test_scrolled_to_its_end_a_capped_column_is_counted_exactly(store):
    _fill(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        b = board(app)
        await pilot.press("slash", *"sam", "enter")
        await filtered(app, pilot)
        assert b.stage == 2  # the first column with a match
        column = b.column(2)
        assert column.capped and column.total == COUNT_CAP + 1
        await pilot.press("end")  # the last card known: the 1,001st
        assert column.selected_card.name == f"Sam N{COUNT_CAP:04d}"
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not column.capped and column.total == OVER
        assert _line(app, "#title-2").endswith(f"  {OVER:,}")
        assert (
            _line(app, "#filter-count")
            == f"{OVER + COUNT_CAP + 3:,} cards match “sam” (esc clears)"
        )
        await pilot.press("end")
        assert column.selected_card.name == f"Sam N{OVER - 1:04d}"


async def test_undo_puts_a_card_back_deep_in_a_capped_column_and_selects_it(store):
    """A move and its undo under the filter: the card returns to its place past the
    1,001st card of a "1,000+" column, and it (not the 1,001st) is the one selected."""
    _fill(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        b = board(app)
        await pilot.press("slash", *"sam", "enter")
        await filtered(app, pilot)
        await pilot.press("end")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("end", "up", "up", "up", "up")
        deep = b.current.selected_card
        assert deep.name == f"Sam N{OVER - 5:04d}"
        await pilot.press("L")  # to stage 3 (its top); stage 2 is counted afresh: capped
        await pilot.pause()
        assert b.stage == 3 and b.current.selected_card.id == deep.id
        assert b.column(2).capped
        await pilot.press("u")
        await pilot.pause()
        assert b.stage == 2 and b.current.selected_card.id == deep.id
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not b.column(2).capped and b.column(2).total == OVER
        assert b.current.selected_card.id == deep.id


async def test_a_key_that_leaves_a_column_as_it_was_does_not_draw_it_again(store, monkeypatch):
    """Typing on ("sam" then "sam n", "sam n0") keeps the columns whose cards did not
    change (an exact count, the same first page) as they are; a capped column, or one
    whose cards changed ("sam n00"), is read and drawn again, and each shows its cards."""
    from infointerview_tui.widgets.card_column import CardColumn

    _fill(store)
    reloaded: list[int] = []
    real = CardColumn.reload

    def spy(column, *args, **kwargs):
        reloaded.append(column.stage)
        return real(column, *args, **kwargs)

    monkeypatch.setattr(CardColumn, "reload", spy)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        b = board(app)
        await pilot.press("slash", *"sam")
        await filtered(app, pilot)
        for typed, drawn in ((" n", [2]), ("0", [2]), ("0", [2, 3])):
            reloaded.clear()
            await pilot.press(*typed)
            await filtered(app, pilot)
            assert sorted(set(reloaded)) == drawn, b.text_filter
            for stage in range(1, 6):
                column = b.column(stage)
                want = store.contacts.cards(stage, 0, 5, b.text_filter)
                assert [column.card_at(i) for i in range(len(want))] == want
        assert b.text_filter == "sam n00" and b.column(3).count == 100


async def test_another_windows_write_is_shown_even_by_a_writer_without_a_mark(store, db_path):
    """The filter keeps a word's matches for the next key while the database is
    unchanged; a writer that takes no write mark (an older version of the app, here a
    bare engine) still shows once the window hears of the change: its reload reads the
    filter's matches again instead of picking from the kept ones."""
    from sqlalchemy import create_engine

    from infointerview_tui.core.models import SearchTerm

    _fill(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        b = board(app)
        await pilot.press("slash", "s", "a", "m")
        await filtered(app, pilot)
        assert b.query_one(Timeline).counts[4] == 3
        bare = create_engine(f"sqlite:///{db_path}")  # no write mark: an older writer
        try:
            with bare.begin() as conn:
                now = store.now()
                new_id = conn.execute(
                    insert(Contact.__table__)
                    .values(name="Sammy Raw", stage=4, position=99, created_at=now, updated_at=now)
                    .returning(Contact.__table__.c.id)
                ).scalar_one()
                conn.execute(
                    insert(SearchTerm.__table__),
                    [{"kind": "name", "term": t, "record_id": new_id} for t in ("sammy", "raw")],
                )
        finally:
            bare.dispose()
        app.data_changed()  # what the window's watcher does when the file changed
        await filtered(app, pilot)
        await pilot.pause()
        assert b.query_one(Timeline).counts[4] == 4
        assert new_id in [b.column(4).card_at(i).id for i in range(4)]
