"""Inputs for names that already exist somewhere (an organization, a career field, a
referrer): they suggest a stored name as you type (prefix, any case; → or end accepts)
and `name_hint` says when saving will create a new one. Every form input here keeps
its text on focus: typing appends, it never replaces a filled field."""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.suggester import Suggester
from textual.widgets import Input

from ..faults import FaultBarrier

KIND_WORDS = {"organization": "organization", "career_field": "career field", "contact": "contact"}


class NameSuggester(Suggester):
    """Suggests the first stored name starting with what was typed (any case)."""

    def __init__(self, lookup: Callable[[str], str | None]) -> None:
        # Not cached: names are added and renamed while the form is open.
        super().__init__(use_cache=False, case_sensitive=True)
        self.lookup = lookup

    async def get_suggestion(self, value: str) -> str | None:
        if not value.strip():
            return None
        try:
            return self.lookup(value)
        except Exception:  # noqa: BLE001 - runs in Textual's worker, outside our barrier;
            return None  # the field's own hint (guarded) reads the same and says why


class FormInput(FaultBarrier, Input):
    """A form field: focusing it keeps the text (no select-all), so typing appends."""

    def __init__(self, value: str | None = None, **kwargs: object) -> None:
        kwargs.setdefault("select_on_focus", False)
        super().__init__(value, **kwargs)  # type: ignore[arg-type]


class NameField(FormInput):
    """A FormInput that suggests existing names of one kind."""

    def __init__(
        self,
        kind: str,
        lookup: Callable[[str], str | None],
        value: str | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(value, suggester=NameSuggester(lookup), **kwargs)
        self.kind = kind
        self.lookup = lookup

    def _accept_stored_name(self) -> bool:
        """At the end of the text, take the stored name it begins. Looked up now rather
        than read from the suggester's answer: that comes from a worker, and keys typed
        in a burst ("clea→" from a fast typist or tmux) arrive before it."""
        typed = self.value
        if not self.cursor_at_end or not typed.strip():
            return False
        found = self.lookup(typed)
        if found is None or len(found) <= len(typed):
            return False
        if not found.casefold().startswith(typed.casefold()):
            return False
        self.value = found
        self.cursor_position = len(found)
        return True

    def on_key(self, event: events.Key) -> None:
        # Here, in the order keys reach this field, not as a binding: bindings are
        # resolved when the key comes back to the app, by which time a tab typed after
        # it may have moved the focus to the next field.
        if event.key in ("right", "end") and self._accept_stored_name():
            event.stop()
            event.prevent_default()


def name_hint(kind: str, value: str, lookup: Callable[[str], str | None]) -> str:
    """'' when the name exists (or is empty); else what saving will do."""
    name = " ".join(value.split())
    if not name:
        return ""
    found = lookup(name)
    if found is not None and found.casefold() == name.casefold():
        return ""
    if kind == "contact":
        if found is not None:
            return f"→ picks {found}; no contact is named {name!r}"
        return f"no contact named {name!r}"
    if found is not None:
        return f"→ picks {found}; as typed, a new {KIND_WORDS[kind]}: {name}"
    return f"new {KIND_WORDS[kind]}: {name}"
