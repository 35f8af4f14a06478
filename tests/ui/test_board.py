"""The board, driven from the keyboard like a user would."""

from __future__ import annotations

from typing import Any

from sqlalchemy import update

from infointerview_tui.core.models import Contact
from infointerview_tui.screens.board import BoardScreen
from infointerview_tui.widgets.timeline import ColumnTitle, Timeline
from tests.conftest import FROZEN, make_app

SIZE = (140, 42)


def board(app) -> BoardScreen:
    screen = app.screen
    assert isinstance(screen, BoardScreen)
    return screen


def column_text(app, stage: int) -> str:
    column = board(app).column(stage)
    return "\n".join(column.render_line(y).text for y in range(column.size.height))


def stage_of(store, contact_id: int) -> int:
    return store.query("SELECT stage FROM contact WHERE id = ?", (contact_id,))[0][0]


def events_of(store, contact_id: int) -> list[tuple]:
    return [
        tuple(r)
        for r in store.query(
            "SELECT from_stage, to_stage FROM stage_event WHERE contact_id = ? ORDER BY id",
            (contact_id,),
        )
    ]


async def test_opens_on_the_first_non_empty_column_with_its_first_card(store):
    store.intents.add_contact("Only Org Person", 2)
    store.intents.add_contact("Interviewee", 4)
    app = make_app(store)
    async with app.run_test(size=SIZE):
        b = board(app)
        assert b.stage == 2
        assert b.current.selected_card.name == "Only Org Person"
        assert b.current.active


async def test_end_shows_the_last_card_reading_one_page_from_the_end(store, monkeypatch):
    """`end` on a long column lands on its last card and reads just that card's page,
    backwards on the index: no page before it is skipped through or read."""
    from sqlalchemy import insert

    from infointerview_tui.core.stages import PAGE_SIZE

    total = PAGE_SIZE * 5 + 3
    with store.db.write() as conn:
        now = store.now()
        rows = [
            {
                "name": f"Person {i:04d}",
                "stage": 2,
                "position": i,
                "created_at": now,
                "updated_at": now,
            }
            for i in range(total)
        ]
        conn.execute(insert(Contact.__table__), rows)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reads: list[tuple[int, int, bool]] = []
        read = store.contacts._cards_from

        def counting(stage, text_filter, offset, limit, reverse):
            reads.append((offset, limit, reverse))
            return read(stage, text_filter, offset, limit, reverse)

        monkeypatch.setattr(store.contacts, "_cards_from", counting)
        await pilot.press("end")
        await pilot.pause()
        assert board(app).current.selected_card.name == f"Person {total - 1:04d}"
        assert f"Person {total - 1:04d}" in column_text(app, 2)
        # The last page (its 3 cards, last first), then the one above for the rest of
        # the screen: both read backwards from the end, never skipping 200 cards.
        assert reads == [(0, 3, True), (3, PAGE_SIZE, True)]
        await pilot.press("pageup")
        await pilot.pause()
        up = total - 1 - board(app).current.visible_cards
        assert board(app).current.selected_card.name == f"Person {up:04d}"


async def test_chrome_first_then_cards_once_the_orm_is_loaded(store, db_path):
    from infointerview_tui.app import InfoInterviewApp
    from infointerview_tui.core.store import Store
    from tests.conftest import frozen_clock

    store.intents.add_contact("Waiting Card", 3)
    fresh = Store(db_path, clock=frozen_clock)  # nothing read yet: SQLAlchemy not used
    assert not fresh.loaded
    app = InfoInterviewApp(fresh, clock=frozen_clock)
    try:
        async with app.run_test(size=SIZE) as pilot:
            b = board(app)
            assert b.query_one("#filter") is not None  # the chrome is there at once
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert fresh.loaded
            assert b.stage == 3
            assert "Waiting Card" in column_text(app, 3)
    finally:
        fresh.close()


