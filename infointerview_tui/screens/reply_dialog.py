"""Log a reply: what they said (yes / not now / no) and, optionally, their words."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..faults import on
from .form import Field, FormScreen

OUTCOMES = (
    ("yes", "Yes: they will talk (moves them to Interview and opens scheduling)"),
    ("not-now", "Not now: ask again later"),
    ("no", "No: thank them and move on"),
)


@dataclass(frozen=True)
class Reply:
    outcome: str  # "yes", "not-now" or "no"
    words: str


class ReplyDialog(FormScreen[Reply]):
    """A Reply for the caller's `save` (its intent); None when cancelled."""

    DEFAULT_CSS = """
    ReplyDialog OptionList { height: auto; max-height: 8; }
    """
    HINT = "enter picks · escape cancels"

    def __init__(self, name: str, save: Callable[[Reply], Any] | None = None) -> None:
        super().__init__(Content.from_markup("$name replied", name=name), save=save)

    def compose_fields(self) -> ComposeResult:
        yield from self.field_widgets(
            Field(
                "reply",
                "Their words (optional; enter goes on to the outcome)",
                "e.g. Tuesday works, see you at the café",
            )
        )
        yield Static("What did they say? (enter picks)", classes="form-label")
        yield OptionList(*(Option(label, id=key) for key, label in OUTCOMES), id="outcome")

    def focus_first(self) -> None:
        self.query_one("#outcome", OptionList).highlighted = 0
        self.query_one("#f-reply").focus()

    def action_submit(self) -> None:
        # enter in the text goes on to the outcome; the outcome list's enter submits.
        self.query_one("#outcome", OptionList).focus()

    def validate(self, values: dict[str, Any]) -> Reply:
        outcomes = self.query_one("#outcome", OptionList)
        index = outcomes.highlighted or 0
        return Reply(outcomes.get_option_at_index(index).id or "yes", str(values["reply"]))

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.finish(Reply(event.option.id or "yes", str(self.values()["reply"])))
