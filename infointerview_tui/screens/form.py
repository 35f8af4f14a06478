"""The one form base every dialog that asks for values derives from.

A form is fields described as data (or composed by the subclass), an error line under
each, and a save/cancel hint docked at the bottom so it shows at 80x24 however long the
form (the fields scroll; inputs are one line high). enter or ctrl+s collects the values
and the form's `validate` turns them into its typed value (a frozen dataclass); no form
writes anything. The caller saves: it passes `save`, a function that hands the value to
an intent, and what `save` returns is the dialog's result (without `save`, the value
is). When the intent refuses — a `ValidationError` (shown next to its fields) or a
`Conflict` (the database moved on; shown on the form's own line) — the form stays open
with everything typed, so nothing is lost; a database fault is one line (faults.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea

from ..core.outcomes import Conflict
from ..core.validation import ValidationError
from ..faults import FaultBarrier, on
from ..widgets.name_field import FormInput, NameField, name_hint
from ..widgets.tick_box import TickBox

if TYPE_CHECKING:
    from ..app import InfoInterviewApp

V = TypeVar("V")  # the form's validated value


@dataclass(frozen=True)
class Field:
    """One field: `kind` is "text", "name" (suggests stored `names`), "select" or
    "tick"; `value` is what it starts with."""

    key: str
    label: str
    placeholder: str = ""
    kind: str = "text"
    names: str = ""
    value: Any = ""
    options: Sequence[tuple[str | Content, Any]] = field(default_factory=tuple)


class FormScreen(FaultBarrier, ModalScreen[Any], Generic[V]):
    """Fields, inline errors, enter/ctrl+s submits, escape cancels (dismisses None)."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", id="dialog.cancel"),
        Binding("ctrl+s", "submit", "Save", id="dialog.save"),
    ]
    DEFAULT_CSS = """
    FormScreen .dialog { height: auto; }
    FormScreen .form-hint { dock: bottom; height: 1; color: $text-muted; }
    FormScreen .form-label { margin-top: 0; }
    FormScreen .dialog Input.-textual-compact { background: $boost; }
    FormScreen .dialog Input.-textual-compact:focus { background: $primary 30%; }
    """
    HINT = "enter or ctrl+s saves · escape cancels"

    # Every form defines it: the typed value of the fields' values (raise
    # ValidationError for what the form itself can tell is wrong; what needs the
    # database is the intent's to refuse).
    validate: Callable[[dict[str, Any]], V]

    def __init__(
        self,
        heading: str | Content = "",
        fields: Sequence[Field] = (),
        save: Callable[[V], Any] | None = None,
    ) -> None:
        super().__init__()
        self._heading = heading
        self.form_fields = tuple(fields)
        self._save = save

    @property
    def iapp(self) -> InfoInterviewApp:
        return cast("InfoInterviewApp", self.app)

    # -- what the form shows ---------------------------------------------------------

    def heading(self) -> Content:
        heading = self._heading
        return heading if isinstance(heading, Content) else Content(heading)

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static(self.heading(), classes="screen-title")
            yield from self.compose_fields()
            yield Static("", classes="error", id="e-")  # errors that name no field
            yield Static(self.HINT, classes="form-hint")

    def compose_fields(self) -> ComposeResult:
        for spec in self.form_fields:
            yield from self.field_widgets(spec)

    def field_widgets(self, spec: Field) -> ComposeResult:
        yield Label(spec.label, classes="form-label")
        wid = f"f-{spec.key}"
        if spec.kind == "select":
            yield Select(spec.options, value=spec.value, allow_blank=False, id=wid, compact=True)
        elif spec.kind == "tick":
            yield TickBox(spec.placeholder or spec.label, bool(spec.value), id=wid, compact=True)
        elif spec.kind == "name":
            lookup = self.lookup(spec.names)
            yield NameField(
                spec.names,
                lookup,
                str(spec.value or ""),
                placeholder=spec.placeholder,
                id=wid,
                compact=True,
            )
        else:
            yield FormInput(
                str(spec.value or ""), placeholder=spec.placeholder, id=wid, compact=True
            )
        yield Static("", classes="error", id=f"e-{spec.key}")

    def lookup(self, kind: str) -> Callable[[str], str | None]:
        """Stored names of `kind` ("contact", "organization", "career_field") by prefix."""
        store = self.iapp.store
        if kind == "contact":
            return store.contacts.name_starting
        return lambda prefix: store.catalog.name_starting(kind, prefix)

    def on_mount(self) -> None:
        self.focus_first()

    def focus_first(self) -> None:
        """Where typing starts (a subclass names another field)."""
        self.query("Input, TextArea, Select").first().focus()

    @on(Input.Changed, "NameField")
    def _name_hint(self, event: Input.Changed) -> None:
        widget = event.input
        if isinstance(widget, NameField) and widget.id and widget.suggester is not None:
            lookup = widget.suggester.lookup  # type: ignore[attr-defined]
            hint = name_hint(widget.kind, event.value, lookup)
            self.query_one(f"#e-{widget.id[2:]}", Static).update(Content(hint))

    # -- values, errors, submitting --------------------------------------------------

    def values(self) -> dict[str, Any]:
        """Every field's current value by key (Select's blank is "")."""
        values: dict[str, Any] = {}
        for widget in self.query("Input, Select, Checkbox, TextArea"):
            if not (widget.id and widget.id.startswith("f-")):
                continue
            if isinstance(widget, TextArea):
                value: Any = widget.text
            elif isinstance(widget, Select):
                value = "" if widget.value in (None, Select.NULL) else widget.value
            else:
                value = cast("Input | Checkbox", widget).value
            values[widget.id[2:]] = value
        return values

    def show_errors(self, errors: dict[str, str]) -> None:
        first = None
        for error in self.query(".error"):
            key = (error.id or "e-")[2:]
            message = errors.get(key, "")
            if not key:  # the general line: messages for keys with no field
                shown = {(e.id or "")[2:] for e in self.query(".error")} - {""}
                message = "; ".join(v for k, v in errors.items() if k not in shown)
            cast("Static", error).update(Content(message))
            if key and key in errors and first is None:
                first = key
        if first:
            self.query_one(f"#f-{first}").focus()

    def finish(self, value: V) -> None:
        """Hand `value` to the caller's `save` and close with its result; on a refusal
        show it and stay open with everything typed."""
        try:
            result = self._save(value) if self._save is not None else value
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        except Conflict as exc:
            self.show_errors({"": str(exc)})
            return
        self.dismiss(result)

    @on(Input.Submitted)
    def _entered(self) -> None:
        self.action_submit()  # a subclass's own, when it has one

    def action_submit(self) -> None:
        try:
            value = self.validate(self.values())
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        self.finish(value)
