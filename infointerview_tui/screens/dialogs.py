"""Small modal dialogs: confirm; the text forms (new contact, referral, merge)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from ..core.validation import ValidationError
from ..faults import FaultBarrier, on
from .form import Field, FormScreen


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


class FormDialog(FormScreen[int | None]):
    """A form of text fields described as data (FIELDS: key, label, placeholder; NAMES:
    which of them suggest stored names); `save` writes through an intent."""

    FIELDS: tuple[tuple[str, str, str], ...] = ()  # (key, label, placeholder)
    NAMES: dict[str, str] = {}  # field key -> the kind of stored name it suggests
    HEADING = ""

    def __init__(self) -> None:
        super().__init__(self.HEADING)

    def heading(self) -> Content:
        return Content(self.HEADING)

    def compose_fields(self) -> ComposeResult:
        for key, label, placeholder in self.FIELDS:
            kind = "name" if key in self.NAMES else "text"
            spec = Field(key, label, placeholder, kind, self.NAMES.get(key, ""))
            yield from self.field_widgets(spec)

    def submit(self, values: dict[str, Any]) -> int | None:
        return self.save(values)

    def save(self, values: dict[str, str]) -> int | None:
        raise NotImplementedError


class NewContactDialog(FormDialog):
    NAMES = {"organization": "organization"}
    FIELDS = (
        ("name", "Name", "required"),
        ("organization", "Organization", "e.g. Northwind Software"),
        ("title", "Title", "e.g. Senior Engineer"),
    )

    def __init__(self, stage: int, organization: str = "") -> None:
        super().__init__()
        self.stage = stage
        self.organization = organization

    def focus_first(self) -> None:
        if self.organization:
            self.query_one("#f-organization", Input).value = self.organization
        self.query_one("#f-name", Input).focus()

    def heading(self) -> Content:
        from ..core.stages import stage

        return Content(f"New contact in {self.stage} {stage(self.stage).label}")

    def save(self, values: dict[str, str]) -> int | None:
        return self.iapp.store.intents.add_contact(
            values["name"],
            self.stage,
            organization=values["organization"],
            title=values["title"],
        )


class ReferralDialog(FormDialog):
    """ctrl+r in an interview: the person they referred you to, as a new stage-3 contact."""

    NAMES = {"organization": "organization"}

    FIELDS = (
        ("name", "Name", "required"),
        ("organization", "Organization", ""),
        ("title", "Title", ""),
        ("email", "Email", ""),
        ("may_use_name", "May I use your name? (y/n)", "y or n"),
    )

    def __init__(self, from_contact_id: int, from_name: str) -> None:
        super().__init__()
        self.from_contact_id = from_contact_id
        self.from_name = from_name

    def heading(self) -> Content:
        return Content.from_markup("Referral from $name", name=self.from_name)

    def save(self, values: dict[str, str]) -> int | None:
        answer = values["may_use_name"].strip().lower()
        if answer not in ("", "y", "yes", "n", "no"):
            raise ValidationError({"may_use_name": "answer y or n"})
        return self.iapp.store.intents.record_referral(
            self.from_contact_id,
            values["name"],
            organization=values["organization"],
            title=values["title"],
            email=values["email"],
            may_use_name=answer in ("y", "yes"),
        )


class MergeDialog(FormDialog):
    """Pick, by name (suggested as you type), the record to merge another into."""

    FIELDS = (("into", "Merge into", "start typing a name"),)

    def __init__(self, kind: str, name: str) -> None:
        super().__init__()
        self.NAMES = {"into": kind}
        self.kind = kind
        self.name_ = name

    def heading(self) -> Content:
        word = "organization" if self.kind == "organization" else "career field"
        return Content.from_markup(f"Merge the {word} $name into another", name=self.name_)

    def save(self, values: dict[str, str]) -> int | None:
        name = " ".join(values["into"].split())
        found = self.iapp.store.catalog.name_starting(self.kind, name)
        if not name or found is None or found.casefold() != name.casefold():
            raise ValidationError({"into": "pick an existing name (→ accepts a suggestion)"})
        record_id = self.iapp.store.catalog.id_by_name(self.kind, found)
        return record_id


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
