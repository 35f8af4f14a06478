"""Advice that closes the loop: tick what you acted on, then tell the person.

`AdviceDialog` lists one contact's action items (enter ticks or unticks); ticking one
offers `UpdateDialog`, the "update on your advice" message, which counts as a touch once
it is marked sent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static, TextArea
from textual.widgets.option_list import Option

from ..core.advice import AdviceEntry
from ..core.messages import Check, Template, check_message, mailto_url
from ..faults import FaultBarrier, on
from .form import FormScreen

if TYPE_CHECKING:
    from ..app import InfoInterviewApp


def advice_lines(items: list[AdviceEntry]) -> list[Content]:
    """Read-only lines for a side panel: ☑ done / ☐ to do (shape, not only colour)."""
    return [
        Content.assemble(
            ("  ☑ " if item.done else "  ☐ ", "$text-success" if item.done else ""),
            (item.text, "$text-muted" if item.done else ""),
            (" · update sent" if item.update_sent_at else "", "$text-muted"),
        )
        for item in items
    ]


def checklist(checks: list[Check], brief: bool = False) -> Content:
    """The message checker's verdicts, one per line: ✓ passes, ✗ needs work; `brief`
    (a small terminal) puts every pass on one line and lists only what needs work."""
    failing = [
        Content.assemble(("✗ ", "$text-error"), (c.label, "$text-warning"))
        for c in checks
        if not c.ok
    ]
    if brief:
        passed = sum(c.ok for c in checks)
        summary = f"{passed} of {len(checks)} checks pass" + ("; needs work:" if failing else "")
        return Content("\n").join([Content.assemble(("✓ ", "$text-success"), summary), *failing])
    return Content("\n").join(
        Content.assemble(("✓ ", "$text-success"), c.label)
        if c.ok
        else Content.assemble(("✗ ", "$text-error"), (c.label, "$text-warning"))
        for c in checks
    )


class _Modal(FaultBarrier, ModalScreen[bool]):
    @property
    def iapp(self) -> InfoInterviewApp:
        return cast("InfoInterviewApp", self.app)


class AdviceDialog(_Modal):
    """One contact's advice as action items; enter ticks, escape closes."""

    BINDINGS = [Binding("escape", "dismiss(True)", "Cancel", id="dialog.cancel")]
    DEFAULT_CSS = """
    AdviceDialog .dialog { width: 90; height: auto; }
    AdviceDialog OptionList { height: auto; max-height: 16; }
    """

    def __init__(self, contact_id: int, name: str) -> None:
        super().__init__()
        self.contact_id = contact_id
        self.name_ = name
        self.items: list[AdviceEntry] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                Content.from_markup("Advice from $name: what you did with it", name=self.name_),
                classes="screen-title",
            )
            yield OptionList(id="items")
            yield Static("enter ticks what you acted on · escape closes", classes="hint")

    def on_mount(self) -> None:
        self.reload()
        self.query_one(OptionList).focus()

    def reload(self, keep: int | None = None) -> None:
        self.items = self.iapp.store.advice_items(self.contact_id)
        listing = self.query_one(OptionList)
        listing.set_options(
            [
                Option(line, id=f"a{item.id}")
                for item, line in zip(self.items, advice_lines(self.items), strict=True)
            ]
            or [
                Option(
                    Content("No advice captured yet: it comes from the interview's Advice box."),
                    disabled=True,
                )
            ]
        )
        if keep is not None:
            listing.highlighted = keep

    @on(OptionList.OptionSelected, "#items")
    def _toggle(self, event: OptionList.OptionSelected) -> None:
        index = event.option_index
        item = self.items[index]
        entry = self.iapp.store.intents.set_advice_done(item.id, not item.done)
        self.reload(keep=index)
        if entry.done and entry.update_sent_at is None:
            self.app.push_screen(self.update_form(entry), lambda _sent: self.reload(keep=index))

    def update_form(self, entry: AdviceEntry) -> UpdateDialog:
        """The update message for `entry`, logged as sent through the advice intent."""
        store = self.iapp.store
        draft = store.draft_message(entry.contact_id, "advice-update", action=entry.text)
        email = store.message_context(entry.contact_id)["email"]

        def sent(update: AdviceUpdate) -> bool:
            store.intents.advice_update_sent(entry.id, update.message)
            self.notify("Update logged as a touch; the stay-in-touch date starts from today.")
            return True

        return UpdateDialog(entry.contact, draft, email, sent)


@dataclass(frozen=True)
class AdviceUpdate:
    message: str  # as sent


class UpdateDialog(FormScreen[AdviceUpdate]):
    """The "update on your advice" message: ctrl+o opens it in the mail client, ctrl+s
    hands it to the caller's `save` to log as sent."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Not now", id="dialog.cancel"),
        Binding("ctrl+s", "submit", "Mark as sent", id="update.sent"),
        Binding("ctrl+o", "mail", "Mail it", id="update.mail"),
    ]
    DEFAULT_CSS = "UpdateDialog .dialog { width: 90; } UpdateDialog TextArea { height: 10; }"
    HINT = "ctrl+o mails it · ctrl+s marks it sent · escape: not now"

    def __init__(
        self,
        contact: str,
        draft: Template,
        email: str,
        save: Callable[[AdviceUpdate], Any] | None = None,
    ) -> None:
        heading = Content.from_markup("Tell $name what you did?", name=contact)
        super().__init__(heading, save=save)
        self.draft = draft
        self.email = email

    def compose_fields(self) -> ComposeResult:
        yield TextArea(self.draft.body, id="f-message", soft_wrap=True)
        yield Static("", classes="error", id="e-message")
        yield Static("", id="checks")

    def on_mount(self) -> None:
        self._check()
        super().on_mount()

    @on(TextArea.Changed)
    def _check(self) -> None:
        checks = check_message(self.query_one(TextArea).text, "advice-update")
        self.query_one("#checks", Static).update(checklist(checks))

    def action_mail(self) -> None:
        body = self.query_one(TextArea).text
        self.app.open_url(mailto_url(self.email, self.draft.subject, body))

    def validate(self, values: dict[str, Any]) -> AdviceUpdate:
        return AdviceUpdate(values["message"])