async def test_cards_from_the_kept_sql_first_and_a_stale_one_is_corrected(store, db_path):
    """A start with the board's SQL kept by an earlier run reads the cards before the
    ORM is in; when that text was out of date, the board shows the right numbers once
    the ORM has loaded."""
    from dataclasses import replace

    from infointerview_tui.app import InfoInterviewApp
    from infointerview_tui.core.quick_board import Compiled, compile_statements
    from infointerview_tui.core.store import Store
    from tests.conftest import frozen_clock

    store.intents.add_contact("Kept Card", 3)
    cache = db_path.parent / "board-sql.json"
    stale = replace(compile_statements(), counts=Compiled("SELECT 3, 777", ()))
    cache.write_text(stale.to_json(), encoding="utf-8")
    fresh = Store(db_path, clock=frozen_clock)
    fresh.use_board_sql(cache)
    app = InfoInterviewApp(fresh, clock=frozen_clock)
    try:
        async with app.run_test(size=SIZE) as pilot:
            b = board(app)
            assert b.stage == 3  # filled at mount, without waiting for a worker
            assert "Kept Card" in column_text(app, 3)
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert fresh.loaded
            assert b.query_one("#title-3", ColumnTitle).count == 1  # not the kept 777
            assert compile_statements().to_json() == cache.read_text(encoding="utf-8")
    finally:
        fresh.close()


async def test_all_five_columns_show_cards_at_140x42(app, demo_store):
    async with app.run_test(size=SIZE):
        for stage in range(1, 6):
            first = demo_store.contacts.cards(stage)[0]
            assert first.name in column_text(app, stage)
            assert board(app).column(stage).region.width >= 26


async def test_shift_right_moves_persists_and_keeps_the_card_selected(app, demo_store):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "l")
        b = board(app)
        assert b.stage == 3
        card = b.current.selected_card
        await pilot.press("shift+right")
        assert stage_of(demo_store, card.id) == 4
        assert events_of(demo_store, card.id)[-1] == (3, 4)
        assert b.stage == 4 and b.current.selected_card.id == card.id
        assert card.name in column_text(app, 4)
        await pilot.press("H")  # the letter twin of shift+left
        assert stage_of(demo_store, card.id) == 3
        assert b.stage == 3 and b.current.selected_card.id == card.id


async def test_moves_are_disabled_at_the_edges(app, demo_store):
    async with app.run_test(size=SIZE) as pilot:
        b = board(app)
        assert b.stage == 1
        assert b.check_action("move", (-1,)) is False
        card = b.current.selected_card
        await pilot.press("shift+left")
        assert stage_of(demo_store, card.id) == 1
        await pilot.press("l", "l", "l", "l")
        assert b.stage == 5
        assert b.check_action("move", (1,)) is False
        card = b.current.selected_card
        await pilot.press("L")
        assert stage_of(demo_store, card.id) == 5


async def test_up_down_and_reorder_persist(app, demo_store):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "l")
        before = [c.id for c in demo_store.contacts.cards(3)]
        await pilot.press("j")
        assert board(app).current.selected == 1
        await pilot.press("shift+up")
        after = [c.id for c in demo_store.contacts.cards(3)]
        assert after[:2] == [before[1], before[0]] and after[2:] == before[2:]
        assert board(app).current.selected == 0
        await pilot.press("J")
        assert [c.id for c in demo_store.contacts.cards(3)] == before
        assert board(app).check_action("reorder", (1,)) is True
        await pilot.press("end")
        assert board(app).current.selected == len(before) - 1
        assert board(app).check_action("reorder", (1,)) is False


async def test_undo_puts_the_last_move_back(app, demo_store):
    async with app.run_test(size=SIZE) as pilot:
        b = board(app)
        assert b.check_action("undo", ()) is False
        card = b.current.selected_card
        await pilot.press("L", "L")
        assert stage_of(demo_store, card.id) == 3
        await pilot.press("u")
        assert stage_of(demo_store, card.id) == 2
        assert b.stage == 2 and b.current.selected_card.id == card.id
        await pilot.press("u")
        assert stage_of(demo_store, card.id) == 1
        assert b.check_action("undo", ()) is False


async def test_moves_and_undo_show_the_counts_without_recounting(app, demo_store, monkeypatch):
    """A move changes two columns' counts by one: the board shows the database's
    counts after each move and undo without counting every card again."""

    async with app.run_test(size=SIZE) as pilot:
        b = board(app)
        recount = demo_store.contacts.stage_counts
        counted: list[str] = []

        def counting(text_filter: str = "") -> dict[int, int]:
            counted.append(text_filter)
            return recount(text_filter)

        monkeypatch.setattr(demo_store.contacts, "stage_counts", counting)
        for keys in (("L",), ("L",), ("l", "H"), ("u",), ("u",)):
            await pilot.press(*keys)
            truth = recount()
            assert b.query_one(Timeline).counts == truth
            assert {s: b.column(s).total for s in truth} == truth
        assert counted == []


