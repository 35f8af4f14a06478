"""Stage 5: thank-you notes, the stay-in-contact cadence, giving back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Input, Label, Static, TextArea

from ..core import paging
from ..core.dates import format_when, short_due
from ..core.followups import FollowUpRow
from ..core.messages import check_message
from ..core.outcomes import Conflict
from ..core.validation import ValidationError
from ..faults import on
from ..widgets.line_list import Row
from ..widgets.name_field import FormInput
from ..widgets.text_box import TextBox
from .advice import advice_lines, checklist
from .dialogs import FormDialog
from .drafts import DraftSaving
from .stage import StageScreen


class FollowUpScreen(DraftSaving, StageScreen):
    DRAFT_WHAT = "Your draft"
    NUMBER = 5
    EMPTY = "no one at stage 5 yet: finishing an interview (ctrl+f) brings them here"
    NEEDS_RECORD = ("copy", "thanked", "touch", "give_back", "done", "open", "advice")
    BINDINGS = [
        Binding("c", "copy", "Copy draft", id="stage5.copy"),
        Binding("t", "thanked", "Thank-you sent", id="stage5.thanked"),
        Binding("l", "touch", "Log a touch", id="stage5.touch"),
        Binding("g", "give_back", "Give back", id="stage5.give_back"),
        Binding("x", "done", "Next follow-up done", id="stage5.done"),
        Binding("v", "advice", "Advice", id="stage5.advice"),
        Binding("o", "open", "Open contact", id="stage5.open"),
        Binding("escape", "to_list", "Back to list", show=False, id="stage5.list"),
    ]

    DEFAULT_CSS = """
    FollowUpScreen #draft { height: 12; }
    FollowUpScreen Input { height: 3; }
    """

    def __init__(self) -> None:
        super().__init__()
        self._loaded = ""  # the draft text shown, as generated or as saved
        self.draft_kind = "thank-you"
        self.saver = self.make_saver()

    def on_unmount(self) -> None:
        self.saver.close()

    @on(TextArea.Changed, "#draft")
    def _draft_changed(self, event: TextArea.Changed) -> None:
        # Changed arrives after the fact, also for text we wrote ourselves: compare.
        text = event.text_area.text
        self.query_one("#checks", Static).update(checklist(check_message(text, self.draft_kind)))
        cid = self.contact_id
        if cid is not None and text != self._loaded:
            self._loaded = text
            self.saver.put(
                ("draft", cid),
                lambda t: self.store.intents.save_draft(cid, "thank_you_draft", t),
                text,
            )

    def compose_detail(self) -> ComposeResult:
        yield Static("", id="detail")
        yield Static("", id="draft-title")
        yield TextBox(id="draft", soft_wrap=True)
        yield Static("", id="checks")
        yield Label("Stay in touch every N months (enter saves)", classes="form-label")
        yield FormInput("3", id="cadence", type="integer")
        yield Static("", classes="error", id="cadence-error")

    def reload(self, select: object = None) -> None:
        store = self.store
        now = self.local_now()
        self.rows: dict[int, FollowUpRow] = {}  # the rows of the pages read so far, for show()

        segments = store.follow_ups.pages()

        def fetch(offset: int, limit: int) -> list[Row]:
            page = paging.read_page(segments, offset, limit)
            self.rows.update((r.contact_id, r) for r in page)
            return [_line(r, now) for r in page]

        self.records.load(sum(s.count for s in segments), fetch, select)

    def show(self, key: object) -> None:
        detail = self.query_one("#detail", Static)
        if key is None or key not in self.rows:
            detail.update("")
            return
        contact_id = int(key)  # type: ignore[call-overload]
        now = self.local_now()
        row = self.rows[contact_id]
        lines = [
            Content.styled(row.name, "bold"),
            Content.styled("Open follow-ups", "bold $text-primary"),
        ]
        items = self.store.follow_ups.open_for(contact_id)
        for item in items:
            due, kind, note = item.due, item.kind, item.note
            tone = "$text-error" if due < now else ""
            lines.append(
                Content.assemble(
                    ("  " + format_when(due, now), tone), f"  {kind}", (f"  {note}", "$text-muted")
                )
            )
        if not items:
            lines.append(Content.styled("  nothing due", "$text-muted"))
        lines.append(Content.styled("Advice to act on (v)", "bold $text-primary"))
        advice = self.store.advice_items(contact_id)
        lines.extend(advice_lines(advice) or [Content.styled("  none captured", "$text-muted")])
        detail.update(Content("\n").join(lines))
        self.saver.flush()
        saved = self.saver.pending_value(("draft", contact_id))  # typed, not on disk
        if saved is None:
            saved = self.store.contacts.draft(contact_id, "thank_you_draft")
        # Thanked already: the next message is a stay-in-touch, quoting what you did.
        kind = self.draft_kind = "stay-in-touch" if row.thank_you == "sent" else "thank-you"
        title = (
            "Stay-in-touch draft (quotes the advice you acted on)"
            if kind == "stay-in-touch"
            else "Thank-you draft (from their Advice and Insight)"
        )
        self.query_one("#draft-title", Static).update(Content.styled(title, "bold $text-primary"))
        self._loaded = saved or self.store.draft_message(contact_id, kind).body
        self.query_one("#draft", TextArea).text = self._loaded
        view = self.store.contacts.view(contact_id)
        if view is not None:
            self.query_one("#cadence", Input).value = str(view.values["stay_in_touch_months"])
        self.query_one("#cadence-error", Static).update("")

    @property
    def contact_id(self) -> int | None:
        key = self.records.selected_key
        return int(key) if key is not None else None  # type: ignore[call-overload]

    def action_to_list(self) -> None:
        self.records.focus()

    def action_copy(self) -> None:
        self.copy_text(self.query_one("#draft", TextArea).text, "Thank-you draft")

    def action_thanked(self) -> None:
        if (cid := self.contact_id) is None:
            return
        try:
            self.store.intents.mark_thank_you_sent(cid)
        except Conflict as why:
            self.notify(f"No thank-you to mark sent: {why}.", severity="warning")
            self.reload(select=cid)
            return
        self.notify("Thank-you marked as sent; the stay-in-touch date starts from today.")
        self.reload(select=cid)

    def action_touch(self) -> None:
        self._log_touch("update", "Log a touch (an update on your progress, a reply to news…)")

    def action_give_back(self) -> None:
        self._log_touch("give-back", "Give back (volunteering, research, an event, an article…)")

    def _log_touch(self, kind: str, heading: str) -> None:
        if (cid := self.contact_id) is None:
            return

        def logged(result: int | None) -> None:
            if result is not None:
                self.notify("Logged; the stay-in-touch date is reset.")
                self.reload(select=cid)

        def log(touch: Touch) -> int:
            return self.store.intents.log_touch(cid, kind, touch.note)

        self.app.push_screen(TouchDialog(heading, log), logged)

    def action_done(self) -> None:
        if (cid := self.contact_id) is None:
            return
        items = self.store.follow_ups.open_for(cid)
        if not items:
            self.notify("Nothing is due for this person.", severity="warning")
            return
        try:
            self.store.intents.complete_follow_up(items[0].id)
        except Conflict as exc:
            self.notify(str(exc), severity="warning", markup=False)
        else:
            self.notify(f"Done: {items[0].kind}", markup=False)
        self.reload(select=cid)

    def action_advice(self) -> None:
        from .advice import AdviceDialog

        if (cid := self.contact_id) is None:
            return
        self.app.push_screen(
            AdviceDialog(cid, self.rows[cid].name), lambda _r: self.reload(select=cid)
        )

    def action_open(self) -> None:
        if (cid := self.contact_id) is not None:
            self.open_contact(cid)

    def on_line_list_chosen(self) -> None:
        self.action_open()

    @on(Input.Submitted, "#cadence")
    def _cadence(self, event: Input.Submitted) -> None:
        if (cid := self.contact_id) is None:
            return
        try:
            self.store.intents.edit_contact(cid, {"stay_in_touch_months": event.value})
        except ValidationError as exc:
            self.query_one("#cadence-error", Static).update(
                Content("Not saved: " + exc.errors.get("stay_in_touch_months", str(exc)))
            )
            return
        self.query_one("#cadence-error", Static).update("")
        self.notify(f"Stay in touch every {int(event.value)} months.")
        self.reload(select=cid)
        self.records.focus()


@dataclass(frozen=True)
class Touch:
    note: str


class TouchDialog(FormDialog[Touch]):
    """What you did for a logged touch or give-back; the caller logs it."""

    FIELDS = (("note", "What happened", "e.g. sent them the article on GIS jobs"),)

    def __init__(self, heading: str, save: Callable[[Touch], Any] | None = None) -> None:
        super().__init__(save)
        self.HEADING = heading

    def validate(self, values: dict[str, Any]) -> Touch:
        if not values["note"].strip():
            raise ValidationError({"note": "say what you did, in a few words"})
        return Touch(values["note"])


def _line(r: FollowUpRow, now: datetime) -> Row:
    """One contact's line in stage 5's list."""
    if r.thank_you == "due":
        overdue = r.thank_you_due is not None and r.thank_you_due < now
        thanks = (
            f"thank-you due {short_due(r.thank_you_due, now)}"
            if r.thank_you_due
            else "thank-you due",
            "error" if overdue else "warning",
        )
    elif r.thank_you == "sent":
        thanks = ("thanked ✓", "success")
    else:
        thanks = ("no thank-you due yet", "muted")  # t says why
    touch = f"  next touch {short_due(r.next_touch, now)}" if r.next_touch else ""
    return Row(
        r.contact_id,
        (
            (r.name, ""),
            (f"  {r.organization}", "muted"),
            (f"  {thanks[0]}", thanks[1]),
            (touch, "muted"),
        ),
    )
