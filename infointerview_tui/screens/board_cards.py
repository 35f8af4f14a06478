"""What the board's keys do to cards: move, reorder, archive, add, open, interview, and
undo this window's moves and archives. Each is one intent (core/intents.py) and then as
little read again as shows its result; a conflict (another window changed the card
first) says so and shows the board as it is. `BoardScreen` derives from `CardActions`."""

from __future__ import annotations

from textual.content import Content

from ..core.outcomes import Archive, Conflict, Move, UndoStack
from ..core.stages import FIRST_STAGE, LAST_STAGE, STAGES
from .board_reads import KeptBoard


class CardActions(KeptBoard):
    """The card actions of the board, and its undo stack."""

    def __init__(self) -> None:
        super().__init__()
        self.undo_stack = UndoStack()  # this window's own moves and archives

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

    # -- showing the result ----------------------------------------------------------

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

    def _stale(self, exc: Conflict) -> None:
        """The board showed an old state: say so and show the current one."""
        self.notify(str(exc), severity="warning", markup=False, timeout=5)
        self.reload()
