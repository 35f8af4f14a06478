"""The board: a kanban of contacts, one column per stage, driven from the keyboard."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Header, Input, Static

from ..core.outcomes import Archive, Conflict, Move, UndoStack
from ..core.stages import FIRST_STAGE, LAST_STAGE, STAGES
from ..faults import on
from ..widgets.card_column import CardColumn
from ..widgets.key_footer import KeyFooter
from ..widgets.timeline import ColumnTitle, Timeline
from .board_filter import Columns, FilteredBoard

if TYPE_CHECKING:
    from ..core.contact_rows import Card

COLUMN_MIN_WIDTH = 26  # a column narrower than this cannot show a card's name and org
# Badges read this recently, with no write since, are still right: a return to the board
# does not re-read everyone's (~100 ms of a worker at 100,000 contacts, competing with the
# next key). Kept no longer, because one turns with time alone (curmudgeon on day 14).
BADGES_KEPT = timedelta(seconds=60)
# A return to the board re-reads it only if something was written since its last read,
# or this long passed (cards show what is due: time alone changes them).
BOARD_KEPT = timedelta(seconds=60)


class BoardScreen(FilteredBoard):
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
        self.text_filter = ""
        self.undo_stack = UndoStack()  # this window's own moves and archives
        self.stage = FIRST_STAGE
        self._window_start = FIRST_STAGE  # the first column shown when not all fit
        self._ready = False  # the first read done (SQLAlchemy loads on a worker first)
        # (the store's write count, when) of the last badges read: BADGES_KEPT
        self._badges_read: tuple[int, datetime] | None = None
        # (the store's write count, when) of the board's last read: BOARD_KEPT
        self._board_read: tuple[int, datetime] | None = None

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
        yield Static("", id="filter-count")  # under the columns, over the docked box
        yield Input(placeholder="Filter by name, organization, title or tag", id="filter")
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
        if self.store.loaded:
            self._fill()
        elif self.store.board_ready:
            # The cards from the SQL text the last run kept (core/quick_board.py);
            # SQLAlchemy and the models load once this frame is painted.
            self._fill()
            self.call_after_refresh(self._load, True)
        else:
            # The chrome is painted now; the cards once SQLAlchemy and the models are in.
            self._load(False)

    @work(thread=True, exclusive=True, exit_on_error=False, group="board-load")
    def _load(self, filled: bool) -> None:
        try:
            stale = self.store.load()
        except Exception as exc:
            from ..core.errors import describe

            message = describe(exc, self.store.path)
            self.app.call_from_thread(
                self.notify, message, severity="error", markup=False, timeout=10
            )
            return
        if not filled:
            self.app.call_from_thread(self._fill)
        elif stale:  # the kept SQL no longer matched the board's statements: read again
            self.app.call_from_thread(self.refresh_board)
        else:  # the badges wait for the ORM (refresh_board skipped them)
            self.app.call_from_thread(self._load_responsiveness)

    def _fill(self) -> None:
        """The first read: counts, cards, and the first column that has any."""
        self._ready = True
        counts = self.refresh_board()
        first = next((s for s in range(FIRST_STAGE, LAST_STAGE + 1) if counts[s]), FIRST_STAGE)
        self.set_stage(first)

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

    def on_screen_resume(self) -> None:
        if not self._unchanged_since_read():
            self.refresh_board()
        if not isinstance(self.focused, Input):
            self.query_one(Columns).focus()

    def _unchanged_since_read(self) -> bool:
        """Nothing was written since the board's last read (by any screen of this window;
        another window's writes clear it, `_data_changed`), and it is recent: a return
        from another screen then shows what is there, without a count of every card
        (a GROUP BY: ~10 ms at 100,000) and five pages read again on the event loop."""
        last = self._board_read
        if last is None or not self.store.loaded:
            return False
        elapsed = self.local_now() - last[1]
        return last[0] == self.store.db.writes and timedelta(0) <= elapsed < BOARD_KEPT

    # -- helpers -------------------------------------------------------------------

    def column(self, stage: int) -> CardColumn:
        return self.query_one(f"#cards-{stage}", CardColumn)

    @property
    def current(self) -> CardColumn:
        return self.column(self.stage)

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

    def refresh_board(
        self,
        select: dict[int, int] | None = None,
        stages: tuple[int, ...] | None = None,
        found: tuple[dict[int, int], dict[int, list[Card]]] | None = None,
        badges: bool = True,
    ) -> dict[int, int]:
        """Re-read counts and drop cached cards of `stages` (default all).

        `select` maps stage -> the index to select there; `found` is (counts, first page
        per stage) already read for the current filter by the search worker. Before the
        first read (the store still loading) there is nothing to show yet. `badges`:
        re-read everyone's responsiveness too (~80 ms of a worker's time at 100,000
        contacts, taken from the paint of the change itself); False after what cannot
        change it (a move, a reorder, a filter: the cards keep the badges they have).
        """
        if not self._ready:
            return dict.fromkeys(range(FIRST_STAGE, LAST_STAGE + 1), 0)
        # Taken before the read: a write meanwhile makes the next return read again.
        read = (self.store.db.writes, self.local_now())
        counts = found[0] if found else self.store.board_counts(self.text_filter)
        # An empty database: the empty board says where the method starts (stage 1).
        newcomer = not self.text_filter and not any(counts.values())
        self.column(FIRST_STAGE).empty_text = (
            "start here: press 1" if newcomer else CardColumn.empty_text
        )
        for s in STAGES:
            self.query_one(f"#title-{s.number}", ColumnTitle).show(counts[s.number])
            if stages is None or s.number in stages:
                first_page = found[1].get(s.number) if found else None
                column = self.column(s.number)
                column.reload(counts[s.number], (select or {}).get(s.number), first_page)
        self.query_one(Timeline).update(counts, self.stage)
        self.show_filter_count(counts)
        self._bindings_may_have_changed()
        if badges and self.store.loaded:  # before the ORM is in, once it is (_load)
            self._load_responsiveness()
        self._board_read = read
        return counts

    def _data_changed(self, _: None) -> None:
        self._badges_read = None  # another window wrote: its messages may be new
        self._board_read = None
        super()._data_changed(_)

    def _load_responsiveness(self) -> None:
        """Everyone's badges, read again unless nothing was written since the last read
        and it is recent (BADGES_KEPT)."""
        now, writes = self.local_now(), self.store.db.writes
        last = self._badges_read
        if last is not None and last[0] == writes and timedelta(0) <= now - last[1] < BADGES_KEPT:
            return
        # Taken before the read: a write meanwhile makes the next return read again.
        self._badges_read = (writes, now)
        self._read_responsiveness(now)

    @work(thread=True, exclusive=True, exit_on_error=False, group="responsiveness")
    def _read_responsiveness(self, now: datetime) -> None:
        # Off the event loop: the ORM and the holiday calendar load after the first paint.
        try:
            badges = self.store.responsiveness_of(None, now)
        except Exception:
            self._badges_read = None  # not read: the next return tries again
            raise
        clean = {cid: kind for cid, kind in badges.items() if kind}
        self.app.call_from_thread(self._show_responsiveness, clean)

    def _show_responsiveness(self, badges: dict[int, str]) -> None:
        for s in STAGES:
            self.column(s.number).set_badges(badges)

    def _select_contact(
        self, contact_id: int, stage: int, stages: tuple[int, ...] | None = None
    ) -> None:
        # A move, an undo, a new contact: nobody's messages changed, nor their badges.
        index = self.store.contacts.card_index(contact_id, self.text_filter)
        select = {stage: index} if index is not None else None
        self.refresh_board(select, stages, badges=False)
        self.set_stage(stage)

    def _show_move(self, move: Move) -> None:
        """After this window moved a card: one card less in the column it left and one
        more where it went, so the counts need no re-count (a GROUP BY over every card:
        9 ms at 100,000). Another window's change meanwhile reaches the watcher, which
        re-reads everything. With a filter, the re-count says whether the card matches."""
        stages = (move.from_stage, move.to_stage)
        if self.text_filter:
            self._select_contact(move.contact_id, move.to_stage, stages)
            return
        counts = {s.number: self.column(s.number).total for s in STAGES}
        counts[move.from_stage] -= 1
        counts[move.to_stage] += 1
        index = self.store.contacts.card_index(move.contact_id)
        select = {move.to_stage: index} if index is not None else None
        self.refresh_board(select, stages, found=(counts, {}), badges=False)
        self.set_stage(move.to_stage)

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

    def action_move(self, delta: int) -> None:
        card = self.current.selected_card
        to_stage = self.stage + delta
        if card is None or not FIRST_STAGE <= to_stage <= LAST_STAGE:
            return
        try:
            move = self.store.intents.move_card(card.id, self.stage, to_stage)
        except Conflict as exc:
            self._stale(exc)
            return
        self.undo_stack.push(move)
        self._show_move(move)

    def _stale(self, exc: Conflict) -> None:
        """The board showed an old state: say so and show the current one."""
        self.notify(str(exc), severity="warning", markup=False, timeout=5)
        self.reload()

    def reload(self) -> None:
        """Re-read everything shown; each column keeps its selected card where it still is."""
        kept: dict[int, tuple[int, int]] = {}  # stage -> (contact id, index)
        for s in STAGES:
            column = self.column(s.number)
            card = column.selected_card
            if card is not None:
                kept[s.number] = (card.id, column.selected)
        select: dict[int, int] = {}
        for stage, (contact_id, index) in kept.items():
            # card_index is None once the contact is archived (or filtered out).
            where = self.store.contacts.card_index(contact_id, self.text_filter)
            if where is not None and self.store.contacts.state(contact_id).stage == stage:
                select[stage] = where
            else:
                select[stage] = index  # it left this column: stay at the same place
        self.refresh_board(select)

    def action_undo(self) -> None:
        try:
            done = self.store.intents.undo_last(self.undo_stack)
        except Conflict as exc:
            self._stale(exc)
            return
        if done is None:
            return
        if isinstance(done, Move):
            self._show_move(done)
        else:
            self._select_contact(done.contact_id, done.stage)
            verb = "Restored" if not done.archived else "Archived"
            self.notify(f"{verb} {done.name}", markup=False, timeout=2)

    def action_reorder(self, delta: int) -> None:
        column = self.current
        card = column.selected_card
        if card is None:
            return
        try:
            moved = self.store.intents.reorder_card(card.id, column.stage, delta)
        except Conflict as exc:
            self._stale(exc)
            return
        if moved:
            select = {column.stage: column.selected + delta}
            self.refresh_board(select, (column.stage,), badges=False)

    def action_open_contact(self) -> None:
        card = self.current.selected_card
        if card:
            self.open_contact(card.id)

    def action_interview(self) -> None:
        card = self.current.selected_card
        if card:
            self.start_interview(card.id)

    def action_new_contact(self) -> None:
        from .dialogs import NewContact, NewContactDialog

        stage = self.stage

        def add(new: NewContact) -> int:
            return self.store.intents.add_contact(
                new.name, stage, organization=new.organization, title=new.title
            )

        def created(contact_id: int | None) -> None:
            if contact_id is not None:
                self._select_contact(contact_id, stage)

        self.app.push_screen(NewContactDialog(stage, save=add), created)

    def action_archive(self) -> None:
        from .dialogs import ConfirmDialog

        card = self.current.selected_card
        if card is None:
            return

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            try:
                archived: Archive = self.store.intents.archive(card.id)
            except Conflict as exc:
                self._stale(exc)
                return
            self.undo_stack.push(archived)
            self.refresh_board()
            self.notify(f"Archived {card.name} (u undoes)", markup=False, timeout=2)

        self.app.push_screen(
            ConfirmDialog(Content.from_markup("Archive [b]$name[/b]?", name=card.name), "Archive"),
            confirmed,
        )
