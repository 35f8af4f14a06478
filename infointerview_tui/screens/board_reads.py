"""The board's reads: counts, columns, timeline and everyone's badges, and when they are
read again. A return to the board, or the badges, re-read only after a write (this
window's or another's) or once a while has passed, since time alone changes what is due.
`BoardScreen` derives from `KeptBoard` (through `CardActions`)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from textual import work
from textual.widgets import Input

from ..core.contact_rows import MoreThan
from ..core.stages import FIRST_STAGE, LAST_STAGE, STAGES
from ..widgets.card_column import CardColumn
from ..widgets.timeline import ColumnTitle, Timeline
from .board_filter import Columns, FilteredBoard

if TYPE_CHECKING:
    from ..core.contact_rows import Card

# Badges read this recently, with no write since, are still right: a return to the board
# does not re-read everyone's (~100 ms of a worker at 100,000 contacts, competing with the
# next key). Kept no longer, because one turns with time alone (curmudgeon on day 14).
BADGES_KEPT = timedelta(seconds=60)
# A return to the board re-reads it only if something was written since its last read,
# or this long passed (cards show what is due: time alone changes them).
BOARD_KEPT = timedelta(seconds=60)


class KeptBoard(FilteredBoard):
    """What the board shows, read at the first paint and again only when it may differ."""

    if TYPE_CHECKING:  # the board's own (screens/board.py)

        def _bindings_may_have_changed(self) -> None: ...

    def __init__(self) -> None:
        super().__init__()
        self.text_filter = ""
        self.stage = FIRST_STAGE
        self._ready = False  # the first read done (SQLAlchemy loads on a worker first)
        # (the store's write count, when) of the last badges read: BADGES_KEPT
        self._badges_read: tuple[int, datetime] | None = None
        # (the store's write count, when) of the board's last read: BOARD_KEPT
        self._board_read: tuple[int, datetime] | None = None
        # (text, counts and first pages) of the filter's result the columns show now
        self._filter_shown: tuple[str, tuple[dict[int, int], dict[int, list[Card]]]] | None
        self._filter_shown = None

    def column(self, stage: int) -> CardColumn:
        return self.query_one(f"#cards-{stage}", CardColumn)

    @property
    def current(self) -> CardColumn:
        return self.column(self.stage)

    # -- the first read ------------------------------------------------------------

    def _first_read(self) -> None:
        """At mount: the cards now if they can be read, else once the store has loaded."""
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

    # -- reading again -------------------------------------------------------------

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
        shown, self._filter_shown = self._filter_shown, None
        for s in STAGES:
            self.query_one(f"#title-{s.number}", ColumnTitle).show(counts[s.number])
            if stages is None or s.number in stages:
                first_page = found[1].get(s.number) if found else None
                column = self.column(s.number)
                index = (select or {}).get(s.number)
                if (
                    found
                    and index in (None, column.selected)
                    and self._unchanged(shown, s.number, found)
                ):
                    continue  # the same cards, the same one selected: not drawn again
                column.reload(counts[s.number], index, first_page)
        if found and stages is None:
            self._filter_shown = (self.text_filter, found)
        self.query_one(Timeline).update(counts, self.stage)
        self.show_filter_count(counts)
        self._bindings_may_have_changed()
        if badges and self.store.loaded:  # before the ORM is in, once it is (_load)
            self._load_responsiveness()
        self._board_read = read
        return counts

    def _unchanged(
        self,
        shown: tuple[str, tuple[dict[int, int], dict[int, list[Card]]]] | None,
        stage: int,
        found: tuple[dict[int, int], dict[int, list[Card]]],
    ) -> bool:
        """The filter's new result for `stage` is what its column shows: the last result
        shown was for a text the new one narrows (its matches can only be fewer), the
        column's count is the same, exact, and so its cards are, page by page (the first
        is compared: a write in between may have changed them)."""
        if shown is None:
            return False
        # Here, not at the top: core.search imports SQLAlchemy and the models, which the
        # board's first paint must not wait for (core/quick_board.py; ~300 ms).
        from ..core import search

        text, (counts, pages) = shown
        count = found[0][stage]
        return (
            not isinstance(count, MoreThan)
            and not isinstance(counts[stage], MoreThan)
            and counts[stage] == count
            and pages.get(stage) == found[1].get(stage)
            and search.narrows(text, self.text_filter)
        )

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

    def _data_changed(self, _: None) -> None:
        self._badges_read = None  # another window wrote: its messages may be new
        self._board_read = None
        super()._data_changed(_)

    # -- the badges ----------------------------------------------------------------

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
