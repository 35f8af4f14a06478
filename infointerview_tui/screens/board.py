"""The board: a kanban of contacts, one column per stage, driven from the keyboard.

This file lays the board out and says which keys apply where; the rest is in the
classes it derives from: the card actions and undo (board_cards.py), what is read and
when it is read again (board_reads.py), the filter (board_filter.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Header, Static

from ..core.stages import FIRST_STAGE, LAST_STAGE, STAGES
from ..faults import on
from ..widgets.card_column import CardColumn
from ..widgets.key_footer import KeyFooter
from ..widgets.timeline import ColumnTitle, Timeline
from .board_cards import CardActions
from .board_filter import Columns, FilterBox, FilterCount

if TYPE_CHECKING:
    from ..core.contact_rows import Card

COLUMN_MIN_WIDTH = 26  # a column narrower than this cannot show a card's name and org


class BoardScreen(CardActions):
    """Home: all contacts moving through the five stages."""

    BINDINGS = [
        Binding("left,h", "column(-1)", "Prev column", show=False, id="board.left"),
        Binding("right,l", "column(1)", "Next column", show=False, id="board.right"),
        Binding("up,k", "cursor(-1)", "Up", show=False, id="board.up"),
        Binding("down,j", "cursor(1)", "Down", show=False, id="board.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="board.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="board.page_down"),
        Binding("home", "jump(0)", "First card", show=False, id="board.home"),
        Binding("end", "jump(-1)", "Last card", show=False, id="board.end"),
        Binding("shift+right,L", "move(1)", "Move ▶", id="board.move_next"),
        Binding("shift+left,H", "move(-1)", "◀ Move", id="board.move_prev"),
        Binding("shift+up,K", "reorder(-1)", "Card up", show=False, id="board.reorder_up"),
        Binding("shift+down,J", "reorder(1)", "Card down", show=False, id="board.reorder_down"),
        Binding("enter", "open_contact", "Open", id="board.open"),
        Binding("n", "new_contact", "New", id="board.new"),
        Binding("d", "archive", "Archive", id="board.archive"),
        Binding("i", "interview", "Interview", id="board.interview"),
        Binding("slash", "filter", "Filter", id="board.filter"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="board.clear"),
        Binding("u", "undo", "Undo", id="board.undo"),
    ]

    DEFAULT_CSS = """
    BoardScreen #columns { height: 1fr; overflow-x: auto; overflow-y: hidden; }
    BoardScreen .column { width: 1fr; border-right: tall $panel; }
    BoardScreen .column-title { height: 1; padding: 0 1; background: $panel;
                                color: $text-muted; text-style: bold; }
    BoardScreen .column-title.-current { background: $primary 40%; color: $foreground; }
    BoardScreen .column.-off { display: none; }
    BoardScreen #offscreen { height: 1; padding: 0 1; color: $text-muted; display: none; }
    BoardScreen.-narrow #offscreen { display: block; }
    BoardScreen #filter { dock: bottom; display: none; }
    BoardScreen #filter.shown { display: block; }
    BoardScreen #filter-count { height: 1; padding: 0 1; color: $text-muted; display: none; }
    BoardScreen #filter-count.shown { display: block; }
    """

    def __init__(self) -> None:
        super().__init__()
        self._window_start = FIRST_STAGE  # the first column shown when not all fit

    def compose(self) -> ComposeResult:
        yield Header()
        yield Timeline(id="timeline")
        yield Static("", id="offscreen")
        with Columns(id="columns"):
            for s in STAGES:
                with Vertical(classes="column", id=f"col-{s.number}"):
                    yield ColumnTitle(
                        s.number, s.label, classes="column-title", id=f"title-{s.number}"
                    )
                    yield CardColumn(
                        s.number, self._fetcher(s.number), self.local_now, id=f"cards-{s.number}"
                    )
        yield FilterCount(id="filter-count")  # under the columns, over the docked box
        yield FilterBox(placeholder="Filter by name, organization, title or tag", id="filter")
        yield KeyFooter()

    def _fetcher(self, stage: int):  # noqa: ANN202 - a closure handed down to the column
        def fetch(offset: int, limit: int) -> list[Card]:
            # The last pages are read from the end, when the column knows where that is.
            column = self.column(stage)
            total = None if column.capped else column.total
            return self.store.board_cards(stage, offset, limit, self.text_filter, total)

        return fetch

    def on_mount(self) -> None:
        self.query_one(Columns).focus()
        self._first_read()

    def on_resize(self) -> None:
        if self.is_mounted:
            self._fit_columns()

    def _fit_columns(self) -> None:
        """Below five readable columns' worth of room, show a window of whole columns
        holding the current one, and say which columns are off screen (← → reach them)."""
        fit = max(1, min(LAST_STAGE, self.size.width // COLUMN_MIN_WIDTH))
        narrow = fit < LAST_STAGE
        self.set_class(narrow, "-narrow")
        start = self._window_start
        if self.stage < start:
            start = self.stage
        elif self.stage >= start + fit:
            start = self.stage - fit + 1
        start = max(FIRST_STAGE, min(start, LAST_STAGE - fit + 1))
        self._window_start = start
        shown = range(start, start + fit)
        for s in STAGES:
            self.query_one(f"#col-{s.number}").set_class(s.number not in shown, "-off")
        left = [f"{s.number} {s.label}" for s in STAGES if s.number < start]
        right = [f"{s.number} {s.label}" for s in STAGES if s.number >= start + fit]
        parts = []
        if left:
            parts.append("◀ " + ", ".join(left) + " (←)")
        if right:
            parts.append("(→) " + ", ".join(right) + " ▶")
        text = "   ·   ".join(parts)
        self.query_one("#offscreen", Static).update(
            Content(f"Off screen: {text}" if narrow and parts else "")
        )

    # -- the current column --------------------------------------------------------

    def set_stage(self, stage: int) -> None:
        """Make `stage` the current column (cursor drawn there, keys act there)."""
        if stage != self.stage:
            self.current.active = False
            self.query_one(f"#title-{self.stage}").remove_class("-current")
        self.stage = stage
        self.query_one(f"#title-{stage}").add_class("-current")
        column = self.current
        column.active = True
        timeline = self.query_one(Timeline)
        timeline.update(timeline.counts, stage)
        self._fit_columns()
        self._bindings_may_have_changed()

    def _bindings_may_have_changed(self) -> None:
        # Repaint the footer only when what the keys can do has changed.
        state = tuple(
            self.check_action(a, p)
            for a, p in (("move", (1,)), ("move", (-1,)), ("open_contact", ()), ("undo", ()))
        )
        if state != getattr(self, "_binding_state", None):
            self._binding_state = state
            self.refresh_bindings()

    @on(CardColumn.Selected)
    def _selection_changed(self, event: CardColumn.Selected) -> None:
        if event.column is self.current:
            self._bindings_may_have_changed()

    @on(CardColumn.Clicked)
    def _clicked(self, event: CardColumn.Clicked) -> None:
        self.set_stage(event.column.stage)
        self.query_one(Columns).focus()

    # -- actions -------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.is_mounted:
            return True
        column = self.current
        card = column.selected_card
        if action == "move":
            target = column.stage + int(parameters[0])  # type: ignore[call-overload]
            return card is not None and FIRST_STAGE <= target <= LAST_STAGE
        if action == "reorder":
            delta = int(parameters[0])  # type: ignore[call-overload]
            return card is not None and 0 <= column.selected + delta < column.total
        if action in ("open_contact", "archive", "interview"):
            return card is not None
        if action == "undo":
            return bool(self.undo_stack)
        if action == "clear_filter":
            return bool(self.text_filter) or self.query_one("#filter").has_class("shown")
        if action == "column":
            delta = int(parameters[0])  # type: ignore[call-overload]
            return FIRST_STAGE <= column.stage + delta <= LAST_STAGE
        return True

    def why_not(self, action: str, parameters: tuple[object, ...]) -> str | None:
        column = self.current
        card = column.selected_card
        if action == "undo":
            return "Nothing to undo: no card moved or archived in this window yet."
        if action in ("move", "open_contact", "archive", "interview", "reorder") and card is None:
            return "No card here: this column is empty (n adds a contact)."
        if action == "move":
            edge = "first" if int(parameters[0]) < 0 else "last"  # type: ignore[call-overload]
            return f"{card.name if card else 'This card'} is already at the {edge} stage."
        if action == "reorder":
            edge = "top" if int(parameters[0]) < 0 else "bottom"  # type: ignore[call-overload]
            return f"Already at the {edge} of the column."
        if action == "column":
            edge = "first" if int(parameters[0]) < 0 else "last"  # type: ignore[call-overload]
            return f"This is the {edge} column."
        return None

    def action_column(self, delta: int) -> None:
        target = self.stage + delta
        if FIRST_STAGE <= target <= LAST_STAGE:
            self.set_stage(target)

    def action_cursor(self, delta: int) -> None:
        self.current.cursor(delta)

    def action_page(self, direction: int) -> None:
        self.current.page(direction)

    def action_jump(self, index: int) -> None:
        self.current.jump(index)
