"""Editing a message template: subject and body, with the placeholders it can use."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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


@dataclass(frozen=True)
class TemplateText:
    """A template as typed; `reset` asks for the built-in text back instead."""

    subject: str
    body: str
    reset: bool = False


class TemplateDialog(FormScreen[TemplateText]):
    """ctrl+s saves, ctrl+r resets to the built-in text, escape cancels (both through
    the caller's `save`)."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", id="dialog.cancel"),
        Binding("ctrl+r", "reset", "Built-in text", id="template.reset"),
    ]
    DEFAULT_CSS = """
    TemplateDialog .dialog { width: 90; }
    TemplateDialog TextArea { height: 12; max-height: 40vh; }
    """
    HINT = "ctrl+s saves · ctrl+r built-in text · escape cancels"

    def __init__(
        self,
        kind: str,
        subject: str,
        body: str,
        save: Callable[[TemplateText], Any] | None = None,
    ) -> None:
        super().__init__(Content(f"Template: {KIND_LABELS[kind]}"), save=save)
        self.kind = kind
        self.subject = subject
        self.body = body

    def compose_fields(self) -> ComposeResult:
        yield from self.field_widgets(Field("subject", "Subject", value=self.subject))
        yield Label("Body", classes="form-label")
        yield TextArea(self.body, id="f-body", soft_wrap=True)
        yield Static(Content("Placeholders: " + PLACEHOLDERS), classes="hint")
        yield Static("", classes="error", id="e-body")

    def focus_first(self) -> None:
        self.query_one("#f-body", TextArea).focus()

    def validate(self, values: dict[str, Any]) -> TemplateText:
        return TemplateText(values["subject"], values["body"])

    def action_reset(self) -> None:
        values = self.values()
        self.finish(TemplateText(values["subject"], values["body"], reset=True))


def template_form(store: Any, kind: str) -> TemplateDialog:
    """The form for `kind`'s template as stored, saving (or resetting) through the
    template intents; its result is True once saved."""
    template = store.message_template(kind)

    def save(text: TemplateText) -> bool:
        if text.reset:
            store.intents.reset_template(kind)
        else:
            store.intents.save_template(kind, text.subject, text.body)
        return True

    return TemplateDialog(kind, template.subject, template.body, save)
