"""Archived contacts: listed by name; enter opens one, r puts it back on the board."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..core.outcomes import Conflict
from ..faults import on
from ..messages import OpenContact
from .base import StoreScreen


class ArchivedScreen(StoreScreen):
    """Every archived contact (a page of 500), to open or restore."""

    BINDINGS = [
        Binding("r", "restore", "Restore to board", id="archived.restore"),
        Binding("escape", "app.pop_screen", "Back", id="archived.back"),
    ]
    DEFAULT_CSS = """
    ArchivedScreen #archived-list { height: 1fr; }
    """

    def compose(self) -> ComposeResult:
        from textual.widgets import Header

        from ..widgets.key_footer import KeyFooter

        yield Header()
        with Vertical():
            yield Static("Archived contacts", classes="screen-title")
            yield Static("enter opens · r restores to the board · escape goes back", classes="hint")
            yield OptionList(id="archived-list")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.reload()
        self.query_one(OptionList).focus()

    def reload(self) -> None:
        listing = self.query_one(OptionList)
        highlighted = listing.highlighted
        people = self.store.contacts.archived()
        listing.set_options(
            [
                Option(
                    Content.assemble(p.name, (f"  {p.organization}", "$text-muted")),
                    id=str(p.id),
                )
                for p in people
            ]
            or [
                Option(
                    Content("No archived contacts (d on the board archives one)."), disabled=True
                )
            ]
        )
        if people:
            listing.highlighted = min(highlighted or 0, len(people) - 1)

    def _selected(self) -> int | None:
        listing = self.query_one(OptionList)
        if listing.highlighted is None:
            return None
        option = listing.get_option_at_index(listing.highlighted)
        return int(option.id) if option.id else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "restore":
            return self.is_mounted and self._selected() is not None
        return True

    def why_not(self, action: str, parameters: tuple[object, ...]) -> str | None:
        return "No archived contact to restore." if action == "restore" else None

    def action_restore(self) -> None:
        contact_id = self._selected()
        if contact_id is None:
            return
        try:
            result = self.store.intents.restore(contact_id)
        except Conflict as exc:
            self.notify(str(exc), severity="warning", markup=False)
        else:
            self.notify(f"{result.name} is back on the board.", markup=False, timeout=3)
        self.reload()
        self.refresh_bindings()

    def on_screen_resume(self) -> None:
        self.reload()

    @on(OptionList.OptionSelected)
    def _open(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.post_message(OpenContact(int(event.option.id)))
