"""After ctrl+f: what the interview gave (AIR) and what is now scheduled."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Header, Static

from ..core.dates import format_when
from ..widgets.key_footer import KeyFooter
from .base import StoreScreen

if TYPE_CHECKING:
    from ..core.interview_rows import InterviewState


class InterviewSummary(StoreScreen):
    BINDINGS = [
        Binding("escape,enter", "close", "Done", id="summary.close"),
        Binding("ctrl+s", "markdown", "Markdown", id="summary.markdown"),
    ]

    DEFAULT_CSS = """
    InterviewSummary VerticalScroll { padding: 1 2; }
    """

    def __init__(self, state: InterviewState, thank_you_due: datetime) -> None:
        super().__init__()
        self.state = state
        self.thank_you_due = thank_you_due

    def compose(self) -> ComposeResult:
        s = self.state
        now = self.local_now()
        asked = sum(a.asked for a in s.answers)
        minutes = 0
        if s.started_at and s.ended_at:
            minutes = round((s.ended_at - s.started_at).total_seconds() / 60)
        lines = [
            Content.assemble(("Interview finished: ", "bold"), (s.contact_name, "bold")),
            Content(
                f"{asked} of {len(s.answers)} questions asked · {minutes} of "
                f"{s.planned_minutes} minutes"
            ),
            Content.assemble(
                ("Moved to stage 5, Follow-up. Thank-you note due ", ""),
                (format_when(self.thank_you_due, now), "bold $text-accent"),
            ),
            Content(""),
            Content.styled("Advice", "bold $text-primary"),
            Content(s.advice or "—"),
            Content(""),
            Content.styled("Insight", "bold $text-primary"),
            Content(s.insight or "—"),
            Content(""),
            Content.styled("Referral", "bold $text-primary"),
        ]
        lines += [Content(f"• {name}") for name in s.referrals]
        lines.append(Content(s.referral_notes or ("" if s.referrals else "—")))
        yield Header()
        with VerticalScroll():
            yield Static(Content("\n").join(lines))
        yield KeyFooter()

    def action_close(self) -> None:
        self.dismiss()

    def action_markdown(self) -> None:
        from ..core.interop.markdown import write_interview
        from .dialogs import write_or_confirm_replace

        def write(force: bool) -> str:
            path = write_interview(self.store, self.state.id, force=force)
            return f"Markdown written to {path}"

        write_or_confirm_replace(self, write)
