"""Saving the note-taking screen's text, and leaving it only once saved (or asked).

Every edit is handed to a background Autosaver within half a second; another window's
simultaneous words are merged (both kept); a failed write is kept, retried and shown
until it lands. InterviewScreen derives from this."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from textual.content import Content
from textual.message import Message
from textual.widgets import Static, TextArea

from ..core.autosave import Autosaver
from ..faults import on
from .base import StoreScreen

if TYPE_CHECKING:
    from ..core.interview_rows import Answer, InterviewState

SAVE_AFTER = 0.5  # seconds from the first unsaved keystroke to its write
TEXT_FIELDS = ("free_notes", "advice", "insight", "referral_notes")


class TextMerged(Message):
    """Another window wrote the same text meanwhile: both are kept in `text`."""

    def __init__(self, key: tuple[str, int | str], text: str) -> None:
        super().__init__()
        self.key = key
        self.text = text


class NotesSaving(StoreScreen):
    """The autosave half of the interview screen (its state is set by InterviewScreen)."""

    interview_id: int
    state: InterviewState | None
    answers: list[Answer]
    current: int
    saver: Autosaver
    _pending_save: bool
    _texts: dict[str, str]
    _save_error: str | None
    _bases: dict[tuple[str, int | str], tuple[int, str]]
    _start: Callable[[], None]  # the first note typed starts the interview
    _discard_if_untouched: Callable[[], None]  # leaving an unstarted one undoes it

    def _check_retries(self) -> None:
        if self._save_error is not None:
            self._show_save_state()

    @on(TextArea.Changed)
    def _edited(self, event: TextArea.Changed) -> None:
        # Changed also arrives (later) for text we loaded: only real edits are saved.
        area = event.text_area
        if area.id == "answer":
            if not self.answers:
                return
            answer = self.answers[self.current]
            if area.text == answer.notes:
                return
            self.answers[self.current] = replace(answer, notes=area.text)
            self.saver.put(("answer", answer.id), self._write_answer, (answer.id, area.text))
        elif area.id in TEXT_FIELDS:
            if area.text == self._texts.get(area.id):
                return
            self._texts[area.id] = area.text
            self.saver.put(("text", area.id), self._write_text, (area.id, area.text))
        else:
            return
        if self.state is not None and self.state.status == "planned":
            self._start()  # the first note typed starts the interview
        self.query_one("#status", Static).update(Content("editing…"))
        if not self._pending_save:
            self._pending_save = True
            self.set_timer(SAVE_AFTER, self._saved_soon)

    def _remember_bases(self) -> None:
        for a in self.answers:
            self._bases.setdefault(("answer", a.id), (a.version, a.notes))

    # The two writers run on the autosave thread; they only post messages back.
    def _write_answer(self, value: tuple[int, str]) -> None:
        answer_id, text = value
        key = ("answer", answer_id)
        version, base = self._bases[key]
        saved = self.store.intents.save_answer(answer_id, text, version, base)
        self._bases[key] = (saved.version, saved.text)
        if saved.merged:
            self.post_message(TextMerged(key, saved.text))

    def _write_text(self, value: tuple[str, str]) -> None:
        field, text = value
        key = ("text", field)
        version, base = self._bases[key]
        saved = self.store.intents.save_interview_text(
            self.interview_id, field, text, version, base
        )
        self._bases[key] = (saved.version, saved.text)
        if saved.merged:
            self.post_message(TextMerged(key, saved.text))

    @on(TextMerged)
    def _merged(self, event: TextMerged) -> None:
        kind, which = event.key
        if kind == "answer":
            for i, a in enumerate(self.answers):
                if a.id == which:
                    self.answers[i] = replace(a, notes=event.text)
                    if i == self.current:
                        self.query_one("#answer", TextArea).text = event.text
        else:
            self._texts[str(which)] = event.text
            self.query_one(f"#{which}", TextArea).text = event.text
        self.notify(
            "Another window wrote this text at the same time: both are kept, "
            "theirs first, then yours below a marked line.",
            severity="warning",
            timeout=8,
        )

    def _saved_soon(self) -> None:
        # The writes are already queued; this only reports that they reached the disk.
        self._pending_save = False
        self.saver.flush(timeout=0.2)
        if self.saver.unsaved() and not self.saver.failing():
            # Still writing (a slow disk, a busy machine): look again, or "editing…"
            # would stay on screen after the text reached the disk.
            self._pending_save = True
            self.set_timer(SAVE_AFTER, self._saved_soon)
        self._show_save_state()

    def _show_save_state(self) -> None:
        if self.saver.failing():
            reason = self._save_error or "cannot write"
            status = f"NOT SAVED: {reason}. Retrying; your text is kept."
            self.query_one("#status", Static).update(Content(status))
        elif self._save_error is not None and not self.saver.unsaved():
            self._save_error = None
            self.query_one("#status", Static).update(Content("saved"))
            self.notify("Your notes are saved again.", timeout=4)
        elif not self.saver.unsaved() and not self._pending_save:
            self.query_one("#status", Static).update(Content("saved"))

    class SaveFailed(Message):
        """A background write failed (its value is kept and retried)."""

        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    def _save_failed(self, exc: BaseException) -> None:
        # Called on the autosave thread; the value stays queued and is retried. A
        # message, not call_from_thread: that would block this thread while the UI
        # thread waits in flush() for it.
        from ..core.errors import describe

        self.post_message(self.SaveFailed(describe(exc, self.store.path)))

    @on(SaveFailed)
    def _report_save_failure(self, event: SaveFailed) -> None:
        reason = event.reason
        first = self._save_error is None
        self._save_error = reason
        if first:
            self.notify(
                f"Could not save: {reason}. Your text is kept and saving is retried; "
                "don't close this window.",
                severity="error",
                timeout=10,
                markup=False,
            )
        self._show_save_state()

    def flush(self) -> None:
        self.saver.flush()

    # -- leaving with everything saved ------------------------------------------

    def _leave_question(self, mark_if_notes: bool = True) -> None:
        if not self.answers:
            return
        answer = self.answers[self.current]
        if mark_if_notes and answer.notes.strip() and not answer.asked:
            self.answers[self.current] = replace(answer, asked=True)
            self.saver.put(("asked", answer.id), self._write_asked, (answer.id, True))
        self.flush()

    def _write_asked(self, value: tuple[int, bool]) -> None:
        self.store.intents.set_asked(*value)

    def action_leave(self) -> None:
        self._leave_question(mark_if_notes=True)
        if self.saver.flush(timeout=2) or not self.saver.unsaved():
            self.saver.close()
            self._discard_if_untouched()
            self.dismiss()
            return
        from .dialogs import ConfirmDialog

        def answered(leave: bool | None) -> None:
            if leave:
                self.saver.close()
                self.dismiss()

        reason = self._save_error or "the database is not answering"
        question = Content.from_markup(
            "Your latest notes are NOT saved ($reason).\n\nStay and keep retrying, or "
            "leave and lose them?",
            reason=reason,
        )
        self.app.push_screen(
            ConfirmDialog(question, "Leave and lose them", safe_default=True), answered
        )
