"""Edit forms for career fields and organizations: validated as a whole, inline errors."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from ..core.stages import CAREER_FIELD_STATUSES, ORGANIZATION_SOURCES, RESEARCH_SOURCES
from ..core.validation import ValidationError
from ..faults import FaultBarrier, on
from ..widgets.name_field import FormInput, NameField, name_hint
from ..widgets.tick_box import TickBox


class RecordDialog(FaultBarrier, ModalScreen[int | None]):
    NAMES: dict[str, str] = {}  # field key -> the kind of stored name it suggests
    """Fields described as data; enter or ctrl+s saves everything or nothing."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", id="dialog.cancel"),
        Binding("ctrl+s", "save", "Save", id="dialog.save"),
    ]
    DEFAULT_CSS = """
    RecordDialog .dialog { width: 90; }
    RecordDialog .source { height: auto; }
    RecordDialog .source Checkbox { width: 44; }
    RecordDialog .source Input { width: 1fr; }
    """
    HEADING = ""

    def __init__(self, record: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.record = record or {}

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static(Content(self.heading()), classes="screen-title")
            yield from self.fields()
            yield Static("enter or ctrl+s saves · escape cancels", classes="hint")

    def heading(self) -> str:
        name = self.record.get("name")
        return f"{self.HEADING}: {name}" if name else f"New {self.HEADING.lower()}"

    def fields(self) -> ComposeResult:
        yield from ()

    def text_field(self, key: str, label: str, placeholder: str = "") -> ComposeResult:
        yield Label(label, classes="form-label")
        value = str(self.record.get(key) or "")
        kind = self.NAMES.get(key)
        if kind is not None:
            store = self.app.store  # type: ignore[attr-defined]

            def lookup(prefix: str) -> str | None:
                return store.catalog.name_starting(kind, prefix)  # type: ignore[no-any-return]

            yield NameField(kind, lookup, value, placeholder=placeholder, id=f"f-{key}")
        else:
            yield FormInput(value, placeholder=placeholder, id=f"f-{key}")
        yield Static("", classes="error", id=f"e-{key}")

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    def values(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for widget in self.query("Input, Select, Checkbox"):
            if widget.id and widget.id.startswith("f-"):
                values[widget.id[2:]] = widget.value  # type: ignore[attr-defined]
        return values

    @on(Input.Changed, "NameField")
    def _name_hint(self, event: Input.Changed) -> None:
        field = event.input
        if isinstance(field, NameField) and field.id and field.suggester is not None:
            lookup = field.suggester.lookup  # type: ignore[attr-defined]
            self.query_one(f"#e-{field.id[2:]}", Static).update(
                Content(name_hint(field.kind, event.value, lookup))
            )

    @on(Input.Submitted)
    def action_save(self) -> None:
        from ..core.errors import describe, is_fault

        try:
            saved = self.save(self.values())
        except ValidationError as exc:
            first = None
            for error in self.query(".error"):
                key = (error.id or "")[2:]
                error.update(Content(exc.errors.get(key, "")))  # type: ignore[attr-defined]
                if key in exc.errors and first is None:
                    first = key
            if first:
                self.query_one(f"#f-{first}").focus()
            return
        except Exception as exc:
            if not is_fault(exc):
                raise
            # Read-only or full disk: say so; the dialog keeps what was typed.
            self.notify(describe(exc), severity="error", markup=False)
            return
        self.dismiss(saved)

    def save(self, values: dict[str, Any]) -> int:
        raise NotImplementedError


class CareerFieldDialog(RecordDialog):
    HEADING = "Career field"

    def __init__(self, store: Any, record: dict[str, Any] | None = None) -> None:
        super().__init__(record)
        self.store = store

    def fields(self) -> ComposeResult:
        yield from self.text_field("name", "Name", "e.g. Data science")
        yield Label("Status", classes="form-label")
        yield Select(
            [(s, s) for s in CAREER_FIELD_STATUSES],
            value=self.record.get("status") or "exploring",
            allow_blank=False,
            id="f-status",
        )
        yield from self.text_field("onet_code", "O*NET-SOC code", "e.g. 15-1252.00")
        yield from self.text_field("notes", "Notes")
        yield Label(
            "Research sources (tick when done, with what you learned)", classes="form-label"
        )
        for prefix, label in RESEARCH_SOURCES:
            with Horizontal(classes="source"):
                yield TickBox(label, bool(self.record.get(f"{prefix}_done")), id=f"f-{prefix}_done")
                yield Input(
                    str(self.record.get(f"{prefix}_notes") or ""),
                    placeholder="notes",
                    id=f"f-{prefix}_notes",
                )

    def save(self, values: dict[str, Any]) -> int:
        return int(self.store.intents.save_career_field(self.record.get("id"), values))


class OrganizationDialog(RecordDialog):
    HEADING = "Organization"
    NAMES = {"career_field": "career_field"}

    def __init__(self, store: Any, record: dict[str, Any] | None = None) -> None:
        super().__init__(record)
        self.store = store

    def fields(self) -> ComposeResult:
        yield from self.text_field("name", "Name", "e.g. Northwind Software")
        yield from self.text_field("career_field", "Career field", "a field's name")
        yield from self.text_field("website", "Website", "https://…")
        yield from self.text_field("location", "Location", "city, or remote")
        yield Label("How found", classes="form-label")
        current = self.record.get("how_found") or ""
        options: list[tuple[str | Content, str]] = [(s, s) for s in ORGANIZATION_SOURCES]
        if current and current not in ORGANIZATION_SOURCES:
            options.append((Content(current), current))  # user text: never markup
        yield Select(
            options,
            value=current or Select.NULL,
            id="f-how_found",
            prompt="where did you find it?",
        )
        yield from self.text_field("notes", "Notes")

    def values(self) -> dict[str, Any]:
        values = super().values()
        if values.get("how_found") in (None, Select.NULL):
            values["how_found"] = ""
        return values

    def save(self, values: dict[str, Any]) -> int:
        return int(self.store.intents.save_organization(self.record.get("id"), values))
