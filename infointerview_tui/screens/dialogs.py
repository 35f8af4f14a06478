"""Small modal dialogs: confirm; the text forms (new contact, referral, merge)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from ..core.validation import ValidationError
from ..faults import FaultBarrier, on
from .form import Field, FormScreen, V


class ConfirmDialog(FaultBarrier, ModalScreen[bool]):
    """Yes/no; enter or y confirms, escape or n cancels."""

    BINDINGS = [
        Binding("escape,n", "dismiss(False)", "Cancel", id="confirm.no"),
        Binding("y", "dismiss(True)", "Yes", show=False, id="confirm.yes"),
    ]

    def __init__(
        self, question: Content, yes_label: str = "Yes", *, safe_default: bool = False
    ) -> None:
        super().__init__()
        self.question = question
        self.yes_label = yes_label
        # When "yes" loses something, enter must not do it: focus starts on Cancel.
        self.safe_default = safe_default

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question)
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="no")
                yield Button(self.yes_label, id="yes", variant="error")

    def on_mount(self) -> None:
        self.query_one("#no" if self.safe_default else "#yes", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class FormDialog(FormScreen[V]):
    """A form of text fields described as data (FIELDS: key, label, placeholder; NAMES:
    which of them suggest stored names); `validate` makes the typed value."""

    FIELDS: tuple[tuple[str, str, str], ...] = ()  # (key, label, placeholder)
    NAMES: dict[str, str] = {}  # field key -> the kind of stored name it suggests
    HEADING = ""

    def __init__(self, save: Callable[[V], Any] | None = None) -> None:
        super().__init__(self.HEADING, save=save)

    def heading(self) -> Content:
        return Content(self.HEADING)

    def compose_fields(self) -> ComposeResult:
        for key, label, placeholder in self.FIELDS:
            kind = "name" if key in self.NAMES else "text"
            spec = Field(key, label, placeholder, kind, self.NAMES.get(key, ""))
            yield from self.field_widgets(spec)


@dataclass(frozen=True)
class NewContact:
    name: str
    organization: str
    title: str


class NewContactDialog(FormDialog[NewContact]):
    """A new contact's name, organization and title; the caller adds it at its stage."""

    NAMES = {"organization": "organization"}
    FIELDS = (
        ("name", "Name", "required"),
        ("organization", "Organization", "e.g. Northwind Software"),
        ("title", "Title", "e.g. Senior Engineer"),
    )

    def __init__(
        self, stage: int, organization: str = "", save: Callable[[NewContact], Any] | None = None
    ) -> None:
        super().__init__(save)
        self.stage = stage
        self.organization = organization

    def focus_first(self) -> None:
        if self.organization:
            self.query_one("#f-organization", Input).value = self.organization
        self.query_one("#f-name", Input).focus()

    def heading(self) -> Content:
        from ..core.stages import stage

        return Content(f"New contact in {self.stage} {stage(self.stage).label}")

    def validate(self, values: dict[str, Any]) -> NewContact:
        # A missing name is the intent's to refuse (one rule, shown next to the field).
        return NewContact(values["name"], values["organization"], values["title"])


@dataclass(frozen=True)
class Referral:
    name: str
    organization: str
    title: str
    email: str
    may_use_name: bool


class ReferralDialog(FormDialog[Referral]):
    """ctrl+r in an interview: the person they referred you to (the caller records them
    as a new stage-3 contact)."""

    NAMES = {"organization": "organization"}

    FIELDS = (
        ("name", "Name", "required"),
        ("organization", "Organization", ""),
        ("title", "Title", ""),
        ("email", "Email", ""),
        ("may_use_name", "May I use your name? (y/n)", "y or n"),
    )

    def __init__(self, from_name: str, save: Callable[[Referral], Any] | None = None) -> None:
        super().__init__(save)
        self.from_name = from_name

    def heading(self) -> Content:
        return Content.from_markup("Referral from $name", name=self.from_name)

    def validate(self, values: dict[str, Any]) -> Referral:
        answer = values["may_use_name"].strip().lower()
        if answer not in ("", "y", "yes", "n", "no"):
            raise ValidationError({"may_use_name": "answer y or n"})
        return Referral(
            values["name"],
            values["organization"],
            values["title"],
            values["email"],
            answer in ("y", "yes"),
        )


@dataclass(frozen=True)
class MergeTarget:
    name: str  # as typed: which record it names is the caller's lookup to refuse


class MergeDialog(FormDialog[MergeTarget]):
    """Pick, by name (suggested as you type), the record to merge another into."""

    FIELDS = (("into", "Merge into", "start typing a name"),)

    def __init__(
        self, kind: str, name: str, save: Callable[[MergeTarget], Any] | None = None
    ) -> None:
        super().__init__(save)
        self.NAMES = {"into": kind}
        self.kind = kind
        self.name_ = name

    def heading(self) -> Content:
        word = "organization" if self.kind == "organization" else "career field"
        return Content.from_markup(f"Merge the {word} $name into another", name=self.name_)

    def validate(self, values: dict[str, Any]) -> MergeTarget:
        name = " ".join(values["into"].split())
        if not name:
            raise ValidationError({"into": "pick an existing name (→ accepts a suggestion)"})
        return MergeTarget(name)


def write_or_confirm_replace(
    screen: object,
    write: Callable[[bool], str],
) -> None:
    """Run `write(force=False)` and notify its message; if the output file exists, ask
    "Replace …?" first and run `write(force=True)` only on yes. Errors: one line."""
    from textual.screen import Screen

    from ..core.interop.errors import InteropError
    from ..core.interop.files import OutputExists

    assert isinstance(screen, Screen)

    def run(force: bool) -> None:
        try:
            message = write(force)
        except OutputExists as exc:
            question = Content.from_markup("Replace $path?", path=str(exc.path))

            def answered(yes: bool | None) -> None:
                if yes:
                    run(True)

            screen.app.push_screen(ConfirmDialog(question, "Replace"), answered)
            return
        except InteropError as exc:
            screen.notify(str(exc), severity="error", markup=False)
            return
        screen.notify(message, markup=False, timeout=6)

    run(False)