async def filtered(app, pilot) -> None:
    """Let the filter's searches land (one may start another when it ends)."""
    for _ in range(100):  # bounded: 100 rounds of a worker and the event loop
        await app.workers.wait_for_complete()
        await pilot.pause()
        if board(app)._searching is None:
            return
    raise AssertionError("the filter's searches never settled")


async def test_filter_narrows_incrementally_and_escape_clears(app, demo_store):
    async with app.run_test(size=SIZE) as pilot:
        target = demo_store.contacts.cards(4)[2]
        await pilot.press("slash")
        await pilot.press(*target.name)
        await filtered(app, pilot)
        total = sum(board(app).column(s).total for s in range(1, 6))
        assert 1 <= total < 60
        assert target.name in column_text(app, 4)
        # The line over the box says how many cards match what was typed.
        count = app.screen.query_one("#filter-count")
        box = app.screen.query_one("#filter")
        assert count.display and count.region.height == 1  # on screen, over the box:
        assert count.region.bottom == box.region.y  # (docked, it hid behind the footer)
        matches = "1 card matches" if total == 1 else f"{total} cards match"
        assert str(count.render()) == f"{matches} “{target.name}” (esc clears)"
        await pilot.press("enter")
        assert board(app).current.total >= 1
        await pilot.press("escape")
        assert sum(board(app).column(s).total for s in range(1, 6)) == 60
        assert not app.screen.query_one("#filter-count").display


async def test_typing_in_the_filter_never_waits_for_the_search(app, demo_store, monkeypatch):
    """Each key is echoed at once; one search runs at a time, not one per key: a burst
    of keys makes the first key's search and then one for the text typed by then, and
    a search for an older text never replaces a newer one."""
    import threading
    import time

    searched: list[str] = []
    running = [0, 0]  # searches running now, the most at once
    original = demo_store.contacts.filtered

    def slow_search(text_filter: str, **kwargs: Any) -> Any:
        if threading.current_thread() is threading.main_thread():
            raise AssertionError("the filter searched on the event loop")
        searched.append(text_filter)
        running[0] += 1
        running[1] = max(running)
        try:
            time.sleep(0.3)  # SQL at 100,000 contacts
            return original(text_filter, **kwargs)
        finally:
            running[0] -= 1

    async with app.run_test(size=SIZE) as pilot:
        target = demo_store.contacts.cards(4)[2]
        monkeypatch.setattr(demo_store.contacts, "filtered", slow_search)
        await pilot.press("slash")
        await pilot.press(*target.name[:4])
        assert app.screen.query_one("#filter").value == target.name[:4]
        await filtered(app, pilot)
        assert searched == [target.name[:1], target.name[:4]]
        assert board(app).text_filter == target.name[:4]
        rest = target.name[4:]
        await pilot.press(*rest)
        await filtered(app, pilot)
        # The first key of the burst searched at once, the full text last; keys typed
        # while a search ran made no search of their own, and none ran side by side.
        assert searched[2] == target.name[:5] and searched[-1] == target.name
        assert len(searched) - 2 < len(rest) and running[1] == 1
        assert board(app).text_filter == target.name
        assert sum(board(app).column(s).total for s in range(1, 6)) < 60
        assert target.name in column_text(app, 4)


async def test_new_contact_lands_in_the_current_column(app, demo_store):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "n")
        await pilot.press("enter")  # empty name: refused, dialog stays
        assert "required" in str(app.screen.query_one("#e-name").render())
        await pilot.press(*"Nadia Brand-New")
        await pilot.press("tab", *"Acme", "enter")
        await pilot.pause()
        b = board(app)
        assert b.current.selected_card.name == "Nadia Brand-New"
        assert b.stage == 2
        row = demo_store.query(
            "SELECT c.stage, o.name FROM contact c JOIN organization o "
            "ON o.id = c.organization_id WHERE c.name = 'Nadia Brand-New'"
        )
        assert tuple(row[0]) == (2, "Acme")


async def test_archive_asks_first(app, demo_store):
    async with app.run_test(size=SIZE) as pilot:
        card = board(app).current.selected_card
        await pilot.press("d")
        await pilot.press("escape")
        assert demo_store.contacts.view(card.id).values["archived"] == 0
        await pilot.press("d", "y")
        assert demo_store.contacts.view(card.id).values["archived"] == 1
        assert card.name not in column_text(app, 1)


