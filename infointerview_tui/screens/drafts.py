"""Draft text that is autosaved, and the question asked before leaving it unsaved.

Stage 3's composer and stage 5's thank-you and update drafts write through an
Autosaver: a failed write (disk full, database locked) keeps the text and retries. When
the text still is not on disk, leaving the screen asks first: stay (the default), save
(try once more, and leave if it lands) or discard.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ..core.autosave import Autosaver
from ..faults import FaultBarrier, on

FLUSH_WAIT = 2.0  # seconds a leaving screen waits for its queued text to reach the disk


class LeaveDialog(FaultBarrier, ModalScreen[str]):
    """Returns "stay", "save" or "discard"; escape and enter (the default) stay."""

    BINDINGS = [Binding("escape", "dismiss('stay')", "Stay", id="leave.stay")]

    def __init__(self, what: str, reason: str) -> None:
        super().__init__()
        self.what = what
        self.reason = reason

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                Content.from_markup(
                    "$what is NOT saved ($reason).\n\nStay (saving is retried), try to save "
                    "now and leave, or leave and discard it?",
                    what=self.what,
                    reason=self.reason,
                )
            )
            with Horizontal(classes="buttons"):
                yield Button("Stay", id="stay")
                yield Button("Save and leave", id="save", variant="primary")
                yield Button("Discard and leave", id="discard", variant="error")

    def on_mount(self) -> None:
        self.query_one("#stay", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "stay")


class DraftSaveFailed(Message):
    """An autosaved draft could not be written (posted from the autosave thread)."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class DraftSaving(FaultBarrier):
    """Mixin for a StoreScreen whose draft text is autosaved through `self.saver`."""

    DRAFT_WHAT = "Your draft"
    saver: Autosaver
    _draft_error: str | None = None

    def make_saver(self) -> Autosaver:
        return Autosaver(on_error=self._draft_failed)

    def _draft_failed(self, exc: BaseException) -> None:
        # On the autosave thread: a message, never call_from_thread (it would wait for
        # the UI thread, which may itself be waiting in flush()).
        from ..core.errors import describe

        self.post_message(DraftSaveFailed(describe(exc, self.store.path)))  # type: ignore[attr-defined]

    def on_draft_save_failed(self, message: DraftSaveFailed) -> None:
        first = self._draft_error is None
        self._draft_error = message.reason
        if first:
            self.notify(  # type: ignore[attr-defined]
                f"Could not save the draft: {message.reason}. Your text is kept and saving "
                "is retried.",
                severity="error",
                timeout=10,
                markup=False,
            )

    def unsaved_reason(self) -> str | None:
        """None when every draft typed is on disk (waiting briefly for queued ones)."""
        if self.saver.flush(timeout=FLUSH_WAIT) or not self.saver.unsaved():
            self._draft_error = None
            return None
        return self._draft_error or "the database is not answering"

    def leave(self, go: Callable[[], object]) -> None:
        """Run `go` (switching screens) now, or after asking when text is unsaved."""
        reason = self.unsaved_reason()
        if reason is None:
            go()
            return

        def answered(choice: str | None) -> None:
            if choice == "discard":
                self.saver.discard()
                self._draft_error = None
                go()
            elif choice == "save":
                still = self.unsaved_reason()
                if still is None:
                    go()
                else:
                    self.notify(  # type: ignore[attr-defined]
                        f"Still not saved ({still}); your text is kept here.",
                        severity="error",
                        markup=False,
                    )

        self.app.push_screen(LeaveDialog(self.DRAFT_WHAT, reason), answered)  # type: ignore[attr-defined]
