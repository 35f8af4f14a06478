"""Editing a message template: subject and body, with the placeholders it can use."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Label, Static, TextArea

from ..core.messages import KIND_LABELS
from .form import Field, FormScreen

PLACEHOLDERS = (
    "{first} {name} {organization} {field} {connection} {referrer} {time} {place} "
    "{me} {background} {signature} {advice} {insight} {action} {did}"
)


class TemplateDialog(FormScreen[bool]):
    """ctrl+s saves, ctrl+r resets to the built-in text, escape cancels."""

    BINDINGS = [
        Binding("escape", "dismiss(False)", "Cancel", id="dialog.cancel"),
        Binding("ctrl+r", "reset", "Built-in text", id="template.reset"),
    ]
    DEFAULT_CSS = """
    TemplateDialog .dialog { width: 90; }
    TemplateDialog TextArea { height: 12; max-height: 40vh; }
    """
    HINT = "ctrl+s saves · ctrl+r built-in text · escape cancels"

    def __init__(self, kind: str) -> None:
        super().__init__(Content(f"Template: {KIND_LABELS[kind]}"))
        self.kind = kind

    def compose_fields(self) -> ComposeResult:
        template = self.iapp.store.message_template(self.kind)
        yield from self.field_widgets(Field("subject", "Subject", value=template.subject))
        yield Label("Body", classes="form-label")
        yield TextArea(template.body, id="f-body", soft_wrap=True)
        yield Static(Content("Placeholders: " + PLACEHOLDERS), classes="hint")
        yield Static("", classes="error", id="e-body")

    def focus_first(self) -> None:
        self.query_one("#f-body", TextArea).focus()

    def submit(self, values: dict[str, Any]) -> bool:
        self.iapp.store.intents.save_template(self.kind, values["subject"], values["body"])
        return True

    def action_reset(self) -> None:
        self.iapp.store.intents.reset_template(self.kind)
        self.dismiss(True)
