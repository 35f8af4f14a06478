"""Editing a message template: subject and body, with the placeholders it can use."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static, TextArea

from ..core.messages import KIND_LABELS
from ..core.validation import ValidationError
from ..faults import FaultBarrier

if TYPE_CHECKING:
    from ..app import InfoInterviewApp

PLACEHOLDERS = (
    "{first} {name} {organization} {field} {connection} {referrer} {time} {place} "
    "{me} {background} {signature} {advice} {insight} {action} {did}"
)


class TemplateDialog(FaultBarrier, ModalScreen[bool]):
    """ctrl+s saves, ctrl+r resets to the built-in text, escape cancels."""

    BINDINGS = [
        Binding("escape", "dismiss(False)", "Cancel", id="dialog.cancel"),
        Binding("ctrl+s", "save", "Save", id="dialog.save"),
        Binding("ctrl+r", "reset", "Built-in text", id="template.reset"),
    ]
    DEFAULT_CSS = """
    TemplateDialog .dialog { width: 90; height: auto; }
    TemplateDialog TextArea { height: 12; }
    """

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind

    @property
    def iapp(self) -> InfoInterviewApp:
        return cast("InfoInterviewApp", self.app)

    def compose(self) -> ComposeResult:
        template = self.iapp.store.message_template(self.kind)
        with Vertical(classes="dialog"):
            yield Static(Content(f"Template: {KIND_LABELS[self.kind]}"), classes="screen-title")
            yield Label("Subject", classes="form-label")
            yield Input(template.subject, id="subject")
            yield TextArea(template.body, id="body", soft_wrap=True)
            yield Static(Content("Placeholders: " + PLACEHOLDERS), classes="hint")
            yield Static("", classes="error", id="error")
            yield Static("ctrl+s saves · ctrl+r built-in text · escape cancels", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#body", TextArea).focus()

    def action_save(self) -> None:
        try:
            self.iapp.store.intents.save_template(
                self.kind,
                self.query_one("#subject", Input).value,
                self.query_one("#body", TextArea).text,
            )
        except ValidationError as exc:
            self.query_one("#error", Static).update(Content(str(exc)))
            return
        self.dismiss(True)

    def action_reset(self) -> None:
        self.iapp.store.intents.reset_template(self.kind)
        self.dismiss(True)
