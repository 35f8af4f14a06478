"""The board's filter (`/`): the input echoes each key at once; the search waits for a
pause in typing and runs on a worker through the search index, so a key never waits
for SQL. `BoardScreen` derives from `FilteredBoard`."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual import work
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Input
from textual.worker import get_current_worker

from ..core.stages import FIRST_STAGE, LAST_STAGE, STAGES
from ..faults import FaultBarrier, on
from .base import StoreScreen

if TYPE_CHECKING:
    from ..core.contact_rows import Card
    from ..widgets.card_column import CardColumn


class Columns(FaultBarrier, Horizontal, can_focus=True):
    """The five columns; holds the focus while the board's keys pick the column."""


class FilteredBoard(StoreScreen):
    """The filter half of the board: what is typed, the pending search, the results."""

    FILTER_DELAY = 0.12  # seconds of pause in typing before the filter searches

    text_filter: str
    _filter_timer: Timer | None
    stage: int

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

    def action_clear_filter(self) -> None:
        if self._filter_timer is not None:
            self._filter_timer.stop()
        box = self.query_one("#filter", Input)
        box.value = ""
        box.remove_class("shown")
        self.text_filter = ""
        self.refresh_board(badges=False)  # (a filter changes which cards, not badges)
        self.query_one(Columns).focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        # The input echoes the key at once; the search waits for a pause in typing and
        # runs off the event loop, so a key never waits for SQL.
        if self._filter_timer is not None:
            self._filter_timer.stop()
        text = event.value.strip()
        if text == self.text_filter:
            return
        self._filter_timer = self.set_timer(self.FILTER_DELAY, partial(self._search, text))

    @work(thread=True, exclusive=True, group="board-filter", exit_on_error=False)
    def _search(self, text: str) -> None:
        """Counts and each column's first page for `text`; a newer search cancels it."""
        worker = get_current_worker()
        counts, pages = self.store.contacts.filtered(text, cancelled=lambda: worker.is_cancelled)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show_found, text, counts, pages)

    def _show_found(self, text: str, counts: dict[int, int], pages: dict[int, list[Card]]) -> None:
        box = self.query_one("#filter", Input)
        if text != box.value.strip() or not box.has_class("shown"):
            return  # typed on (or cleared) since: a newer search is coming
        self.text_filter = text
        first = dict.fromkeys(range(FIRST_STAGE, LAST_STAGE + 1), 0)
        self.refresh_board(first, found=(counts, pages), badges=False)

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        text = self.query_one("#filter", Input).value.strip()
        if text != self.text_filter:  # enter came before the search: search now
            if self._filter_timer is not None:
                self._filter_timer.stop()
            self.workers.cancel_group(self, "board-filter")
            self.text_filter = text
            first = dict.fromkeys(range(FIRST_STAGE, LAST_STAGE + 1), 0)
            counts = self.refresh_board(first, badges=False)
        else:
            counts = {s.number: self.column(s.number).total for s in STAGES}
        if not counts[self.stage]:
            self.set_stage(next((s for s in counts if counts[s]), self.stage))
        self.query_one(Columns).focus()
