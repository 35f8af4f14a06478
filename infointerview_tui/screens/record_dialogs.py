"""Edit forms for career fields and organizations: validated as a whole, inline errors."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Label, Select

from ..core.stages import CAREER_FIELD_STATUSES, ORGANIZATION_SOURCES, RESEARCH_SOURCES
from ..widgets.name_field import FormInput
from ..widgets.tick_box import TickBox
from .form import Field, FormScreen


class RecordDialog(FormScreen[int | None]):
    """A career field or organization: validated as a whole by its intent (`save`)."""

    NAMES: dict[str, str] = {}  # field key -> the kind of stored name it suggests
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

    def heading(self) -> Content:
        name = self.record.get("name")
        return Content(f"{self.HEADING}: {name}" if name else f"New {self.HEADING.lower()}")

    def text_field(self, key: str, label: str, placeholder: str = "") -> ComposeResult:
        kind = self.NAMES.get(key)
        value = str(self.record.get(key) or "")
        spec = Field(key, label, placeholder, "name" if kind else "text", kind or "", value)
        yield from self.field_widgets(spec)

    def submit(self, values: dict[str, Any]) -> int | None:
        return self.save(values)

    def save(self, values: dict[str, Any]) -> int:
        raise NotImplementedError


class CareerFieldDialog(RecordDialog):
    HEADING = "Career field"

    def __init__(self, store: Any, record: dict[str, Any] | None = None) -> None:
        super().__init__(record)
        self.store = store

    def compose_fields(self) -> ComposeResult:
        yield from self.text_field("name", "Name", "e.g. Data science")
        yield Label("Status", classes="form-label")
        yield Select(
            [(s, s) for s in CAREER_FIELD_STATUSES],
            value=self.record.get("status") or "exploring",
            allow_blank=False,
            id="f-status",
            compact=True,
        )
        yield from self.text_field("onet_code", "O*NET-SOC code", "e.g. 15-1252.00")
        yield from self.text_field("notes", "Notes")
        yield Label(
            "Research sources (tick when done, with what you learned)", classes="form-label"
        )
        for prefix, label in RESEARCH_SOURCES:
            with Horizontal(classes="source"):
                done = bool(self.record.get(f"{prefix}_done"))
                yield TickBox(label, done, id=f"f-{prefix}_done", compact=True)
                yield FormInput(
                    str(self.record.get(f"{prefix}_notes") or ""),
                    placeholder="notes",
                    id=f"f-{prefix}_notes",
                    compact=True,
                )

    def save(self, values: dict[str, Any]) -> int:
        return int(self.store.intents.save_career_field(self.record.get("id"), values))


class OrganizationDialog(RecordDialog):
    HEADING = "Organization"
    NAMES = {"career_field": "career_field"}

    def __init__(self, store: Any, record: dict[str, Any] | None = None) -> None:
        super().__init__(record)
        self.store = store

    def compose_fields(self) -> ComposeResult:
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
            compact=True,
        )
        yield from self.text_field("notes", "Notes")

    def save(self, values: dict[str, Any]) -> int:
        return int(self.store.intents.save_organization(self.record.get("id"), values))
