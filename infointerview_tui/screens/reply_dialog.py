"""Log a reply: what they said (yes / not now / no) and, optionally, their words."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ..faults import FaultBarrier, on
from ..widgets.name_field import FormInput

OUTCOMES = (
    ("yes", "Yes: they will talk (moves them to Interview and opens scheduling)"),
    ("not-now", "Not now: ask again later"),
    ("no", "No: thank them and move on"),
)


class ReplyDialog(FaultBarrier, ModalScreen[tuple[str, str] | None]):
    """Returns (outcome, their words) or None when cancelled."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="dialog.cancel")]
    DEFAULT_CSS = """
    ReplyDialog OptionList { height: auto; max-height: 5; }
    ReplyDialog Input { height: 3; }
    """

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name_ = name

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                Content.from_markup("$name replied", name=self.name_), classes="screen-title"
            )
            yield Static("Their words (optional; enter goes on to the outcome)", classes="hint")
            yield FormInput(placeholder="e.g. Tuesday works, see you at the café", id="reply-text")
            yield Static("What did they say? (enter picks)", classes="hint")
            yield OptionList(*(Option(label, id=key) for key, label in OUTCOMES), id="outcome")

    def on_mount(self) -> None:
        self.query_one("#outcome", OptionList).highlighted = 0
        self.query_one("#reply-text", Input).focus()

    @on(Input.Submitted)
    def _to_outcome(self) -> None:
        self.query_one("#outcome", OptionList).focus()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        outcome = event.option.id or "yes"
        self.dismiss((outcome, self.query_one("#reply-text", Input).value))
