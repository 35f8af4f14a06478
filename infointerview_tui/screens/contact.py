"""One contact: every field editable with validation, and everything linked to them."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Header, Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from ..core.dates import format_when
from ..core.outcomes import Conflict
from ..core.stages import STAGES
from ..faults import on
from ..widgets.key_footer import KeyFooter
from ..widgets.name_field import FormInput, NameField, name_hint
from ..widgets.text_box import TextBox
from .advice import advice_lines
from .contact_form import FIELDS, LINK_FIELDS, ContactEditing


def _refill(listing: OptionList, options: list[Option]) -> None:
    # Keep the selection where it was (a reload must not leave keys with nothing selected).
    highlighted = listing.highlighted
    listing.set_options(options)
    if options and not options[0].disabled:
        listing.highlighted = min(highlighted or 0, len(options) - 1)


class ContactScreen(ContactEditing):
    """The contact's card, opened with enter from the board, a stage list or the agenda."""

    BINDINGS = [
        Binding("escape", "close", "Save & close", id="contact.close"),
        Binding("ctrl+s", "save", "Save", id="contact.save"),
        Binding("ctrl+x", "discard", "Discard changes", id="contact.discard"),
        Binding("i", "interview", "Interview", id="contact.interview"),
        Binding("delete", "delete_record", "Delete", id="contact.delete"),
        Binding("ctrl+r", "restore", "Restore to board", id="contact.restore"),
        Binding("v", "advice", "Advice", id="contact.advice"),
    ]

    DEFAULT_CSS = """
    ContactScreen #body { height: 1fr; }
    ContactScreen #form { width: 3fr; padding: 0 1; }
    ContactScreen #side { width: 2fr; padding: 0 1; border-left: tall $panel; }
    ContactScreen .field { height: 1; margin-top: 1; }
    ContactScreen .field Label { width: 30; color: $text-muted; }
    ContactScreen .field Input { width: 1fr; height: 1; border: none; padding: 0 1;
                                 background: $boost; }
    ContactScreen .field Input:focus { background: $primary 30%; }
    ContactScreen .error { display: none; padding-left: 30; }
    ContactScreen .error.-shown { display: block; }
    ContactScreen .error.-hint { color: $text-muted; }
    ContactScreen #f-notes { height: 8; margin-top: 1; }
    ContactScreen #summary:focus { background: $boost; }
    ContactScreen #side OptionList { height: auto; max-height: 10; border: none;
                                     padding: 0; }
    ContactScreen .side-title { text-style: bold; margin-top: 1; }
    /* 80x24: each label above its input (the whole width for the value), the side's
       titles wrapped rather than cut. */
    ContactScreen.-narrow .field { layout: vertical; height: 2; }
    ContactScreen.-narrow .field Label { width: 1fr; }
    ContactScreen.-narrow .error { padding-left: 0; }
    ContactScreen.-narrow .side-title { width: 1fr; }
    ContactScreen.-narrow #side { padding: 0 0 0 1; }
    """

    NARROW_BELOW = 110  # columns: below this the labels go above their inputs

    def __init__(self, contact_id: int) -> None:
        super().__init__()
        self.contact_id = contact_id
        self.loaded: dict[str, str] = {}
        self._edits: dict[str, str] = {}
        self._autosave_pending = False
        # A new organization or career field created by typing here, per field: the next
        # save of that field renames (or drops) it instead of leaving "Clea" behind.
        self._made: dict[str, int | None] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", classes="screen-title", id="heading")
        with Horizontal(id="body"):
            with VerticalScroll(id="form"):
                yield Static("", id="summary")
                for key, label in FIELDS:
                    with Horizontal(classes="field"):
                        yield Label(label)
                        yield self._input(key)
                    yield Static("", classes="error", id=f"e-{key}")
                yield Label("Notes", classes="form-label")
                yield TextBox(id="f-notes")
            with VerticalScroll(id="side"):
                yield Label(
                    "Interviews (enter opens its notes, delete deletes)", classes="side-title"
                )
                yield OptionList(id="interviews")
                yield Label("Messages sent (delete deletes)", classes="side-title")
                yield OptionList(id="messages")
                yield Static("", id="history")
        yield KeyFooter()

    def _input(self, key: str) -> Input:
        if key in LINK_FIELDS:
            kind = "contact" if key == "referred_by" else key
            return NameField(kind, self._lookup(kind), id=f"f-{key}")
        return FormInput(id=f"f-{key}")

    def _lookup(self, kind: str) -> Callable[[str], str | None]:
        if kind == "contact":
            return self.store.contacts.name_starting
        return lambda prefix: self.store.catalog.name_starting(kind, prefix)

    @on(Input.Changed, "NameField")
    def _name_hint(self, event: Input.Changed) -> None:
        field = event.input
        if not isinstance(field, NameField) or not field.id:
            return
        hint = name_hint(field.kind, event.value, self._lookup(field.kind))
        box = self.query_one(f"#e-{field.id[2:]}", Static)
        box.update(Content(hint))
        box.set_class(bool(hint), "-shown")
        box.set_class(bool(hint), "-hint")

    def on_resize(self) -> None:
        narrow = self.size.width < self.NARROW_BELOW
        if narrow != self.has_class("-narrow"):
            self.set_class(narrow, "-narrow")
            if self.loaded:
                self.on_screen_resume()  # the follow-ups laid out for the width

    def on_mount(self) -> None:
        summary = self.query_one("#summary", Static)
        summary.can_focus = True
        self.load()
        summary.focus()

    def load(self) -> None:
        view = self.store.contacts.view(self.contact_id)
        if view is None:
            self.notify("That contact no longer exists.", severity="error")
            self.app.pop_screen()
            return
        v = view.values
        values = {key: str(v.get(key, "") or "") for key, _ in FIELDS}
        values.update(
            organization=view.organization,
            career_field=view.career_field,
            referred_by=view.referred_by,
            notes=v["notes"] or "",
        )
        self.loaded = values
        for key, _ in FIELDS:
            self.query_one(f"#f-{key}", Input).value = values[key]
        self.query_one("#f-notes", TextArea).text = values["notes"]
        self._show_linked(view)

    def on_screen_resume(self) -> None:
        # Back from an interview: the stage, history and follow-ups may have changed;
        # the form keeps whatever the user was typing.
        view = self.store.contacts.view(self.contact_id)
        if view is not None:
            self._show_linked(view)

    def _show_linked(self, view) -> None:  # noqa: ANN001
        v = view.values
        stage = STAGES[v["stage"] - 1]
        self._archived = bool(v["archived"])
        self.refresh_bindings()
        archived = "  (archived: ctrl+r restores)" if v["archived"] else ""
        self.query_one("#heading", Static).update(
            Content.assemble(
                (v["name"], "bold"), f"  ·  stage {stage.number} {stage.label}{archived}"
            )
        )
        self.query_one("#summary", Static).update(
            Content("Tab into the form to edit · ctrl+s saves · escape saves and closes")
        )
        self.query_one("#history", Static).update(self._side(view))
        self._show_records(view)

    def _show_records(self, view) -> None:  # noqa: ANN001
        now = self.local_now()
        interviews = [
            Option(
                Content.assemble(
                    f"{format_when(iv.scheduled_at, now) if iv.scheduled_at else 'unscheduled'}"
                    f"  {iv.status}  ",
                    (iv.location or "", "$text-muted"),
                ),
                id=f"i{iv.id}",
            )
            for iv in view.interviews
        ]
        if not interviews:
            interviews = [Option(Content("none yet — i starts one"), disabled=True)]
        _refill(self.query_one("#interviews", OptionList), interviews)
        messages = [
            Option(
                Content.assemble(
                    f"{format_when(m.sent_at, now)}  {m.channel}  ",
                    (f"reply: {m.response}" if m.replied_at else "no reply yet", "$text-muted"),
                ),
                id=f"m{m.id}",
            )
            for m in self.store.outreach.for_contact(self.contact_id)
        ]
        if not messages:
            messages = [
                Option(Content("none logged — stage 3 drafts and logs them"), disabled=True)
            ]
        _refill(self.query_one("#messages", OptionList), messages)

    def _side(self, view) -> Content:  # noqa: ANN001
        now = self.local_now()
        narrow = self.has_class("-narrow")  # each entry within the side's ~28 cells
        lines: list[Content] = [Content.styled("Stage history", "bold")]
        for step in view.history:
            when = format_when(step.at, now)
            if narrow:
                where = f"{step.from_stage or ''} → {step.to_stage}".strip()
                lines.append(Content(f"  {where:<6}  {when}"))
                continue
            where = (
                f"{step.from_stage} → {step.to_stage}"
                if step.from_stage
                else f"added at {step.to_stage}"
            )
            lines.append(Content(f"  {when}  {where}"))
        lines.append(Content(""))
        lines.append(Content.styled("Follow-ups", "bold"))
        for fu in view.follow_ups:
            due = fu.due
            mark = "✓" if fu.done else ("!" if due and due < now else "·")
            when = format_when(due, now) if due else ""
            if narrow:  # the date, then the kind and its note on a line below
                lines.append(Content(f"  {mark} {when or 'no date'}"))
                lines.append(Content.assemble(f"    {fu.kind}: ", (fu.note or "", "$text-muted")))
                continue
            lines.append(
                Content.assemble(f"  {mark} {fu.kind}  {when}  ", (fu.note or "", "$text-muted"))
            )
        lines.append(Content(""))
        lines.append(Content.styled("Advice to act on (v)", "bold"))
        items = self.store.advice_items(self.contact_id)
        lines.extend(advice_lines(items) or [Content.styled("  none captured yet", "$text-muted")])
        if view.referrals:
            lines.append(Content(""))
            lines.append(Content.styled("Referred you to", "bold"))
            lines.extend(Content(f"  {name}") for name in view.referrals)
        return Content("\n").join(lines)

    def action_save(self) -> None:
        if self.save():
            self.notify("Saved", timeout=1.5)

    def action_close(self) -> None:
        if self.save():
            self.dismiss()

    def action_discard(self) -> None:
        self.dismiss()

    @on(OptionList.OptionSelected, "#interviews")
    def _open_interview(self, event: OptionList.OptionSelected) -> None:
        from .interview import InterviewScreen

        if event.option.id and self.save():
            self.app.push_screen(InterviewScreen(self.contact_id, int(event.option.id[1:])))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "restore":
            return self.archived
        if action == "delete_record":
            focused = self.focused
            return isinstance(focused, OptionList) and focused.id in ("interviews", "messages")
        return True

    @property
    def archived(self) -> bool:
        return bool(getattr(self, "_archived", False))

    def why_not(self, action: str, parameters: tuple[object, ...]) -> str | None:
        if action == "restore":
            return "This contact is on the board already."
        if action == "delete_record":
            return "Tab to an interview or a message first, then delete deletes it."
        return None

    def action_restore(self) -> None:
        try:
            self.store.intents.restore(self.contact_id)
        except Conflict as exc:
            self.notify(str(exc), severity="warning", markup=False)
        else:
            self.notify("Back on the board.", timeout=3)
        self.on_screen_resume()

    def action_delete_record(self) -> None:
        from .dialogs import ConfirmDialog

        listing = self.focused
        if not isinstance(listing, OptionList) or listing.highlighted is None:
            self.notify("Nothing selected to delete.", timeout=3)
            return
        option = listing.get_option_at_index(listing.highlighted)
        if not option.id:
            self.notify("Nothing here to delete.", timeout=3)
            return
        record_id = int(option.id[1:])
        what = "interview and its notes" if option.id[0] == "i" else "logged message"
        label = option.prompt if isinstance(option.prompt, Content) else Content("")
        question = Content.assemble(f"Delete this {what}? ", label, " (cannot be undone)")

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                if option.id and option.id[0] == "i":
                    self.store.intents.delete_interview(record_id)
                else:
                    self.store.intents.delete_outreach(record_id)
            except Conflict as exc:
                self.notify(str(exc), severity="warning", markup=False)
            else:
                self.notify(f"Deleted the {what}.", timeout=3)
            view = self.store.contacts.view(self.contact_id)
            if view is not None:
                self._show_linked(view)

        self.app.push_screen(ConfirmDialog(question, "Delete"), answered)

    def action_advice(self) -> None:
        from .advice import AdviceDialog

        def closed(_result: bool | None) -> None:
            view = self.store.contacts.view(self.contact_id)
            if view is not None:
                self._show_linked(view)

        self.app.push_screen(AdviceDialog(self.contact_id, self.loaded.get("name", "")), closed)

    def action_interview(self) -> None:
        if self.save():
            self.start_interview(self.contact_id)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()
