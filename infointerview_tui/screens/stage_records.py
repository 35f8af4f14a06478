"""Stages 1 and 2: career fields with their research sources; organizations per field."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Static

from ..core.lamp import LAMP_TARGET, LampEntry
from ..core.outcomes import Conflict
from ..core.stages import RESEARCH_SOURCES
from ..core.validation import ValidationError, onet_url
from ..widgets.line_list import Row
from .stage import StageScreen


def _linked(store: Any, **where: int) -> list[Content]:
    people = store.contacts.linked(**where)
    if not people:
        return [Content.styled("  none yet", "$text-muted")]
    return [Content.assemble(f"  {p.name}", (f"  stage {p.stage}", "$text-muted")) for p in people]


FIELD_ORGS_SHOWN = 12  # organizations named under a career field's details


class RecordStageScreen(StageScreen):
    """A stage whose records are edited in a dialog: n new, e / enter edit."""

    by_id: dict[int, dict[str, Any]]

    def dialog(self, record: dict[str, Any] | None) -> Any:
        """The edit form of `record` (None: a new one), saving through this stage's intent."""
        raise NotImplementedError

    def _edit(self, record: dict[str, Any] | None) -> None:
        def saved(record_id: int | None) -> None:
            if record_id is not None:
                self.reload(select=record_id)

        self.app.push_screen(self.dialog(record), saved)

    def record(self, record_id: int) -> dict[str, Any] | None:
        return self.by_id.get(record_id)

    @property
    def selected_record(self) -> dict[str, Any] | None:
        return self.by_id.get(self.records.selected_key)  # type: ignore[arg-type]

    def action_new(self) -> None:
        self._edit(None)

    def action_edit(self) -> None:
        if (record := self.selected_record) is not None:
            self._edit(record)

    def on_line_list_chosen(self) -> None:
        self.action_edit()

    KIND = "organization"

    @property
    def word(self) -> str:
        return "organization" if self.KIND == "organization" else "career field"

    def _people_named(self, record: dict[str, Any]) -> Content:
        key = "organization_id" if self.KIND == "organization" else "career_field_id"
        people = self.store.contacts.linked(**{key: record["id"]}, limit=6)
        if not people:
            return Content("No one is linked to it.")
        names = ", ".join(p.name for p in people[:5]) + (" and more" if len(people) > 5 else "")
        return Content(f"Its {record['contacts']} people ({names})")

    def action_delete(self) -> None:
        from .dialogs import ConfirmDialog

        record = self.selected_record
        if record is None:
            return
        after = "without an organization" if self.KIND == "organization" else "without a field"
        question = Content.assemble(
            Content.from_markup(f"Delete the {self.word} $name? ", name=record["name"]),
            self._people_named(record),
            f" stay, {after}.",
        )

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            intents = self.store.intents
            delete = (
                intents.delete_organization
                if self.KIND == "organization"
                else intents.delete_career_field
            )
            try:
                removal = delete(record["id"])
            except Conflict as exc:
                self.notify(str(exc), severity="warning", markup=False)
            else:
                self.notify(
                    f"Deleted {removal.name}; {removal.contacts} people kept.", markup=False
                )
            self.reload()

        self.app.push_screen(ConfirmDialog(question, "Delete"), answered)

    def action_merge(self) -> None:
        from .dialogs import ConfirmDialog, MergeDialog, MergeTarget

        record = self.selected_record
        if record is None:
            return

        typed: dict[int, str] = {}

        def target(chosen: MergeTarget) -> int:
            into_id = self.store.catalog.id_by_name(self.KIND, chosen.name)
            if into_id is None:
                raise ValidationError({"into": "pick an existing name (→ accepts a suggestion)"})
            if into_id == record["id"]:
                raise ValidationError({"into": f"pick another {self.word} to merge into"})
            typed[into_id] = chosen.name
            return into_id

        def picked(into_id: int | None) -> None:
            if into_id is None:
                return
            # (a record not on the pages read so far: the name as picked)
            into = self.record(into_id) or {"name": typed.get(into_id, "?")}
            question = Content.assemble(
                Content.from_markup(
                    "Merge $name into $into? ", name=record["name"], into=into["name"]
                ),
                self._people_named(record),
                Content.from_markup(
                    " move to $into; $name is deleted.",
                    **{"into": into["name"], "name": record["name"]},
                ),
            )

            def answered(yes: bool | None) -> None:
                if not yes:
                    return
                intents = self.store.intents
                merge = (
                    intents.merge_organizations
                    if self.KIND == "organization"
                    else intents.merge_career_fields
                )
                try:
                    removal = merge(record["id"], into_id)
                except Conflict as exc:
                    self.notify(str(exc), severity="warning", markup=False)
                else:
                    self.notify(
                        f"Merged {removal.name}: {removal.contacts} people moved.", markup=False
                    )
                self.reload(select=into_id)

            self.app.push_screen(ConfirmDialog(question, "Merge"), answered)

        self.app.push_screen(MergeDialog(self.KIND, record["name"], target), picked)


