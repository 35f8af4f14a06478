"""The board's filter (`/`): the input echoes each key at once; the search runs on a
worker through the search index, so a key never waits for SQL. One search at a time:
a key typed while one runs cancels it (it stops at its next step) and the text typed by
then is searched as soon as it ends, so results follow each pause in typing with no
fixed delay, and fast typing never piles searches up. `BoardScreen` derives from
`FilteredBoard`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.containers import Horizontal
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input
from textual.worker import Worker, get_current_worker

from ..core.contact_rows import MoreThan, count_text, total_of
from ..core.stages import FIRST_STAGE, LAST_STAGE, PAGE_SIZE, STAGES
from ..core.text import terminal_safe
from ..faults import FaultBarrier, on
from ..widgets.card_column import CardColumn
from ..widgets.lines import draw_ahead
from ..widgets.timeline import ColumnTitle, OneLine, Parts, Timeline
from .base import StoreScreen

if TYPE_CHECKING:
    from ..core.contact_rows import Card


FILTER_HINT = "Matches show as you type: names, organizations, titles, tags (esc closes)"


class Columns(FaultBarrier, Horizontal, can_focus=True):
    """The five columns; holds the focus while the board's keys pick the column."""


class FilterBox(FaultBarrier, Input):
    """The filter's box: its size is fixed, so the text growing (its virtual size) needs
    no layout of the screen, which Textual's Input asks for at each key: ~1.5 ms of
    each echo's frame, and the search starts after that frame."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)


class FilterCount(OneLine):
    """The line over the filter box: how many cards match what is typed
    (`FilteredBoard.show_filter_count`)."""

    COMPONENT_CLASSES = {"filter-count--text"}
    DEFAULT_CSS = "FilterCount > .filter-count--text { color: $text-muted; text-style: bold; }"

    def __init__(self, **kw: object) -> None:
        super().__init__(**kw)
        self._said: Parts = ()

    def say(self, parts: Parts) -> None:
        if parts != self._said:
            self._said = parts
            self.refresh()

    def parts(self) -> Parts:
        return self._said


class FilteredBoard(StoreScreen):
    """The filter half of the board: what is typed, the pending search, the results."""

    text_filter: str
    stage: int
    _searching: str | None = None  # the text a search worker is reading now
    _search_worker: Worker[None] | None = None  # the worker reading it
    _search_began: Worker[None] | None = None  # the last worker whose thread began
    _launching = False  # a search waits for the next paint (`_start_search`)

    if TYPE_CHECKING:  # the board's own, which the filter drives

        def refresh_board(
            self,
            select: dict[int, int] | None = None,
            stages: tuple[int, ...] | None = None,
            found: tuple[dict[int, int], dict[int, list[Card]]] | None = None,
            badges: bool = True,
        ) -> dict[int, int]: ...

        def column(self, stage: int) -> CardColumn: ...

        def set_stage(self, stage: int) -> None: ...

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.add_class("shown")
        box.focus()
        self.show_filter_count({})

    def show_filter_count(self, counts: dict[int, int]) -> None:
        """The line over the filter box: how many cards the filter shown matches (a
        column over the filter's cap adds "more than" to the total: "2,300+"). It comes
        and goes with the box, not with the first key and the last: a line appearing
        lays the whole board out again, ~25 ms of the event loop a key would wait for."""
        line = self.query_one(FilterCount)
        line.set_class(
            bool(self.text_filter) or self.query_one("#filter").has_class("shown"), "shown"
        )
        if not self.text_filter:
            line.say(((FILTER_HINT, ""),))
        else:
            total = total_of(counts)
            if not total:
                what = "No card matches"
            elif total == 1 and not isinstance(total, MoreThan):
                what = "1 card matches"
            else:
                what = f"{count_text(total)} cards match"
            text = terminal_safe(self.text_filter)
            # (one line, always: no layout pass, only the line is drawn again)
            line.say(((f"{what} “", ""), (text, "filter-count--text"), ("” (esc clears)", "")))

    def action_clear_filter(self) -> None:
        self.workers.cancel_group(self, "board-filter")
        box = self.query_one("#filter", Input)
        box.value = ""
        box.remove_class("shown")
        self.text_filter = ""
        self.refresh_board(badges=False)  # (a filter changes which cards, not badges)
        self.query_one(Columns).focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        # The input echoes the key at once; the search runs off the event loop.
        text = event.value.strip()
        if self._searching is not None:
            # One at a time: the running search stops at its next step, and what is
            # typed by then is searched when it ends (`_searched`).
            if text != self._searching:
                if self._launching or self._search_worker is not self._search_began:
                    # Not begun yet: search the new text instead. (A worker whose thread
                    # never began would never say it ended; `exclusive` drops it.)
                    self._start_search(text)
                else:
                    self.workers.cancel_group(self, "board-filter")
            return
        if text != self.text_filter:
            self._start_search(text)

    def _start_search(self, text: str) -> None:
        """Search `text` once the screen has painted what is pending (the key's echo):
        the search's thread would otherwise take a core and the GIL from that paint
        (at 100,000 contacts the echo of a common prefix waited 10-30 ms for it). Keys
        typed before then change what it searches (`_searching`); it searches once."""
        self._searching = text
        if not self._launching:
            self._launching = True
            self.call_after_refresh(self._launch)

    def _launch(self) -> None:
        self._launching = False
        text = self._searching
        if text is None:
            return
        if text == self.text_filter or not self.query_one("#filter").has_class("shown"):
            self._searching = None  # shown already (enter came first), or cleared (esc)
            return
        # Each column's first cards, as many as the tallest shows (and one to move to):
        # the rest of the page is read when scrolled to (`PagedLines.show_items`).
        shown = max(self.column(s.number).visible_cards for s in STAGES) + 1
        self._search_worker = self._search(text, shown)

    @work(thread=True, exclusive=True, group="board-filter", exit_on_error=False)
    def _search(self, text: str, shown: int = PAGE_SIZE) -> None:
        """Counts and each column's first `shown` cards for `text`; stops early once
        cancelled."""
        worker = get_current_worker()
        self._search_began = worker  # from here its `finally` reports (`_searched`)
        found = None
        try:
            found = self.store.contacts.filtered(
                text, limit=shown, cancelled=lambda: worker.is_cancelled
            )
        finally:
            # Even when it failed: the next search must not wait for this one forever.
            failed = found is None and not worker.is_cancelled
            result = None if worker.is_cancelled else found
            self.app.call_from_thread(self._searched, text, result, failed, worker)

    def _searched(
        self,
        text: str,
        found: tuple[dict[int, int], dict[int, list[Card]]] | None,
        failed: bool = False,
        worker: Worker[None] | None = None,
    ) -> None:
        """A search ended: show it if it is still what the box says, else search what
        the box says now (not the same text again after a failure: the worker said it).
        One replaced by a newer search (its thread began as the newer one was started)
        says nothing: the newer one is running and will."""
        if worker is not None and worker is not self._search_worker:
            return
        self._searching = None
        box = self.query_one("#filter", Input)
        if not box.has_class("shown"):
            return  # cleared meanwhile
        current = box.value.strip()
        if found is not None and current == text:
            self.text_filter = text
            first = dict.fromkeys(range(FIRST_STAGE, LAST_STAGE + 1), 0)
            self.refresh_board(first, found=found, badges=False)
            # The frame comes ~16 ms after the echo's; the search took ~2-7 of them.
            changed = [self.query_one(Timeline), self.query_one(FilterCount)]
            draw_ahead([*changed, *self.query(ColumnTitle), *self.query(CardColumn)])
        elif current != self.text_filter and not (failed and current == text):
            self._start_search(current)

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        text = self.query_one("#filter", Input).value.strip()
        if text != self.text_filter:  # enter came before the search: search now
            self.workers.cancel_group(self, "board-filter")
            self.text_filter = text
            first = dict.fromkeys(range(FIRST_STAGE, LAST_STAGE + 1), 0)
            counts = self.refresh_board(first, badges=False)
        else:
            counts = {s.number: self.column(s.number).count for s in STAGES}
        if not counts[self.stage]:
            self.set_stage(next((s for s in counts if counts[s]), self.stage))
        self.query_one(Columns).focus()

    @on(CardColumn.AtCapEnd)
    def _column_at_cap_end(self, event: CardColumn.AtCapEnd) -> None:
        # Scrolled to the last known card of a "1,000+" column: count it exactly now
        # (off the event loop), so that the rest of it can be scrolled to.
        self._count_column(event.column.stage, self.text_filter)

    @work(thread=True, exclusive=True, group="column-count", exit_on_error=False)
    def _count_column(self, stage: int, text: str) -> None:
        count = self.store.contacts.column_count(stage, text)
        self.app.call_from_thread(self._column_counted, stage, text, count)

    def _column_counted(self, stage: int, text: str, count: int) -> None:
        column = self.column(stage)
        if text != self.text_filter or not column.capped:
            return  # another filter, or the board was read again meanwhile
        column.reload(count)
        self.query_one(f"#title-{stage}", ColumnTitle).show(count)
        counts = {s.number: self.column(s.number).count for s in STAGES}
        self.query_one(Timeline).update(counts, self.stage)
        self.show_filter_count(counts)
