"""Stage 3: people at stages 1-3, and the message composer that checks as you write.

The composer writes a first outreach, a LinkedIn connection note or a nudge from the
user's templates (`e` switches, `t` edits the template); the checklist is the one in
core/messages.py; `m` opens the message in the mail client.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Input, Label, Static, TextArea

from ..core import paging
from ..core.dates import format_when, short_due
from ..core.messages import KIND_LABELS, check_message, mailto_url, problems, refusal
from ..core.validation import ValidationError
from ..faults import on
from ..messages import ScheduleInterview
from ..widgets.line_list import Row
from ..widgets.name_field import FormInput
from ..widgets.text_box import TextBox
from .advice import checklist
from .drafts import DraftSaving
from .stage import StageScreen

RESPONSIVENESS_TONES = {"booster": "success", "obligate": "accent", "curmudgeon": "error"}


class PeopleScreen(DraftSaving, StageScreen):
    DRAFT_WHAT = "Your message draft"
    NUMBER = 3
    EMPTY = "no one at stages 1-3 yet: n adds a person"
    NEEDS_RECORD = ("open", "copy", "log_sent", "refill", "log_reply", "compose", "mail")
    COMPOSER_KINDS = ("outreach", "linkedin", "nudge")
    BINDINGS = [
        Binding("n", "add_person", "New person", id="stage3.new"),
        Binding("w", "compose", "Write", id="stage3.compose"),
        Binding("e", "next_kind", "Message kind", id="stage3.kind"),
        Binding("ctrl+o", "mail", "Mail it", id="stage3.mail"),
        Binding("t", "edit_template", "Template", show=False, id="stage3.template"),
        Binding("c", "copy", "Copy message", id="stage3.copy"),
        Binding("s", "log_sent", "Log as sent", id="stage3.sent"),
        Binding("r", "log_reply", "Log reply", id="stage3.reply"),
        Binding("f", "refill", "Refill template", id="stage3.refill"),
        Binding("o", "open", "Open contact", id="stage3.open"),
        Binding("escape", "to_list", "Back to list", show=False, id="stage3.list"),
    ]

    DEFAULT_CSS = """
    PeopleScreen #message { height: 10; margin-top: 1; }
    PeopleScreen #checks { height: auto; }
    PeopleScreen .slot { height: 1; }
    PeopleScreen .slot Label { width: 9; color: $text-muted; }
    PeopleScreen .slot Input { width: 1fr; height: 1; border: none; padding: 0 1;
                               background: $boost; }
    PeopleScreen .slot Input:focus { background: $primary 30%; }
    /* 80x24: a slimmer list (the guidance is in ? help: stage.py), a shorter message
       box and the passing checks on one line, so that the composer and what the
       checks found are in view without scrolling. */
    PeopleScreen.-narrow #stage-main { width: 30; }
    PeopleScreen.-narrow #message { height: 7; margin-top: 0; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.contact_id: int | None = None
        self.kind = "outreach"
        self.subject = ""
        self.edited_by_hand = False
        self._filled = ""  # the last text the template wrote
        self._loaded = ""  # the last draft read from (or written to) the database
        self._checked: tuple[object, ...] | None = None  # what the checklist shows
        self.saver = self.make_saver()

    def compose_detail(self) -> ComposeResult:
        yield Static("", id="detail")
        yield Static("", id="composer-title")
        # One line per field, so the whole checklist stays in view at 140x42.
        for label, widget in (
            ("When", FormInput(placeholder="20-30 min, e.g. Tue 3-3:30pm", id="timeframe")),
            ("Where", FormInput(placeholder="e.g. a video call (link to follow)", id="place")),
            ("Channel", FormInput("email", id="channel")),
        ):
            with Horizontal(classes="slot"):
                yield Label(label)
                yield widget
        yield TextBox(id="message", soft_wrap=True)
        yield Static("", id="checks")

    def on_mount(self) -> None:
        super().on_mount()
        self._show_kind()

    def _show_kind(self) -> None:
        self.query_one("#composer-title", Static).update(
            Content.assemble(
                (f"{KIND_LABELS[self.kind]}", "bold $text-primary"),
                ("  e: next kind · t: its template", "$text-muted"),
            )
        )

    def reload(self, select: object = None) -> None:
        store = self.store
        now = self.local_now()

        segments = store.contacts.people_pages()

        def fetch(offset: int, limit: int) -> list[Row]:
            rows = []
            people = paging.read_page(segments, offset, limit)
            kinds = store.responsiveness_of([p.id for p in people], now)
            for p in people:
                if p.last_outreach is None:
                    status = ("not contacted", "muted")
                elif p.replied:
                    status = ("replied", "success")
                else:
                    status = (f"sent {short_due(p.last_outreach, now)}", "accent")
                kind = kinds.get(p.id)
                rows.append(
                    Row(
                        p.id,
                        (
                            (p.name, ""),
                            (f"  {p.organization}", "muted"),
                            (f"  stage {p.stage}", "muted"),
                            (f"  {p.how_found}", "muted") if p.how_found else ("", ""),
                            (f"  via {p.referred_by}", "accent") if p.referred_by else ("", ""),
                            (f"  {status[0]}", status[1]),
                            (f"  {kind}", RESPONSIVENESS_TONES[kind]) if kind else ("", ""),
                        ),
                    )
                )
            return rows

        self.records.load(sum(s.count for s in segments), fetch, select)

    def show(self, key: object) -> None:
        detail = self.query_one("#detail", Static)
        if key is None:
            self.contact_id = None
            detail.update("")
            return
        self.contact_id = int(key)  # type: ignore[call-overload]
        view = self.store.contacts.view(self.contact_id)
        if view is None:
            return
        v = view.values
        lines = [
            Content.styled(v["name"], "bold"),
            Content.assemble(
                ("At: ", "$text-muted"),
                view.organization or "—",
                ("  How found: ", "$text-muted"),
                v["how_found"] or "—",
            ),
            Content.assemble(
                ("Referred by: ", "$text-muted"),
                view.referred_by or "—",
                ("  Email: ", "$text-muted"),
                v["email"] or "—",
            ),
        ]
        detail.update(Content("\n").join(lines))
        # The slot and place belong to this person: their last proposal, else empty.
        timeframe, place = self.store.outreach.latest_proposal(self.contact_id)
        self._set_quietly("#timeframe", timeframe)
        self._set_quietly("#place", place)
        self.saver.flush()
        saved = self.saver.pending_value(("draft", self.contact_id))  # typed, not on disk
        if saved is None:
            saved = self.store.contacts.draft(self.contact_id, "outreach_draft")
        if saved:
            self._loaded = saved
            self.edited_by_hand = True
            self.query_one("#message", TextArea).text = saved
            self.check()
        else:
            self.edited_by_hand = False
            self.fill_template()

    def _set_quietly(self, selector: str, value: str) -> None:
        box = self.query_one(selector, Input)
        with box.prevent(Input.Changed):
            box.value = value

    def fill_template(self) -> None:
        if self.contact_id is None:
            return
        draft = self.store.draft_message(
            self.contact_id,
            self.kind,
            time=self.query_one("#timeframe", Input).value,
            place=self.query_one("#place", Input).value,
        )
        self.subject = draft.subject
        self._filled = draft.body
        self.query_one("#message", TextArea).text = self._filled
        self.check()

    def check(self) -> None:
        text = self.query_one("#message", TextArea).text
        connection = self.store.connection_names(self.contact_id) if self.contact_id else []
        checks = check_message(
            text, self.kind, word_limit=self.store.rules.word_limit, connection=connection
        )
        brief = self.has_class("-narrow")
        self.query_one("#checks", Static).update(checklist(checks, brief=brief))
        self._checked = self._check_key(text)

    def _check_key(self, text: str) -> tuple[object, ...]:
        return (self.contact_id, self.kind, text, self.has_class("-narrow"))

    def on_resize(self) -> None:
        super().on_resize()
        if self.contact_id is not None:
            self.check()  # the checklist is briefer when narrow

    @on(TextArea.Changed, "#message")
    def _message_changed(self, event: TextArea.Changed) -> None:
        # Changed arrives after the fact, also for text we wrote ourselves: compare.
        text = event.text_area.text
        if self.contact_id is not None and text not in (self._filled, self._loaded):
            self.edited_by_hand = True
            self._loaded = text
            cid = self.contact_id
            self.saver.put(
                ("draft", cid),
                lambda t: self.store.intents.save_draft(cid, "outreach_draft", t),
                text,
            )
        if self._checked != self._check_key(text):  # (not the text just set and checked)
            self.check()

    def on_unmount(self) -> None:
        self.saver.close()

    @on(Input.Changed, "#timeframe, #place")
    def _slot_changed(self) -> None:
        if not self.edited_by_hand:
            self.fill_template()

    def action_compose(self) -> None:
        self.query_one("#timeframe", Input).focus()

    def action_to_list(self) -> None:
        self.records.focus()

    def action_refill(self, confirmed: bool = False) -> None:
        if self.edited_by_hand and not confirmed:
            from .dialogs import ConfirmDialog

            self.app.push_screen(
                ConfirmDialog(
                    Content("Replace your edits with a fresh template? (They are not kept.)"),
                    "Replace",
                ),
                lambda yes: self.action_refill(confirmed=True) if yes else None,
            )
            return
        if self.contact_id is not None:
            self.saver.flush()
            self.store.intents.save_draft(self.contact_id, "outreach_draft", "")
        self.edited_by_hand = False
        self.fill_template()

    def action_next_kind(self) -> None:
        kinds = self.COMPOSER_KINDS
        self.kind = kinds[(kinds.index(self.kind) + 1) % len(kinds)]
        self.query_one("#channel", Input).value = "linkedin" if self.kind == "linkedin" else "email"
        self._show_kind()
        if not self.edited_by_hand:
            self.fill_template()
        else:
            self.check()

    def action_edit_template(self) -> None:
        from .template_dialog import template_form

        def edited(saved: bool | None) -> None:
            if saved and not self.edited_by_hand:
                self.fill_template()

        self.app.push_screen(template_form(self.store, self.kind), edited)

    def action_mail(self) -> None:
        if self.contact_id is None:
            return
        email = self.store.message_context(self.contact_id)["email"]
        body = self.query_one("#message", TextArea).text
        self.app.open_url(mailto_url(email, self.subject, body))
        where = "" if email else " (no email address)"
        self.notify(f"Opened in your mail client{where}.", markup=False)

    def action_copy(self) -> None:
        self.copy_text(self.query_one("#message", TextArea).text, "Message")

    def action_log_sent(self, confirmed: bool = False) -> None:
        if self.contact_id is None:
            return
        message = self.query_one("#message", TextArea).text
        if why := refusal(self.query_one("#channel", Input).value, message):
            self.notify(f"Not logged: {why}.", severity="error", markup=False)
            return  # refused outright: asking "log it anyway?" would be a false offer
        if not confirmed:
            reasons = []
            sent = self.store.outreach.already_sent(self.contact_id, message)
            if sent is not None:
                reasons.append(
                    f"This message was already logged as sent on "
                    f"{format_when(sent, self.local_now())}."
                )
            connection = self.store.connection_names(self.contact_id)
            failed = problems(
                check_message(
                    message,
                    self.kind,
                    word_limit=self.store.rules.word_limit,
                    connection=connection,
                )
            )
            if failed:
                reasons.append("It still misses: " + "; ".join(failed) + ".")
            if reasons:
                from .dialogs import ConfirmDialog

                question = Content(" ".join(reasons) + " Log it as sent anyway?")
                self.app.push_screen(
                    ConfirmDialog(question, "Log as sent"),
                    lambda yes: self.action_log_sent(confirmed=True) if yes else None,
                )
                return
        self.saver.flush()  # a queued draft write must not land after the draft is cleared
        try:
            self.store.intents.log_outreach(
                self.contact_id,
                channel=self.query_one("#channel", Input).value,
                message=message,
                timeframe=self.query_one("#timeframe", Input).value,
                place=self.query_one("#place", Input).value,
                clear_draft=True,
            )
        except ValidationError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.notify(
            "Logged as sent. No reply by business day 3: write to a second person there; "
            "by day 7: one nudge."
        )
        self.reload(select=self.contact_id)

    def action_log_reply(self) -> None:
        from ..core.record_intents import Reply as RecordedReply
        from .reply_dialog import Reply, ReplyDialog

        if (cid := self.contact_id) is None:
            return
        if self.store.outreach.latest_unanswered(cid) is None:
            self.notify(
                "No unanswered message to this person: log one as sent first (s).",
                severity="warning",
            )
            return

        def record(reply: Reply) -> RecordedReply:
            return self.store.intents.record_reply(cid, reply.outcome, reply.words)

        def answered(reply: RecordedReply | None) -> None:
            if reply is None:
                return
            self.reload(select=cid)
            if reply.outcome != "yes":
                self.notify(
                    f"Reply logged ({reply.outcome}); what 3B7 had pending for them is cancelled."
                )
                return
            slot = (
                f" for {format_when(reply.scheduled_at, self.local_now())}"
                if reply.scheduled_at
                else ": type the day and time they agreed"
            )
            self.notify(f"Yes! Moved to Interview; scheduling{slot}.", markup=False)
            self.post_message(ScheduleInterview(cid))

        self.app.push_screen(ReplyDialog(self.store.contacts.name(cid), record), answered)

    def action_add_person(self) -> None:
        from .dialogs import NewContact, NewContactDialog

        def add(new: NewContact) -> int:
            return self.store.intents.add_contact(
                new.name, 3, organization=new.organization, title=new.title
            )

        def added(contact_id: int | None) -> None:
            if contact_id is not None:
                self.reload(select=contact_id)

        self.app.push_screen(NewContactDialog(3, save=add), added)

    def action_open(self) -> None:
        if self.contact_id is not None:
            self.open_contact(self.contact_id)

    def on_line_list_chosen(self) -> None:
        self.action_open()
