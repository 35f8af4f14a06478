"""Edit forms for career fields and organizations: each returns its typed value; the
caller saves it through its intent, which validates it as a whole (errors inline)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Label, Select

from ..core.stages import CAREER_FIELD_STATUSES, ORGANIZATION_SOURCES, RESEARCH_SOURCES
from ..widgets.name_field import FormInput
from ..widgets.tick_box import TickBox
from .form import Field, FormScreen, V


@dataclass(frozen=True)
class CareerFieldEdit:
    """A career field as the form holds it; `sources` maps a research source's prefix
    (RESEARCH_SOURCES) to (done, notes)."""

    name: str
    status: str
    onet_code: str
    notes: str
    sources: tuple[tuple[str, bool, str], ...]

    def values(self) -> dict[str, Any]:
        """The intent's field -> value form."""
        values: dict[str, Any] = {
            "name": self.name,
            "status": self.status,
            "onet_code": self.onet_code,
            "notes": self.notes,
        }
        for prefix, done, notes in self.sources:
            values[f"{prefix}_done"] = done
            values[f"{prefix}_notes"] = notes
        return values


@dataclass(frozen=True)
class OrganizationEdit:
    name: str
    career_field: str  # by name: the intent finds or creates it
    website: str
    location: str
    how_found: str
    notes: str

    def values(self) -> dict[str, Any]:
        """The intent's field -> value form."""
        return asdict(self)


class RecordDialog(FormScreen[V]):
    """A career field or organization: its typed value goes to the caller's `save`."""

    NAMES: dict[str, str] = {}  # field key -> the kind of stored name it suggests
    DEFAULT_CSS = """
    RecordDialog .dialog { width: 90; }
    RecordDialog .source { height: auto; }
    RecordDialog .source Checkbox { width: 44; }
    RecordDialog .source Input { width: 1fr; }
    """
    HEADING = ""

    def __init__(
        self, record: dict[str, Any] | None = None, save: Callable[[V], Any] | None = None
    ) -> None:
        super().__init__(save=save)
        self.record = record or {}

    def heading(self) -> Content:
        name = self.record.get("name")
        return Content(f"{self.HEADING}: {name}" if name else f"New {self.HEADING.lower()}")

    def text_field(self, key: str, label: str, placeholder: str = "") -> ComposeResult:
        kind = self.NAMES.get(key)
        value = str(self.record.get(key) or "")
        spec = Field(key, label, placeholder, "name" if kind else "text", kind or "", value)
        yield from self.field_widgets(spec)


class CareerFieldDialog(RecordDialog[CareerFieldEdit]):
    HEADING = "Career field"

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

    def validate(self, values: dict[str, Any]) -> CareerFieldEdit:
        sources = tuple(
            (prefix, bool(values[f"{prefix}_done"]), str(values[f"{prefix}_notes"]))
            for prefix, _label in RESEARCH_SOURCES
        )
        return CareerFieldEdit(
            values["name"], str(values["status"]), values["onet_code"], values["notes"], sources
        )


class OrganizationDialog(RecordDialog[OrganizationEdit]):
    HEADING = "Organization"
    NAMES = {"career_field": "career_field"}

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

    def validate(self, values: dict[str, Any]) -> OrganizationEdit:
        return OrganizationEdit(
            values["name"],
            values["career_field"],
            values["website"],
            values["location"],
            str(values["how_found"]),
            values["notes"],
        )