async def test_enter_opens_the_contact_and_edits_validate(app, demo_store):
    async with app.run_test(size=SIZE) as pilot:
        card = board(app).current.selected_card
        await pilot.press("enter")
        assert app.screen.__class__.__name__ == "ContactScreen"
        email = app.screen.query_one("#f-email")
        email.value = "not an email"
        await pilot.press("ctrl+s")
        assert "email address" in str(app.screen.query_one("#e-email").render())
        assert demo_store.contacts.view(card.id).values["email"] != "not an email"
        email.value = "new@example.org"
        app.screen.query_one("#f-title").value = "Chief Listener"
        await pilot.press("escape")
        assert isinstance(app.screen, BoardScreen)
        values = demo_store.contacts.view(card.id).values
        assert (values["email"], values["title"]) == ("new@example.org", "Chief Listener")


async def test_mouse_click_selects(app):
    async with app.run_test(size=SIZE) as pilot:
        b = board(app)
        column = b.column(4)
        await pilot.click(column, offset=(5, 4 + 1))  # the second card's second line
        assert b.stage == 4 and column.selected == 1


async def test_user_text_renders_literally(store):
    hostile = ["[b]Eve[/", "[bold]Mallory[/bold]", "[1]", "[@click=app.quit]x"]
    for name in hostile:
        store.intents.add_contact(name, 3, organization="[link=http://x]Org[/link]")
    # Typed or imported text loses its escape sequences at the edge...
    cleaned = store.intents.add_contact("Esc\x1b[31mRed\x07", 3)
    assert store.contacts.view(cleaned).values["name"] == "EscRed"
    # ...and whatever reached the file another way is still drawn as inert text.
    with store.db.write() as conn:
        contact = Contact.__table__
        conn.execute(update(contact).where(contact.c.id == cleaned).values(title="Boss\x1b[2J"))
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        text = column_text(app, 3)
        for name in hostile:
            assert name in text
        assert "EscRed" in text and "Boss [2J" in text and "\x1b" not in text
        assert "[link=http://x]Org[/link]" in text
        await pilot.click(board(app).column(3), offset=(3, 12))  # "[@click=app.quit]x"
        assert app.is_running


async def test_narrow_terminal_scrolls_instead_of_overlapping(app):
    async with app.run_test(size=(80, 30)) as pilot:
        b = board(app)
        for stage in range(1, 6):
            assert b.column(stage).region.width == 0 or b.column(stage).size.width >= 25
        await pilot.press("l", "l", "l", "l")
        assert b.stage == 5
        assert b.column(5).region.width > 0  # scrolled into view


async def test_quitting_from_the_contact_screen_keeps_valid_edits(app, demo_store):
    async with app.run_test(size=SIZE) as pilot:
        card = board(app).current.selected_card
        await pilot.press("enter")
        app.screen.query_one("#f-title").value = "Edited then quit"
        app.screen.query_one("#f-email").value = "broken"
        await pilot.pause()  # as when typed: the edits' events arrive before the quit key
        await pilot.press("ctrl+q")
    values = demo_store.contacts.view(card.id).values
    assert values["title"] == "Edited then quit"
    assert values["email"] != "broken"


async def test_contact_screen_shows_the_interview_outcome_on_return(app, demo_store):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l", "l", "l", "enter")  # a stage-4 contact
        card_screen = app.screen
        await pilot.press("i")
        await pilot.pause()
        await pilot.press("ctrl+f", "ctrl+f")  # the second one after the coverage warning
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is card_screen
        assert "stage 5 Follow-up" in str(card_screen.query_one("#heading").render())
        assert "thank-you" in str(card_screen.query_one("#history").render())


async def test_cards_show_responsiveness_once_it_has_loaded(app, demo_store):
    async with app.run_test(size=(140, 42)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        kinds = demo_store.responsiveness_of(None, FROZEN)
        column = app.screen.column(4)
        lines = [column.render_line(y).text for y in range(column.size.height)]
        first = demo_store.contacts.cards(4, 0, 1)[0]
        assert kinds[first.id] in lines[1]
        assert {"booster", "obligate"} <= set(kinds.values())
        assert "curmudgeon" in kinds.values()


async def test_the_filter_count_line_shows_the_typed_text_literally(store):
    store.intents.add_contact("[b]Eve[/b] Markup", 2)
    store.intents.add_contact("Other Person", 2)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"[b]eve")
        await filtered(app, pilot)
        line = str(app.screen.query_one("#filter-count").render())
        assert line == "1 card matches “[b]eve” (esc clears)"
        await pilot.press(*"zzz")
        await filtered(app, pilot)
        line = str(app.screen.query_one("#filter-count").render())
        assert line == "No card matches “[b]evezzz” (esc clears)"


