"""Add or edit a question: category, text, AIR tag, favourite."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Select, Static

from ..core.stages import AIR_TAGS, CATEGORIES
from ..faults import FaultBarrier, on
from ..widgets.name_field import FormInput
from ..widgets.tick_box import TickBox

Result = tuple[int, str, str, bool]


class QuestionDialog(FaultBarrier, ModalScreen[Result | None]):
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="dialog.cancel")]

    def __init__(
        self,
        heading: str,
        *,
        category: int = 1,
        text: str = "",
        air: str = "",
        favourite: bool = False,
        ask_air: bool = True,
    ) -> None:
        super().__init__()
        self.heading = heading
        self.initial = (category, text, air, favourite)
        self.ask_air = ask_air

    def compose(self) -> ComposeResult:
        category, text, air, favourite = self.initial
        with Vertical(classes="dialog"):
            yield Static(Content(self.heading), classes="screen-title")
            yield Label("Category", classes="form-label")
            yield Select(
                [(f"{n}. {t}", n) for n, t, _ in CATEGORIES],
                value=category,
                allow_blank=False,
                id="category",
            )
            yield Label("Question", classes="form-label")
            yield FormInput(text, id="text", placeholder="What would you like to ask?")
            yield Static("", classes="error", id="error")
            if self.ask_air:
                yield Label("AIR tag", classes="form-label")
                yield Select(
                    [("none", "")] + [(v, k) for k, v in AIR_TAGS.items()],
                    value=air,
                    allow_blank=False,
                    id="air",
                )
                yield TickBox("Favourite (planned by default)", favourite, id="favourite")
            yield Static("enter saves · escape cancels", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#text", Input).focus()

    @on(Input.Submitted)
    def _save(self) -> None:
        text = self.query_one("#text", Input).value.strip()
        if not text:
            self.query_one("#error", Static).update(Content("A question needs some text."))
            return
        category = self.query_one("#category", Select).value
        air, favourite = "", False
        if self.ask_air:
            air = str(self.query_one("#air", Select).value)
            favourite = self.query_one("#favourite", Checkbox).value
        self.dismiss((int(category), text, air, favourite))  # type: ignore[arg-type]
