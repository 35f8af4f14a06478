"""Editing a contact's fields: validated saves, and an autosave of every edit within a
second (a killed terminal loses nothing), linked names included. ContactScreen derives
from this."""

from __future__ import annotations

from collections.abc import Callable

from textual.content import Content
from textual.widgets import Input, Static, TextArea

from ..core.outcomes import Conflict
from ..core.validation import ValidationError
from ..faults import on
from .base import StoreScreen

FIELDS = (
    ("name", "Name"),
    ("title", "Title"),
    ("organization", "Organization"),
    ("career_field", "Career field"),
    ("email", "Email"),
    ("phone", "Phone"),
    ("linkedin_url", "LinkedIn URL"),
    ("how_found", "How found"),
    ("relationship", "Relationship"),
    ("referred_by", "Referred by (a contact's name)"),
    ("tags", "Tags (comma-separated)"),
    ("stay_in_touch_months", "Stay in touch every N months"),
)
LINK_FIELDS = ("organization", "career_field", "referred_by")
TYPED_LINKS = ("organization", "career_field")  # records a typed name may create


class ContactEditing(StoreScreen):
    """The form half of the contact screen (its state is set by ContactScreen)."""

    AUTOSAVE_AFTER = 0.5  # seconds: a form edit reaches the disk like a note does
    contact_id: int
    loaded: dict[str, str]
    _edits: dict[str, str]
    _autosave_pending: bool
    _made: dict[str, int | None]
    load: Callable[[], None]

    def current_values(self) -> dict[str, str]:
        values = {key: self.query_one(f"#f-{key}", Input).value for key, _ in FIELDS}
        values["notes"] = self.query_one("#f-notes", TextArea).text
        return values

    def save(self) -> bool:
        values = self.current_values()
        changed = {k: v for k, v in values.items() if v != self.loaded.get(k)}
        if not changed:
            return True
        from ..core.errors import describe, is_fault

        try:
            self.store.intents.edit_contact(
                self.contact_id, changed, base={k: self.loaded.get(k, "") for k in changed}
            )
        except Conflict as exc:
            self.notify(str(exc), severity="warning", markup=False, timeout=8)
            # The form now starts from what is stored: saving again keeps the user's text.
            self.loaded.update(self.store.contacts.form(self.contact_id, list(changed)))
            return False
        except ValidationError as exc:
            for key, _ in FIELDS:
                error = self.query_one(f"#e-{key}", Static)
                error.update(Content(exc.errors.get(key, "")))
                error.set_class(key in exc.errors, "-shown")
            first = next((k for k, _ in FIELDS if k in exc.errors), None)
            if first:
                self.query_one(f"#f-{first}", Input).focus()
            self.notify(
                "Not saved: fix the fields marked in red (ctrl+x discards).", severity="error"
            )
            return False
        except Exception as exc:
            if not is_fault(exc):
                raise
            self.notify(describe(exc, self.store.path), severity="error", markup=False)
            return False
        for key, _ in FIELDS:
            self.query_one(f"#e-{key}", Static).update("")
            self.query_one(f"#e-{key}", Static).set_class(False, "-shown")
        self.load()
        return True

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _track(self, event: Input.Changed | TextArea.Changed) -> None:
        # Remember every edit as it happens: at unmount the widgets are already gone.
        widget = event.input if isinstance(event, Input.Changed) else event.text_area
        if widget.id and widget.id.startswith("f-"):
            value = widget.value if isinstance(widget, Input) else widget.text
            self._edits[widget.id[2:]] = value
            if not self._autosave_pending and value != self.loaded.get(widget.id[2:]):
                self._autosave_pending = True
                self.set_timer(self.AUTOSAVE_AFTER, self._autosave)

    def _autosave(self) -> None:
        """Write every valid edit so far, like notes are (a killed terminal loses at most
        the last half second). A linked name being typed is saved as typed; a record it
        creates stays provisional until you leave the field (`type_contact_link`)."""
        self._autosave_pending = False
        focused = self.focused
        typing_in = focused.id[2:] if focused is not None and focused.id else ""
        for key, value in list(self._edits.items()):
            if value == self.loaded.get(key):
                continue
            try:
                # Typing it, or just left it with a record its typing made: that
                # record is renamed or dropped, never left behind as "Clea".
                if key in TYPED_LINKS and (key == typing_in or self._made.get(key)):
                    self._made[key] = self.store.intents.type_contact_link(
                        self.contact_id,
                        key,
                        value,
                        self._made.get(key),
                        base=self.loaded.get(key, ""),
                    )
                else:
                    self.store.intents.edit_contact(
                        self.contact_id, {key: value}, base={key: self.loaded.get(key, "")}
                    )
            except (ValidationError, Conflict, LookupError):
                continue  # shown by an explicit save; the text stays in the form
            self.loaded[key] = value

    @on(Input.Blurred)
    def _left_field(self, event: Input.Blurred) -> None:
        if event.input.id and event.input.id[2:] in LINK_FIELDS:
            self._autosave()
            self._made.pop(event.input.id[2:], None)  # what was typed there is final

    def on_unmount(self) -> None:
        # Quitting (ctrl+q) or any other way out: keep every valid edit; a field that is
        # still wrong keeps its old value rather than losing the others with it.
        for key, value in self._edits.items():
            if value == self.loaded.get(key):
                continue
            try:
                # Leaving is not the moment to ask: the user's text wins, as typed.
                if self._made.get(key) is not None:  # replaces what its typing created
                    self.store.intents.type_contact_link(
                        self.contact_id, key, value, self._made[key]
                    )
                else:
                    self.store.intents.edit_contact(self.contact_id, {key: value})
            except (ValidationError, LookupError):
                continue