class CareerFieldsScreen(RecordStageScreen):
    NUMBER = 1
    KIND = "career_field"
    EMPTY = "no career fields yet: n adds one"
    NEEDS_RECORD = ("edit", "onet", "delete", "merge")
    BINDINGS = [
        Binding("n", "new", "New field", id="stage1.new"),
        Binding("e", "edit", "Edit / rename", id="stage1.edit"),
        Binding("J", "merge", "Join (merge) into…", id="stage1.merge"),
        Binding("d", "delete", "Delete", id="stage1.delete"),
        Binding("o", "onet", "O*NET page", id="stage1.onet"),
    ]

    def reload(self, select: object = None) -> None:
        self.by_id = {f["id"]: f for f in self.store.catalog.career_fields()}
        rows = []
        for f in self.by_id.values():
            done = sum(bool(f[f"{p}_done"]) for p, _ in RESEARCH_SOURCES)
            rows.append(
                Row(
                    f["id"],
                    (
                        (f["name"], ""),
                        (f"  {f['status']}", "accent"),
                        (f"  {f['onet_code'] or 'no O*NET code'}", "muted"),
                        (f"  research {done}/4", "success" if done == 4 else "muted"),
                        (f"  {f['organizations']} org · {f['contacts']} people", "muted"),
                    ),
                )
            )
        self.records.load_rows(rows, select)

    def show(self, key: object) -> None:
        detail = self.query_one("#detail", Static)
        f = self.by_id.get(key)  # type: ignore[call-overload]
        if f is None:
            detail.update("")
            return
        lines = [
            Content.styled(f["name"], "bold"),
            Content.assemble(("Status: ", "$text-muted"), f["status"]),
        ]
        if f["onet_code"]:
            lines.append(
                Content.assemble(
                    ("O*NET: ", "$text-muted"),
                    f["onet_code"],
                    ("  o opens ", "$text-muted"),
                    onet_url(f["onet_code"]),
                )
            )
        lines.append(Content.styled("Research sources", "bold $text-primary"))
        for prefix, label in RESEARCH_SOURCES:
            mark = "☑" if f[f"{prefix}_done"] else "☐"
            lines.append(Content(f"{mark} {label}"))
            if f[f"{prefix}_notes"]:
                lines.append(Content.assemble(("    ", ""), (f[f"{prefix}_notes"], "$text-muted")))
        if f["notes"]:
            lines += [Content.styled("Notes", "bold $text-primary"), Content(f["notes"])]
        lines.append(Content.styled("Organizations", "bold $text-primary"))
        # The first few by name: a field can have hundreds (stage 2 lists them all).
        orgs = self.store.catalog.organizations(f["id"], limit=FIELD_ORGS_SHOWN)
        lines += [Content(f"  {o['name']}") for o in orgs] or [
            Content.styled("  none yet (stage 2)", "$text-muted")
        ]
        if f["organizations"] > len(orgs):
            more = f["organizations"] - len(orgs)
            lines.append(Content.styled(f"  and {more} more (stage 2)", "$text-muted"))
        lines.append(Content.styled("People", "bold $text-primary"))
        lines += _linked(self.store, career_field_id=f["id"])
        detail.update(Content("\n").join(lines))

    def dialog(self, record: dict[str, Any] | None) -> Any:
        from .record_dialogs import CareerFieldDialog, CareerFieldEdit

        record_id = record["id"] if record else None

        def save(edit: CareerFieldEdit) -> int:
            return self.store.intents.save_career_field(record_id, edit.values())

        return CareerFieldDialog(record, save)

    def action_onet(self) -> None:
        f = self.selected_record
        if f is None:
            return
        if not f["onet_code"]:
            self.notify(
                "Add an O*NET-SOC code first (e to edit), e.g. 15-1252.00.", severity="warning"
            )
            return
        self.app.open_url(onet_url(f["onet_code"]))
        self.notify(f"Opening {onet_url(f['onet_code'])}", markup=False)


