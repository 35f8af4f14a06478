"""The board: a kanban of contacts, one column per stage, driven from the keyboard."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Footer, Header, Input, Static

from ..core.board import Move
from ..core.stages import FIRST_STAGE, LAST_STAGE, STAGES
from ..widgets.card_column import CardColumn
from ..widgets.timeline import Timeline
from .base import StoreScreen


class BoardScreen(StoreScreen):
    """Home: all contacts moving through the five stages."""

    BINDINGS = [
        Binding("left,h", "column(-1)", "Prev column", show=False, id="board.left"),
        Binding("right,l", "column(1)", "Next column", show=False, id="board.right"),
        Binding("shift+right,L", "move(1)", "Move ▶", id="board.move_next"),
        Binding("shift+left,H", "move(-1)", "◀ Move", id="board.move_prev"),
        Binding("shift+up,K", "reorder(-1)", "Up", show=False, id="board.reorder_up"),
        Binding("shift+down,J", "reorder(1)", "Down", show=False, id="board.reorder_down"),
        Binding("enter", "open_contact", "Open", id="board.open"),
        Binding("n", "new_contact", "New", id="board.new"),
        Binding("d", "archive", "Archive", id="board.archive"),
        Binding("i", "interview", "Interview", id="board.interview"),
        Binding("slash", "filter", "Filter", id="board.filter"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="board.clear"),
        Binding("u", "undo", "Undo move", id="board.undo"),
    ]

    DEFAULT_CSS = """
    BoardScreen #columns { height: 1fr; overflow-x: auto; }
    BoardScreen .column { width: 1fr; min-width: 26; border-right: tall $panel; }
    BoardScreen .column-title { height: 1; padding: 0 1; background: $panel;
                                color: $text-muted; text-style: bold; }
    BoardScreen .column:focus-within .column-title { background: $primary 40%;
                                                    color: $foreground; }
    BoardScreen #filter { dock: bottom; display: none; }
    BoardScreen #filter.shown { display: block; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.text_filter = ""
        self.undo_stack: list[Move] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Timeline(id="timeline")
        with Horizontal(id="columns"):
            for s in STAGES:
                with Vertical(classes="column", id=f"col-{s.number}"):
                    yield Static("", classes="column-title", id=f"title-{s.number}")
                    yield CardColumn(
                        s.number, self._fetcher(s.number), self.local_now, id=f"cards-{s.number}"
                    )
        yield Input(placeholder="Filter by name, organization, title or tag", id="filter")
        yield Footer()

    def _fetcher(self, stage: int):  # noqa: ANN202 - a closure handed down to the column
        def fetch(offset: int, limit: int) -> list:
            return self.store.stage_cards(stage, offset, limit, self.text_filter)

        return fetch

    def on_mount(self) -> None:
        counts = self.refresh_board()
        first = next((s for s in range(FIRST_STAGE, LAST_STAGE + 1) if counts[s]), 1)
        self.column(first).focus()

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self.refresh_board()

    # -- helpers -------------------------------------------------------------------

    def column(self, stage: int) -> CardColumn:
        return self.query_one(f"#cards-{stage}", CardColumn)

    @property
    def current(self) -> CardColumn:
        focused = self.focused
        if isinstance(focused, CardColumn):
            return focused
        return getattr(self, "_last_column", None) or self.column(FIRST_STAGE)

    def refresh_board(self, select: dict[int, int] | None = None) -> dict[int, int]:
        """Re-read counts and drop cached cards; `select` maps stage -> index to select."""
        counts = self.store.stage_counts(self.text_filter)
        for s in STAGES:
            title = f"{s.number} {s.label}"
            self.query_one(f"#title-{s.number}", Static).update(
                Content.assemble((title, ""), "  ", (f"{counts[s.number]}", "$text-accent"))
            )
            self.column(s.number).reload(counts[s.number], (select or {}).get(s.number))
        self.query_one(Timeline).update(counts)
        return counts

    def _select_contact(self, contact_id: int, stage: int) -> None:
        index = self.store.card_index(contact_id, self.text_filter)
        counts = self.refresh_board({stage: index} if index is not None else None)
        if counts[stage]:
            self.column(stage).focus()

    @on(CardColumn.Selected)
    def _remember_column(self, event: CardColumn.Selected) -> None:
        self._last_column = event.column
        self.refresh_bindings()

    # -- actions -------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
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
            return FIRST_STAGE <= column.stage + int(parameters[0]) <= LAST_STAGE  # type: ignore[call-overload]
        return True

    def action_column(self, delta: int) -> None:
        target = self.current.stage + delta
        if FIRST_STAGE <= target <= LAST_STAGE:
            self.column(target).focus()

    def action_move(self, delta: int) -> None:
        card = self.current.selected_card
        if card is None:
            return
        to_stage = self.current.stage + delta
        move = self.store.move_contact(card.id, to_stage)
        self.undo_stack.append(move)
        self._select_contact(card.id, to_stage)
        self.notify(f"{card.name} → {STAGES[to_stage - 1].label}", markup=False, timeout=2)

    def action_undo(self) -> None:
        if not self.undo_stack:
            return
        move = self.undo_stack.pop()
        self.store.undo_move(move)
        self._select_contact(move.contact_id, move.from_stage)
        self.refresh_bindings()

    def action_reorder(self, delta: int) -> None:
        column = self.current
        card = column.selected_card
        if card and self.store.reorder_contact(card.id, delta):
            self.refresh_board({column.stage: column.selected + delta})

    def action_open_contact(self) -> None:
        card = self.current.selected_card
        if card:
            self.open_contact(card.id)

    def action_interview(self) -> None:
        card = self.current.selected_card
        if card:
            self.app.run_action(f"interview({card.id})")

    def action_new_contact(self) -> None:
        from .dialogs import NewContactDialog

        stage = self.current.stage

        def created(contact_id: int | None) -> None:
            if contact_id is not None:
                self._select_contact(contact_id, stage)

        self.app.push_screen(NewContactDialog(stage), created)

    def action_archive(self) -> None:
        from .dialogs import ConfirmDialog

        column = self.current
        card = column.selected_card
        if card is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.store.set_archived(card.id, True)
                self.refresh_board()
                self.notify(Content.from_markup("Archived $name", name=card.name), timeout=2)

        self.app.push_screen(
            ConfirmDialog(Content.from_markup("Archive [b]$name[/b]?", name=card.name), "Archive"),
            confirmed,
        )

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.add_class("shown")
        box.focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.value = ""
        box.remove_class("shown")
        self.text_filter = ""
        self.refresh_board()
        self.current.focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.text_filter = event.value.strip()
        self.refresh_board({s: 0 for s in range(FIRST_STAGE, LAST_STAGE + 1)})

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        counts = self.store.stage_counts(self.text_filter)
        first = next((s for s in counts if counts[s]), self.current.stage)
        self.column(first).focus()
