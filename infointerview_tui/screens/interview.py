"""The note-taking screen, open *during* the conversation: type at once, lose nothing.

Every edit is handed to a background Autosaver within half a second (throttled, not
debounced, so steady typing is still saved), and flushed at once on switching question
or leaving. Saving never blocks a keystroke.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Header, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from ..core.autosave import Autosaver
from ..core.dates import format_when
from ..core.stages import AIR_TAGS, CATEGORIES
from ..core.tiara import TIARA_SHORT
from ..faults import on
from ..widgets.key_footer import KeyFooter
from ..widgets.text_box import TextBox
from .interview_saving import TEXT_FIELDS, NotesSaving

if TYPE_CHECKING:
    from ..core.interview_rows import Answer, InterviewState


class InterviewScreen(NotesSaving):
    """One contact's interview: questions, notes, AIR, timer."""

    BINDINGS = [
        Binding("ctrl+down,alt+down", "question(1)", "Next Q", id="interview.next_question"),
        Binding("ctrl+up,alt+up", "question(-1)", "Prev Q", id="interview.previous_question"),
        Binding("ctrl+t", "tick", "Asked ✓", id="interview.tick"),
        Binding("ctrl+n", "add_question", "Add Q", id="interview.add"),
        Binding("ctrl+r", "referral", "Referral", id="interview.referral"),
        Binding("ctrl+f", "finish", "Finish", id="interview.finish"),
        Binding("ctrl+s", "markdown", "Markdown", id="interview.markdown"),
        Binding("ctrl+g", "start", "Start", id="interview.start"),
        Binding("escape", "leave", "Leave", id="interview.leave"),
    ]

    DEFAULT_CSS = """
    InterviewScreen #top { height: 1; padding: 0 1; background: $panel; }
    InterviewScreen #who { width: 1fr; }
    InterviewScreen #coverage { width: auto; padding: 0 2; }
    InterviewScreen #timer { width: auto; color: $text-accent; text-style: bold; }
    InterviewScreen #timer.-over { color: $text-error; text-style: bold reverse; }
    InterviewScreen #body { height: 1fr; }
    InterviewScreen #questions { width: 44; height: 1fr; border-right: tall $panel; }
    InterviewScreen #right { width: 1fr; padding: 0 1; }
    InterviewScreen #current-q { height: auto; text-style: bold; color: $text-primary; }
    InterviewScreen #answer { height: 1fr; min-height: 6; }
    InterviewScreen #free_notes { height: 5; }
    InterviewScreen #air { height: 9; }
    InterviewScreen #air TextArea { width: 1fr; height: 1fr; }
    InterviewScreen .air-box { width: 1fr; }
    InterviewScreen Label { color: $text-muted; }
    InterviewScreen #status { height: 1; color: $text-muted; }
    /* Narrow terminals (80x24): a slimmer question list, the AIR boxes stacked under
       each other, and the right side scrolls to whichever box has the cursor. */
    InterviewScreen.-narrow #top {
        layout: grid; grid-size: 2 2; grid-columns: 1fr auto; height: 2;
    }
    InterviewScreen.-narrow #who { column-span: 2; }  /* the name keeps a line of its own */
    InterviewScreen.-narrow #coverage { padding: 0; }
    InterviewScreen.-narrow #questions { width: 26; }
    InterviewScreen.-narrow #right { overflow-y: auto; }
    InterviewScreen.-narrow #answer { height: 6; }
    InterviewScreen.-narrow #free_notes { height: 4; }
    InterviewScreen.-narrow #air { layout: vertical; height: auto; }
    InterviewScreen.-narrow #air .air-box { height: 5; width: 1fr; }
    """
    NARROW_BELOW = 110  # columns: below this the AIR boxes stack

    elapsed: reactive[int] = reactive(0)

    def __init__(self, contact_id: int, interview_id: int | None = None) -> None:
        super().__init__()
        self.contact_id = contact_id
        self.interview_id = interview_id or 0
        self.created = False  # opening made this interview: leaving it untouched undoes that
        self.state: InterviewState | None = None
        self.answers: list[Answer] = []
        self.current = 0
        self.saver = Autosaver(on_error=self._save_failed)
        self._pending_save = False
        self._texts: dict[str, str] = {}
        self._warned_finish = False  # finishing without a referral or a resource warns once
        self._save_error: str | None = None  # why the last write failed, until one works
        # Per saved text: (row version, text) as last read or written by this window;
        # a save states them so another window's words are merged, never overwritten.
        self._bases: dict[tuple[str, int | str], tuple[int, str]] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="top"):
            yield Static("", id="who")
            yield Static("", id="coverage")
            yield Static("", id="timer")
        with Horizontal(id="body"):
            yield OptionList(id="questions")
            with Vertical(id="right"):
                yield Static("", id="current-q")
                yield TextBox(id="answer", soft_wrap=True)
                yield Label("Free notes")
                yield TextBox(id="free_notes", soft_wrap=True)
                with Horizontal(id="air"):
                    for key, label in (
                        ("advice", "Advice"),
                        ("insight", "Insight"),
                        ("referral_notes", "Referral"),
                    ):
                        with Vertical(classes="air-box"):
                            yield Label(label)
                            yield TextBox(id=key, soft_wrap=True)
                yield Static("", id="status")
        yield KeyFooter()

    # -- loading -------------------------------------------------------------------

    def on_resize(self) -> None:
        self.set_class(self.size.width < self.NARROW_BELOW, "-narrow")
        self._tick_timer()  # its words fit the width

    def on_mount(self) -> None:
        if not self.interview_id:
            opened = self.store.intents.prepare_notes(self.contact_id)
            self.interview_id, self.created = opened.interview_id, opened.created
        self.state = self.store.interviews.state(self.interview_id)
        for key in TEXT_FIELDS:
            self._texts[key] = getattr(self.state, key)
            self._bases[("text", key)] = (self.state.version, self._texts[key])
            self.query_one(f"#{key}", TextArea).text = self._texts[key]
        self.answers = list(self.state.answers)
        self._remember_bases()
        s = self.state
        who = Content.assemble((s.contact_name, "bold"))
        details = " · ".join(p for p in (s.contact_title, s.organization) if p)
        if details:
            who += Content.assemble(("\u00a0·\u00a0" + details, "$text-muted"))
        self.query_one("#who", Static).update(who)
        self._draw_questions()
        self._show_question(0)
        self.query_one("#answer", TextArea).focus()
        self._tick_timer()
        self.set_interval(1.0, self._tick_timer)
        self.set_interval(1.0, self._check_retries)

    def _draw_questions(self) -> None:
        options: list[Option] = []
        for number, title, _ in CATEGORIES:
            in_cat = [(i, a) for i, a in enumerate(self.answers) if a.category == number]
            if not in_cat:
                continue
            options.append(
                Option(Content.styled(f"{number}. {title}", "bold $text-primary"), disabled=True)
            )
            for i, a in in_cat:
                mark = "✓" if a.asked else "·"
                options.append(Option(Content(f" {mark} {a.question}"), id=f"a{i}"))
        listing = self.query_one("#questions", OptionList)
        highlighted = listing.highlighted
        listing.set_options(options)
        self._show_coverage()
        if highlighted is not None:
            listing.highlighted = min(highlighted, listing.option_count - 1)

    def _show_coverage(self) -> None:
        covered = self.store.coverage(self.interview_id)
        # Asked or not shows in the text (✓ / ·), not only in the colour.
        parts: list[tuple[str, str]] = [("asked: AIR", "$text-muted")]
        marks = [(letter, letter in covered.air) for letter in AIR_TAGS]
        marks += [("TIARA", False)] + [(s[0], t in covered.tiara) for t, s in TIARA_SHORT.items()]
        for label, done in marks:
            if label == "TIARA":
                parts.append(("  TIARA", "$text-muted"))
                continue
            parts.append((f" {label}{'✓' if done else '·'}", "$text-success" if done else ""))
        self.query_one("#coverage", Static).update(Content.assemble(*parts))

    def _show_question(self, index: int) -> None:
        if not self.answers:
            self.query_one("#current-q", Static).update(
                Content("No planned questions: ctrl+n adds one.")
            )
            return
        self.current = max(0, min(index, len(self.answers) - 1))
        answer = self.answers[self.current]
        self.query_one("#answer", TextArea).text = answer.notes
        title = dict((n, t) for n, t, _ in CATEGORIES)[answer.category]
        self.query_one("#current-q", Static).update(
            Content.assemble((f"{title} · ", "$text-muted"), answer.question)
        )
        listing = self.query_one("#questions", OptionList)
        try:
            listing.highlighted = listing.get_option_index(f"a{self.current}")
        except Exception:  # OptionDoesNotExist: the list is being redrawn
            pass

    # -- the clock -----------------------------------------------------------------

    def _tick_timer(self) -> None:
        if self.state is None:
            return
        timer = self.query_one("#timer", Static)
        narrow = self.has_class("-narrow")  # the coverage beside it keeps its room
        if self.state.status == "done" and self.state.ended_at is not None:
            when = format_when(self.state.ended_at, self.local_now())
            more = " · ctrl+g: new" if narrow else " · edits are saved · ctrl+g: a new interview"
            timer.update(Content(f"done {when}{more}"))
            return
        if self.state.started_at is None:
            timer.update(
                Content(
                    "not started: type or ctrl+g"
                    if narrow
                    else "not started: the clock starts with your first note or ctrl+g"
                )
            )
            return
        now: datetime = self.store.now()
        elapsed = max(0, int((now - self.state.started_at).total_seconds()))
        if elapsed == self.elapsed:
            self.watch_elapsed(elapsed)  # same value: the reactive would not redraw
        self.elapsed = elapsed

    def watch_elapsed(self, elapsed: int) -> None:
        if self.state is None or self.state.started_at is None or self.state.status == "done":
            return
        planned = self.state.planned_minutes * 60
        timer = self.query_one("#timer", Static)
        minutes, seconds = divmod(elapsed, 60)
        text = f"{minutes:02d}:{seconds:02d} / {self.state.planned_minutes:02d}:00"
        if elapsed >= planned:
            text += (
                "  time's up" if self.has_class("-narrow") else "  time's up: respect their time"
            )
        timer.update(Content(text))
        timer.set_class(elapsed >= planned, "-over")

    # -- actions -------------------------------------------------------------------

    def action_question(self, delta: int) -> None:
        if not self.answers:
            return
        self._leave_question()
        self._show_question(self.current + delta)
        self._draw_questions()
        self.query_one("#answer", TextArea).focus()

    @on(OptionList.OptionSelected, "#questions")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id and event.option.id.startswith("a"):
            self._leave_question()
            self._show_question(int(event.option.id[1:]))
            self._draw_questions()
            self.query_one("#answer", TextArea).focus()

    def action_tick(self) -> None:
        if not self.answers:
            return
        answer = self.answers[self.current]
        self.answers[self.current] = replace(answer, asked=not answer.asked)
        self.saver.put(("asked", answer.id), self._write_asked, (answer.id, not answer.asked))
        self.flush()
        self._draw_questions()

    def action_add_question(self) -> None:
        from .question_dialog import QuestionDialog, QuestionValues

        def add(question: QuestionValues) -> int:
            self._leave_question(mark_if_notes=False)
            return self.store.intents.add_interview_question(
                self.interview_id, question.category, question.text
            )

        def added(answer_id: int | None) -> None:
            if answer_id is None:
                return
            self.answers = list(self.store.interviews.state(self.interview_id).answers)
            self._remember_bases()
            new = next(i for i, a in enumerate(self.answers) if a.id == answer_id)
            self._draw_questions()
            self._show_question(new)
            self.query_one("#answer", TextArea).focus()

        self.app.push_screen(QuestionDialog("Ad-hoc question", ask_air=False, save=add), added)

    def action_referral(self) -> None:
        from .dialogs import Referral, ReferralDialog

        def record(referral: Referral) -> int:
            return self.store.intents.record_referral(
                self.contact_id,
                referral.name,
                organization=referral.organization,
                title=referral.title,
                email=referral.email,
                may_use_name=referral.may_use_name,
            )

        def recorded(contact_id: int | None) -> None:
            if contact_id is not None:
                name = self.store.contacts.name(contact_id)
                self.notify(f"Referral saved: {name} (stage 3)", markup=False)

        assert self.state is not None
        self.app.push_screen(ReferralDialog(self.state.contact_name, record), recorded)

    def _start(self) -> None:
        from ..core.outcomes import Conflict

        try:
            self.store.intents.start_interview(self.interview_id)
        except Conflict as exc:
            self.notify(str(exc), severity="warning", markup=False)
            return
        except Exception as exc:
            from ..core.errors import describe, is_fault

            if not is_fault(exc):
                raise
            # The notes still autosave (and retry); the start is tried again on the next edit.
            self.notify(
                f"Could not start the clock: {describe(exc, self.store.path)}",
                severity="warning",
                markup=False,
            )
            return
        self.state = self.store.interviews.state(self.interview_id)
        self._tick_timer()

    def action_start(self) -> None:
        assert self.state is not None
        if self.state.status == "planned":
            self._start()
            self.notify("Interview started: the timer runs from now.", timeout=3)
            return
        if self.state.status == "in progress" and self.state.started_at is not None:
            at = format_when(self.state.started_at, self.local_now())
            self.notify(f"Already started ({at}).", timeout=3)
            return
        from .dialogs import ConfirmDialog

        def answered(yes: bool | None) -> None:
            if yes:
                from ..core.outcomes import Conflict

                try:
                    new_id = self.store.intents.new_interview(self.contact_id)
                except Conflict as exc:
                    self.notify(str(exc), severity="warning", markup=False)
                    return
                self._leave_question(mark_if_notes=False)
                self.saver.close()
                self.app.switch_screen(InterviewScreen(self.contact_id, new_id))

        assert self.state is not None
        question = Content.from_markup(
            "This interview with $name is done. Start a new one?", name=self.state.contact_name
        )
        self.app.push_screen(ConfirmDialog(question, "New interview"), answered)

    def action_finish(self) -> None:
        from .interview_summary import InterviewSummary

        if self.state is not None and self.state.status == "done":
            self.notify("This interview is already finished: esc leaves.", timeout=4)
            return
        self._leave_question()
        self.flush()
        missing = self.store.coverage(self.interview_id).missing_essentials
        if missing and not self._warned_finish:
            self._warned_finish = True
            self.notify(
                f"You have not asked for {' or '.join(missing)} yet. ctrl+f again to finish.",
                severity="warning",
                timeout=8,
            )
            return
        due = self.store.intents.finish_interview(self.interview_id)
        state = self.store.interviews.state(self.interview_id)
        self.saver.close()
        if self._warned_finish:
            # "ctrl+f again to finish" is done with: it must not linger on the next screens.
            self.app.clear_notifications()
        self.app.switch_screen(InterviewSummary(state, due))

    def action_markdown(self) -> None:
        from ..core.interop.markdown import write_interview
        from .dialogs import write_or_confirm_replace

        self.flush()

        def write(force: bool) -> str:
            path = write_interview(self.store, self.interview_id, force=force)
            return f"Markdown written to {path}"

        write_or_confirm_replace(self, write)

    def _discard_if_untouched(self) -> None:
        # Opened to prepare, never started, nothing typed: leave nothing behind.
        if self.created and self.state is not None and self.state.status == "planned":
            self.store.intents.discard_unstarted(self.interview_id)
            self.created = False

    def on_unmount(self) -> None:
        # Whatever way the screen goes (quit included), what was typed reaches the disk.
        self.saver.close()
        self._discard_if_untouched()