class OrganizationsScreen(RecordStageScreen):
    """Stage 2 as the LAMP list: ranked by Motivation, Posting, Advocacy; five active."""

    NUMBER = 2
    EMPTY = "no organizations yet: n adds one"
    NEEDS_RECORD = ("edit", "website", "delete", "merge", "add_person", "motivation", "posting")
    BINDINGS = [
        Binding("n", "new", "New organization", id="stage2.new"),
        Binding("p", "add_person", "Add person here", id="stage2.person"),
        Binding("e", "edit", "Edit / rename", id="stage2.edit"),
        Binding("M", "motivation", "Motivation", id="stage2.motivation"),
        Binding("P", "posting", "Posting", id="stage2.posting"),
        Binding("J", "merge", "Join (merge) into…", id="stage2.merge"),
        Binding("d", "delete", "Delete", id="stage2.delete"),
        Binding("w", "website", "Website", id="stage2.website"),
    ]

    def compose_detail(self) -> ComposeResult:
        yield Static("", id="lamp-counter")
        yield Static("", id="detail")

    def reload(self, select: object = None) -> None:
        # A page of the ranking at a time, as the list scrolls: the screen reads what it
        # shows, not every organization.
        now = self.local_now()
        self.by_id = {}
        self.lamp: dict[int, LampEntry] = {}
        count = self.store.lamp_count()
        self.records.load(count, partial(self._lamp_page, now), select)
        self.query_one("#lamp-counter", Static).update(
            Content.assemble(
                ("LAMP list ", "bold $text-primary"),
                (f"{count} / {LAMP_TARGET}", "$text-success" if count >= LAMP_TARGET else ""),
                " organizations · ● the five active · M / P key Motivation 0-3, Posting 1-3; "
                "Advocacy counts your people there from your contacts, referrals or LinkedIn",
            )
        )

    def _lamp_page(self, now: datetime, offset: int, limit: int) -> list[Row]:
        entries = self.store.lamp_list(now, offset, limit)
        records = {
            o["id"]: o for o in self.store.catalog.organizations(ids=[e.id for e in entries])
        }
        self.by_id.update(records)
        rows = []
        for e in entries:
            self.lamp[e.id] = e
            o = records.get(e.id, {"name": e.name, "career_field": "", "contacts": e.people})
            mark = ("  ● ", "success") if e.active else ("dry ", "error") if e.dry else ("    ", "")
            rows.append(
                Row(
                    e.id,
                    (
                        mark,
                        (o["name"], ""),
                        (f"  M{e.motivation} P{e.posting} A{e.advocacy}", "accent"),
                        (f"  {o['career_field'] or 'no field'}", "muted"),
                        (f"  {o['contacts']} people", "muted"),
                    ),
                )
            )
        return rows

    def record(self, record_id: int) -> dict[str, Any] | None:
        if record_id not in self.by_id:
            self.by_id.update(
                {o["id"]: o for o in self.store.catalog.organizations(ids=[record_id])}
            )
        return self.by_id.get(record_id)

    def _cycle(self, motivation: int = 0, posting: int = 0) -> None:
        e = self.lamp.get(self.records.selected_key)  # type: ignore[arg-type]
        if e is None:
            return
        self.store.intents.set_lamp(
            e.id,
            motivation=(e.motivation + motivation) % 4,
            posting=(e.posting - 1 + posting) % 3 + 1,
        )
        self.reload(select=e.id)

    def action_motivation(self) -> None:
        self._cycle(motivation=1)

    def action_posting(self) -> None:
        self._cycle(posting=1)

    def show(self, key: object) -> None:
        detail = self.query_one("#detail", Static)
        o = self.by_id.get(key)  # type: ignore[call-overload]
        if o is None:
            detail.update("")
            return
        lines = [Content.styled(o["name"], "bold")]
        e = self.lamp.get(o["id"])
        if e is not None:
            state = "active" if e.active else "dry: everyone there done or silent" if e.dry else ""
            lines.append(
                Content.assemble(
                    ("LAMP: ", "$text-muted"),
                    f"Motivation {e.motivation} · Posting {e.posting} · Advocacy {e.advocacy}",
                    (f"  {state}", "$text-success" if e.active else "$text-error"),
                )
            )
        for label, value in (
            ("Career field", o["career_field"]),
            ("Website", o["website"]),
            ("Location", o["location"]),
            ("How found", o["how_found"]),
        ):
            if value:
                lines.append(Content.assemble((f"{label}: ", "$text-muted"), value))
        if o["notes"]:
            lines += [Content.styled("Notes", "bold $text-primary"), Content(o["notes"])]
        lines.append(Content.styled("People here", "bold $text-primary"))
        lines += _linked(self.store, organization_id=o["id"])
        detail.update(Content("\n").join(lines))

    def dialog(self, record: dict[str, Any] | None) -> Any:
        from .record_dialogs import OrganizationDialog, OrganizationEdit

        record_id = record["id"] if record else None

        def save(edit: OrganizationEdit) -> int:
            return self.store.intents.save_organization(record_id, edit.values())

        return OrganizationDialog(record, save)

    def action_add_person(self) -> None:
        from .dialogs import NewContact, NewContactDialog

        record = self.selected_record
        if record is None:
            return

        def added(contact_id: int | None) -> None:
            if contact_id is not None:
                name = self.store.contacts.name(contact_id)
                self.notify(f"{name} added at stage 3 (People).", markup=False)
                self.reload(select=record["id"])

        def add(new: NewContact) -> int:
            return self.store.intents.add_contact(
                new.name, 3, organization=new.organization, title=new.title
            )

        self.app.push_screen(NewContactDialog(3, record["name"], add), added)

    def action_website(self) -> None:
        o = self.selected_record
        if o and o["website"]:
            self.app.open_url(o["website"])
        else:
            self.notify("No website yet (e to edit).", severity="warning")