async def test_a_return_to_the_board_re_reads_badges_only_after_a_write_or_a_minute(demo_store):
    """Back from another screen with nothing written, the badges shown are still right:
    not re-read for everyone (~100 ms of a worker at 100,000 contacts, competing with the
    next key). A write (here a message logged, a curmudgeon-to-be) or a minute passing
    (a badge turns with time alone) reads them again, and the card shows the new one."""
    from datetime import UTC, timedelta

    from infointerview_tui.app import InfoInterviewApp

    demo_store.load()
    now = [FROZEN]
    app = InfoInterviewApp(demo_store, clock=lambda: now[0], timezone=UTC)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        reads: list[object] = []
        everyone = demo_store.responsiveness_of

        def counting(ids, when):
            reads.append(ids)
            return everyone(ids, when)

        demo_store.responsiveness_of = counting  # type: ignore[method-assign]

        async def round_trip() -> None:
            await pilot.press("q")
            await pilot.pause()
            await pilot.press("b")
            await app.workers.wait_for_complete()
            await pilot.pause()

        await round_trip()
        assert reads == []
        # A stage 1 contact written to 3 weeks ago with no reply: a curmudgeon once read.
        fresh = demo_store.contacts.cards(1, 0, 1)[0]
        assert fresh.id not in board(app).column(1).badges
        demo_store.intents.log_outreach(
            fresh.id, channel="email", message="Hello", sent_at=FROZEN - timedelta(days=21)
        )
        await round_trip()
        assert reads == [None]
        assert board(app).column(1).badges.get(fresh.id) == "curmudgeon"
        await round_trip()
        assert reads == [None]
        now[0] = FROZEN + timedelta(seconds=61)
        await round_trip()
        assert reads == [None, None]


async def test_a_return_to_the_board_re_reads_it_only_after_a_write_or_a_minute(demo_store):
    """Back from another screen with nothing written, the board shows what it had: no
    count of every card (~10 ms at 100,000 contacts on the event loop) nor five pages
    read again. A write made elsewhere in this window, another window's change, or a
    minute passing (cards show what is due) reads it again, and the board shows it."""
    from datetime import UTC, timedelta

    from infointerview_tui.app import InfoInterviewApp

    demo_store.load()
    now = [FROZEN]
    app = InfoInterviewApp(demo_store, clock=lambda: now[0], timezone=UTC)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        reads: list[str] = []
        counts = demo_store.board_counts

        def counting(text_filter: str = "") -> dict[int, int]:
            reads.append(text_filter)
            return counts(text_filter)

        demo_store.board_counts = counting  # type: ignore[method-assign]

        async def round_trip() -> None:
            await pilot.press("q")
            await pilot.pause()
            await pilot.press("b")
            await app.workers.wait_for_complete()
            await pilot.pause()

        await round_trip()
        assert reads == []
        before = board(app).column(1).total
        demo_store.intents.add_contact("Written Elsewhere", 1)  # as a stage screen would
        await round_trip()
        assert reads == [""]
        assert board(app).column(1).total == before + 1
        await round_trip()
        assert reads == [""]
        app.data_changed()  # another window wrote (the watcher's call)
        await pilot.pause()
        await round_trip()
        assert reads == ["", ""]
        now[0] = FROZEN + timedelta(seconds=61)
        await round_trip()
        assert reads == ["", "", ""]


async def test_a_search_cancelled_before_it_ran_does_not_stop_the_filter(app, demo_store):
    """Keys typed in one burst (found in tmux: "sa" then "m" left the board on "sa"): the
    first key's search is cancelled before its worker ran, so its own ending never said
    so; the filter must still search what the box says."""
    async with app.run_test(size=SIZE) as pilot:
        name = demo_store.contacts.cards(4)[2].name
        await pilot.press("slash")
        b = board(app)
        b._start_search(name[:1])
        b.workers.cancel_group(b, "board-filter")  # before its thread started
        await pilot.press(*name[:3])
        await filtered(app, pilot)
        assert b.text_filter == name[:3].strip()
        assert b.query_one(Timeline).counts == demo_store.contacts.stage_counts(name[:3].strip())
