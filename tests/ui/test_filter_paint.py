"""What the board filter paints, and when: the key's echo before the search's work, the
count line with the box (no key lays the board out again), and card lines kept by the
card they show (a new result draws only cards not drawn before, never a stale one)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

from textual.app import App, ComposeResult

from infointerview_tui.core.contact_rows import Card
from infointerview_tui.screens.board_filter import FILTER_HINT
from infointerview_tui.widgets.card_column import CARD_LINES, CardColumn
from tests.ui.test_board import SIZE, board, filtered

DAY = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


async def test_the_echo_is_painted_before_the_search_starts(app, demo_store, monkeypatch):
    """The search's thread takes a core and the GIL: it is started once the key's echo
    has gone to the terminal, not beside it (at 100,000 contacts the echo waited)."""
    painted: list[str] = []  # the filter box's text at each frame sent to the terminal
    started: list[tuple[str, str]] = []  # (text searched, the box's text painted by then)
    original_display = app._display

    def display(screen: Any, update: Any) -> None:
        if update is not None and screen.query("#filter"):
            painted.append(screen.query_one("#filter").value)
        original_display(screen, update)

    monkeypatch.setattr(app, "_display", display)
    async with app.run_test(size=SIZE) as pilot:
        b = board(app)
        search = b._search

        def start(text: str, *args: Any) -> Any:
            started.append((text, painted[-1] if painted else ""))
            return search(text, *args)

        monkeypatch.setattr(b, "_search", start)
        name = demo_store.contacts.cards(4)[2].name
        await pilot.press("slash")
        for char in name[:3]:
            await pilot.press(char)
            await filtered(app, pilot)
        assert started == [(name[:n], name[:n]) for n in (1, 2, 3)]
        assert b.text_filter == name[:3]


async def test_the_count_line_comes_with_the_box_and_no_key_moves_the_columns(app, demo_store):
    async with app.run_test(size=SIZE) as pilot:
        b = board(app)
        line = b.query_one("#filter-count")
        assert not line.display
        await pilot.press("slash")
        await pilot.pause()
        assert line.display and str(line.render()) == FILTER_HINT
        columns = b.column(1).region
        name = demo_store.contacts.cards(4)[2].name
        await pilot.press(*name[:2])
        await filtered(app, pilot)
        assert str(line.render()).endswith(f"“{name[:2]}” (esc clears)")
        assert b.column(1).region == columns  # the line was there: nothing moved
        await pilot.press("backspace", "backspace")
        await filtered(app, pilot)
        assert line.display and str(line.render()) == FILTER_HINT  # the box is still open
        await pilot.press("escape")
        await pilot.pause()
        assert not line.display


async def test_a_key_in_the_filter_lays_nothing_out_and_a_long_text_still_scrolls(app):
    """The box's size is fixed: its text growing lays the screen out no more (Textual's
    Input asked for a layout at each key); a text wider than the box still scrolls to
    the cursor, either end."""
    async with app.run_test(size=(80, 24)) as pilot:
        b = board(app)
        await pilot.press("slash")
        await pilot.pause()
        layouts = []
        refresh_layout = b._refresh_layout

        def counted(*args: Any, **kwargs: Any) -> Any:
            layouts.append(args)
            return refresh_layout(*args, **kwargs)

        b._refresh_layout = counted  # type: ignore[method-assign]
        text = "abcdefghij klmnopqrstuvwxyz 0123456789 ABCDEFGHIJ KLMNOPQRSTUVWXYZ 9876543210 end"
        for char in text:
            await pilot.press(char if char != " " else "space")
        await filtered(app, pilot)
        assert layouts == []
        box = b.query_one("#filter")
        assert box.scroll_x > 0  # the end, where the cursor is, is in view
        assert box.render_line(0).text.rstrip().endswith("9876543210 end")
        await pilot.press("home")
        await pilot.pause()
        assert box.scroll_x == 0 and "abcdefghij" in box.render_line(0).text


class Host(App[None]):
    def __init__(self, column: CardColumn) -> None:
        super().__init__()
        self.column = column

    def compose(self) -> ComposeResult:
        yield self.column


def card(contact_id: int, name: str, due: datetime | None = None) -> Card:
    return Card(contact_id, name, "Engineer", "Acme", "follow-up" if due else "", due)


def lines(column: CardColumn) -> list[str]:
    return [column.render_line(y).text.rstrip() for y in range(column.size.height)]


async def test_a_column_shown_again_draws_only_new_cards_and_never_a_stale_line(monkeypatch):
    now = [DAY]
    cards = [card(1, "Ada Lovelace", DAY + timedelta(hours=2)), card(2, "Alan Turing")]
    column = CardColumn(1, lambda offset, limit: cards[offset : offset + limit], lambda: now[0])
    drawn: list[tuple[int, int]] = []  # (contact id, line) of each card line drawn
    draw = CardColumn._card_line

    def counted(self: CardColumn, shown: Card, line: int, *args: Any) -> Any:
        drawn.append((shown.id, line))
        return draw(self, shown, line, *args)

    monkeypatch.setattr(CardColumn, "_card_line", counted)
    async with Host(column).run_test(size=(40, 12)):
        column.reload(2)
        first = lines(column)
        assert first[0].endswith("Ada Lovelace") and "today 11:00" in first[2]
        assert first[CARD_LINES].endswith("Alan Turing")
        # The same cards, in another order: drawn where they now are, none drawn again
        # (the selection stayed on the first place: its lines are the only new ones).
        drawn.clear()
        cards.reverse()
        column.reload(2)
        swapped = lines(column)
        assert swapped[0].endswith("Alan Turing") and swapped[CARD_LINES].endswith("Ada Lovelace")
        assert {contact for contact, _line in drawn} <= {1, 2}
        assert len(drawn) <= 6  # the two cards' selected/unselected looks, not all lines
        drawn.clear()
        column.reload(2)
        assert lines(column) == swapped and drawn == []  # nothing new: nothing drawn
        # A card whose text changed (same contact) is drawn anew, never from the old line.
        cards[1] = card(1, "Ada King", DAY + timedelta(hours=2))
        column.reload(2)
        assert lines(column)[CARD_LINES].endswith("Ada King")
        # Time alone changes the due line: overdue once past, then "yesterday".
        now[0] = DAY + timedelta(hours=3)
        column.reload(2)
        assert "! follow-up · today 11:00" in lines(column)[CARD_LINES + 2]
        now[0] = DAY + timedelta(days=1)
        column.reload(2)
        assert "yesterday 11:00" in lines(column)[CARD_LINES + 2]


async def test_a_column_given_its_first_cards_reads_the_rest_of_the_page_when_wanted():
    """A filter's search reads each column's first cards only (as many as show): the
    page they begin is read whole once a card past them is wanted, and only then."""
    cards = [card(i, f"Person {i:02d}") for i in range(1, 31)]
    reads: list[tuple[int, int]] = []

    def fetch(offset: int, limit: int) -> list[Card]:
        reads.append((offset, limit))
        return cards[offset : offset + limit]

    column = CardColumn(1, fetch, lambda: DAY)
    async with Host(column).run_test(size=(40, 12)) as pilot:
        column.reload(len(cards), select=0, first_page=cards[:3])
        await pilot.pause()
        shown = lines(column)
        assert shown[0].endswith("Person 01") and shown[2 * CARD_LINES].endswith("Person 03")
        assert reads == []  # what shows was given
        column.jump(7)
        await pilot.pause()
        assert reads == [(0, CardColumn.PAGE)]  # the page read whole, once
        assert column.selected_card == cards[7]
        assert any(line.endswith("Person 08") for line in lines(column))
        column.jump(0)
        column.jump(20)
        await pilot.pause()
        assert reads == [(0, CardColumn.PAGE)]


async def test_a_replaced_search_ending_late_leaves_one_search_at_a_time(app, demo_store):
    """A key replaces a search whose thread had not begun when the key came; it begins
    anyway, and ends late: its end must not be taken for the newer search's, else the
    next key starts a third search beside the newer one."""
    gates = {1: threading.Event(), 2: threading.Event()}
    running: list[str] = []
    most = [0]
    original = demo_store.contacts.filtered

    def search(text_filter: str, **kwargs: Any) -> Any:
        running.append(text_filter)
        most[0] = max(most[0], len(running))
        try:
            gate = gates.get(len(text_filter))
            if gate is not None:
                assert gate.wait(5)
            return original(text_filter, **kwargs)
        finally:
            running.remove(text_filter)

    demo_store.contacts.filtered = search  # type: ignore[method-assign]
    try:
        async with app.run_test(size=SIZE) as pilot:
            b = board(app)
            name = demo_store.contacts.cards(4)[2].name
            await pilot.press("slash", name[0])
            for _ in range(100):  # bounded: until the first search's thread runs
                if running:
                    break
                await pilot.pause(0.01)
            assert running == [name[0]]
            b._search_began = None  # as if the key below came before its thread began
            await pilot.press(name[1])
            for _ in range(100):  # the second search runs beside the first, still held
                if len(running) == 2:
                    break
                await pilot.pause(0.01)
            gates[1].set()  # the first ends, late
            for _ in range(100):
                if running == [name[:2]]:
                    break
                await pilot.pause(0.01)
            await pilot.pause()
            await pilot.press(name[2])  # while the second still runs
            await pilot.pause(0.1)
            assert running == [name[:2]]  # no third search beside it
            gates[2].set()
            await filtered(app, pilot)
            assert b.text_filter == name[:3]
    finally:
        gates[1].set()
        gates[2].set()


async def test_opening_and_closing_the_filter_draws_no_card_again(app, monkeypatch):
    """The box taking lines from the columns (a resize that moves each scrollbar's
    thumb) and the focus going to it and back (the stylesheet applied again) change no
    card's text: none is drawn again (every line of the board was, twice per key at
    100,000 contacts) but where the text's width changed (a scrollbar came). A new theme
    does change them: then they are drawn anew."""
    drawn: list[tuple[int, int]] = []  # (stage, contact id) of each card line drawn
    draw = CardColumn._card_line

    def counted(self: CardColumn, shown: Card, line: int, *args: Any) -> Any:
        drawn.append((self.stage, shown.id))
        return draw(self, shown, line, *args)

    def barred() -> dict[int, bool]:
        return {c.stage: c.total > c.visible_cards for c in app.screen.query(CardColumn)}

    monkeypatch.setattr(CardColumn, "_card_line", counted)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = {stage for stage, _ in drawn}
        closed = barred()
        drawn.clear()
        await pilot.press("slash")
        await pilot.pause()
        opened = barred()
        assert any(opened[stage] for stage in shown)  # a thumb that moved
        await pilot.press("escape")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        same = {stage for stage in shown if closed[stage] == opened[stage]}
        assert len(same) >= 3
        assert not [stage for stage, _ in drawn if stage in same]
        before = lines(board(app).column(1))
        drawn.clear()
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await pilot.pause()
        await pilot.pause()
        assert drawn  # drawn with the new theme's colours, not taken from the old lines
        assert lines(board(app).column(1)) == before  # the same text
