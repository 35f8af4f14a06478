"""Stage 4: interviews (upcoming first); schedule with typed dates; prepare questions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Input, Label, SelectionList, Static
from textual.widgets.selection_list import Selection

from ..core import paging
from ..core.dates import DateParseError, format_when, is_past, parse_appointment
from ..core.interview_rows import InterviewRow
from ..core.stages import CATEGORIES
from ..core.stages import stage as stage_info
from ..faults import on
from ..widgets.line_list import Row
from ..widgets.name_field import FormInput
from .form import FormScreen
from .stage import StageScreen


class InterviewsScreen(StageScreen):
    NUMBER = 4
    EMPTY = "no one at stage 4 yet: move a card here on the board (shift+→)"
    NEEDS_RECORD = ("schedule", "prepare", "interview", "open")
    BINDINGS = [
        Binding("s", "schedule", "Schedule", id="stage4.schedule"),
        Binding("p", "prepare", "Prepare questions", id="stage4.prepare"),
        Binding("i", "interview", "Take notes", id="stage4.interview"),
        Binding("o", "open", "Open contact", id="stage4.open"),
        Binding("escape", "to_list", "Back to list", show=False, id="stage4.list"),
    ]

    DEFAULT_CSS = """
    InterviewsScreen Input { height: 3; }
    InterviewsScreen #parsed { height: auto; color: $text-muted; }
    InterviewsScreen #parsed.-error { color: $text-error; }
    """

    def compose_detail(self) -> ComposeResult:
        yield Static("", id="detail")
        yield Static(Content.styled("Schedule (s; enter saves)", "bold $text-primary"))
        yield Label("When", classes="form-label")
        yield FormInput(
            placeholder="a day and a time: tue 3pm, dec 3 10:30, 2026-12-01 14:30", id="when"
        )
        yield Static("", id="parsed")
        yield Label("Location or call link", classes="form-label")
        yield FormInput(id="location")
        yield Label("Planned minutes", classes="form-label")
        yield FormInput("30", id="minutes", type="integer")
        yield Static("", classes="error", id="schedule-error")

    def reload(self, select: object = None) -> None:
        store = self.store
        now = self.local_now()
        self.rows: dict[int, InterviewRow] = {}  # the rows of the pages read, for show()

        segments = store.interviews.pages()

        def fetch(offset: int, limit: int) -> list[Row]:
            page = paging.read_page(segments, offset, limit)
            self.rows.update((r.contact_id, r) for r in page)
            return [_line(r, now) for r in page]

        self.records.load(sum(s.count for s in segments), fetch, select)

    def show(self, key: object) -> None:
        detail = self.query_one("#detail", Static)
        row = self.rows.get(key)  # type: ignore[call-overload]
        if row is None:
            detail.update("")
            return
        now = self.local_now()
        lines = [Content.styled(row.name, "bold"), Content.styled(row.organization, "$text-muted")]
        if row.interview_id:
            planned = self.store.interviews.state(row.interview_id).answers
            lines.append(
                Content(
                    f"{len(planned)} questions planned (p to change) · "
                    f"{row.planned_minutes} minutes"
                )
            )
        detail.update(Content("\n").join(lines))
        self.query_one("#when", Input).value = (
            f"{row.scheduled_at.astimezone(now.tzinfo):%Y-%m-%d %H:%M}" if row.scheduled_at else ""
        )
        self.query_one("#location", Input).value = row.location
        self.query_one("#minutes", Input).value = str(row.planned_minutes)
        self.query_one("#schedule-error", Static).update("")
        self._preview()
        if self.focused is not None and self.focused.id in ("when", "location", "minutes"):
            # Re-laid out under the cursor (a reload): keep the field being typed in view.
            self.call_after_refresh(self.focused.scroll_visible, animate=False)

    @on(Input.Changed, "#when")
    def _preview(self) -> None:
        text = self.query_one("#when", Input).value
        parsed = self.query_one("#parsed", Static)
        if not text.strip():
            parsed.update("")
            return
        try:
            when = parse_appointment(text, self.local_now())
        except DateParseError as exc:
            parsed.set_class(True, "-error")
            parsed.update(Content(str(exc)))
            return
        past = is_past(when, self.local_now())
        parsed.set_class(past, "-error")
        note = "  (in the past: enter asks first)" if past else ""
        parsed.update(Content(f"→ {format_when(when, self.local_now())}{note}"))

    @on(Input.Submitted, "#when, #location, #minutes")
    def _save(self, _event: object = None, confirmed: bool = False) -> None:
        row = self.rows.get(self.records.selected_key)  # type: ignore[arg-type]
        if row is None:
            return
        error = self.query_one("#schedule-error", Static)
        text = self.query_one("#when", Input).value
        try:
            when = parse_appointment(text, self.local_now()) if text.strip() else None
            minutes = int(self.query_one("#minutes", Input).value or "0")
            if not 5 <= minutes <= 240:
                raise ValueError("Planned minutes: 5 to 240.")
        except (DateParseError, ValueError) as exc:
            message = (
                str(exc)
                if isinstance(exc, DateParseError) or "minutes" in str(exc)
                else "Planned minutes: a whole number from 5 to 240."
            )
            error.update(Content(f"Not saved: {message}"))
            return
        error.update("")
        if when is not None and is_past(when, self.local_now()) and not confirmed:
            from .dialogs import ConfirmDialog

            question = Content(
                f"{format_when(when, self.local_now())} is in the past. Save it anyway "
                "(an interview you are writing up afterwards)?"
            )
            self.app.push_screen(
                ConfirmDialog(question, "Save"),
                lambda yes: self._save(confirmed=True) if yes else None,
            )
            return
        self.store.intents.schedule_interview(
            row.contact_id,
            when,
            planned_minutes=minutes,
            location=self.query_one("#location", Input).value,
            interview_id=row.interview_id,
        )
        self.notify(
            f"Scheduled {row.name}"
            + (f" for {format_when(when, self.local_now())}" if when else ""),
            markup=False,
        )
        self.reload(select=row.contact_id)
        self.records.focus()

    def action_schedule(self) -> None:
        when = self.query_one("#when", Input)
        when.focus()
        # At 80x24 the form is below the fold: bring it into view, so nobody types
        # blind. `show` does it again after a reload lays the details out anew.
        self.call_after_refresh(when.scroll_visible, animate=False)

    def schedule_for(self, contact_id: int) -> None:
        """Select the contact and put the cursor in When (after a "yes" reply)."""
        self.reload(select=contact_id)
        self.show(contact_id)
        self.action_schedule()

    def action_to_list(self) -> None:
        self.records.focus()

    def action_prepare(self) -> None:
        row = self.rows.get(self.records.selected_key)  # type: ignore[arg-type]
        if row is None:
            return
        interview_id = row.interview_id or self.store.intents.schedule_interview(
            row.contact_id, None
        )
        chosen = self.store.interviews.planned_question_ids(interview_id)

        def plan(planned: PlannedQuestions) -> bool:
            self.store.intents.plan_questions(interview_id, list(planned.question_ids))
            return True

        def planned(saved: bool | None) -> None:
            if saved:
                self.reload(select=row.contact_id)

        bank = self.store.questions.bank()
        self.app.push_screen(PrepareDialog(bank, chosen, row.name, plan), planned)

    def action_interview(self) -> None:
        if (key := self.records.selected_key) is not None:
            self.start_interview(int(key))  # type: ignore[call-overload]

    def action_open(self) -> None:
        if (key := self.records.selected_key) is not None:
            self.open_contact(int(key))  # type: ignore[call-overload]

    def on_line_list_chosen(self) -> None:
        self.action_interview()


@dataclass(frozen=True)
class PlannedQuestions:
    question_ids: tuple[int, ...]  # in the bank's order


class PrepareDialog(FormScreen[PlannedQuestions]):
    """Pick the questions for an interview from the bank, by category; the caller plans
    them through its intent."""

    DEFAULT_CSS = """
    PrepareDialog .dialog { width: 110; }
    PrepareDialog SelectionList { height: auto; max-height: 50vh; }
    """
    HINT = "space ticks · ctrl+s saves · escape cancels"

    def __init__(
        self,
        questions: list,  # noqa: ANN001
        chosen: set[int],
        name: str,
        save: Callable[[PlannedQuestions], Any] | None = None,
    ) -> None:
        super().__init__(Content.from_markup("Prepare questions for $name", name=name), save=save)
        self.questions = questions
        self.chosen = chosen

    def compose_fields(self) -> ComposeResult:
        selections = []
        titles = {n: t for n, t, _ in CATEGORIES}
        for q in self.questions:
            label = Content.assemble(
                (f"{q.category}. {titles[q.category]}  ", "$text-muted"),
                ("★ " if q.favourite else ""),
                q.text,
            )
            selections.append(Selection(label, q.id, q.id in self.chosen))
        yield Static(Content(stage_info(4).guidance[1]), classes="hint")
        yield SelectionList[int](*selections, id="f-questions")

    def focus_first(self) -> None:
        self.query_one(SelectionList).focus()

    def validate(self, values: dict[str, Any]) -> PlannedQuestions:
        picked = set(self.query_one(SelectionList).selected)
        return PlannedQuestions(tuple(q.id for q in self.questions if q.id in picked))


def _line(r: InterviewRow, now: datetime) -> Row:
    """One contact's line in stage 4's list."""
    when = format_when(r.scheduled_at, now) if r.scheduled_at else "not scheduled"
    overdue = r.scheduled_at and r.scheduled_at < now and r.status == "planned"
    return Row(
        r.contact_id,
        (
            (f"{when:<22}", "error" if overdue else "accent"),
            (r.name, ""),
            (f"  {r.organization}", "muted"),
            (f"  {r.status or 'no interview yet'}", "muted"),
            (f"  {r.location}", "muted"),
        ),
    )
