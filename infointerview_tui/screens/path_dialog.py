"""Ask for a file path (import or export from the command palette)."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ..faults import FaultBarrier, on


class PathDialog(FaultBarrier, ModalScreen[Path | None]):
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="dialog.cancel")]

    def __init__(self, heading: str, default: str = "", must_exist: bool = False) -> None:
        super().__init__()
        self.heading = heading
        self.default = default
        self.must_exist = must_exist

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content(self.heading), classes="screen-title")
            yield Input(self.default, placeholder="a file path", id="path")
            yield Static("", classes="error", id="error")
            yield Static("enter runs · escape cancels", classes="hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            self.query_one("#error", Static).update(Content("Enter a path."))
            return
        path = Path(text).expanduser()
        if self.must_exist and not path.exists():
            self.query_one("#error", Static).update(Content(f"{path} does not exist."))
            return
        self.dismiss(path)
