"""The agenda: what is due, grouped Overdue, Today, This week, Later."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Header, Static

from ..core import paging
from ..core.dates import format_when
from ..core.goals import WeeklyProgress
from ..core.outcomes import Conflict
from ..core.schedule import AGENDA_GROUPS, agenda_group
from ..widgets.key_footer import KeyFooter
from ..widgets.line_list import LineList, Row
from .base import StoreScreen

if TYPE_CHECKING:
    from ..core.followups import AgendaItem

TONES = {"Overdue": "error", "Today": "warning", "This week": "accent", "Later": "muted"}


def goal_line(progress: WeeklyProgress) -> Content:
    """This week against the goals, and the streak: 'This week: outreach 3/5 ✗ ...'."""

    def part(label: str, done: int, goal: int) -> Content:
        ok = done >= goal
        return Content.assemble(
            f"{label} {done}/{goal} ",
            ("✓" if ok else "✗", "$text-success" if ok else "$text-warning"),
        )

    weeks = progress.streak
    streak = f"streak: {weeks} week{'s' if weeks != 1 else ''} met" if weeks else "no streak yet"
    return Content.assemble(
        ("This week  ", "bold"),
        part("outreach", progress.outreach, progress.outreach_goal),
        "   ",
        part("interviews", progress.interviews, progress.interview_goal),
        (f"   {streak}", "$text-muted"),
    )


def _fixed(rows: list[Row]) -> paging.SegmentFetch[Row]:
    def fetch(offset: int, limit: int, reverse: bool) -> list[Row]:
        return (rows[::-1] if reverse else rows)[offset : offset + limit]

    return fetch


class AgendaScreen(StoreScreen):
    DEFAULT_CSS = "AgendaScreen #weekly-goal { padding: 0 1; height: 1; }"
    BINDINGS = [
        Binding("enter", "open", "Open contact", id="agenda.open"),
        Binding("x", "done", "Done", id="agenda.done"),
        Binding("z", "snooze", "Snooze a day", id="agenda.snooze"),
        Binding("i", "interview", "Take notes", id="agenda.interview"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[str, AgendaItem] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Content("Agenda · what is due"), classes="screen-title", id="agenda-title")
        yield Static("", id="weekly-goal")
        yield LineList("nothing is due: well done", id="agenda")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.queue_reload()
        self.query_one(LineList).focus()

    def on_screen_resume(self) -> None:
        self.queue_reload()

    def reload(self) -> None:
        now = self.local_now()
        follow_ups = self.store.follow_ups
        counts = follow_ups.agenda_counts(now)
        # The LAMP list's promotions are computed, not stored: they lead their group.
        extra = self.store.method_agenda(now)
        self.items = {}  # the items of the pages read so far, by their row's key
        segments: list[paging.Segment[Row]] = []
        for group in AGENDA_GROUPS:
            first = [e for e in extra if agenda_group(e.due, now) == group]
            total = counts[group] + len(first)
            if not total:
                continue
            heading = Row(None, ((f"{group} ({total})", "heading"),))
            segments.append(paging.Segment(1, _fixed([heading])))
            if first:
                segments.append(paging.Segment(len(first), self._rows_of(first, group, now)))
            stored = partial(follow_ups.agenda_group, group, now)
            segments.append(paging.Segment(counts[group], self._rows_of(stored, group, now)))
        listing = self.query_one(LineList)
        listing.load(
            sum(s.count for s in segments),
            lambda offset, limit: paging.read_page(segments, offset, limit),
            listing.selected_key,
        )
        self.query_one("#weekly-goal", Static).update(goal_line(self.store.weekly_progress(now)))
        overdue = counts["Overdue"] + sum(agenda_group(e.due, now) == "Overdue" for e in extra)
        self.query_one("#agenda-title", Static).update(
            Content.assemble(
                "Agenda · what is due", (f"   {overdue} overdue" if overdue else "", "$text-error")
            )
        )
        self.refresh_bindings()

    def _rows_of(
        self,
        items: list[AgendaItem] | Callable[[int, int, bool], list[AgendaItem]],
        group: str,
        now: datetime,
    ) -> paging.SegmentFetch[Row]:
        """A segment's fetch giving the lines of `items` (a list, or a group's fetch)."""

        def fetch(offset: int, limit: int, reverse: bool) -> list[Row]:
            if isinstance(items, list):
                ordered = items[::-1] if reverse else items
                page = ordered[offset : offset + limit]
            else:
                page = items(offset, limit, reverse)
            rows = []
            for item in page:
                key = f"{item.source}:{item.id}"
                self.items[key] = item
                org = f" ({item.organization})" if item.organization else ""
                rows.append(
                    Row(
                        key,
                        (
                            (f"{format_when(item.due, now):<22}", TONES[group]),
                            (f"{item.kind:<14}", "accent"),
                            (item.contact, ""),
                            (org, "muted"),
                            (f"  {item.note}" if item.note else "", "muted"),
                        ),
                    )
                )
            return rows

        return fetch

    @property
    def selected(self) -> AgendaItem | None:
        key = self.query_one(LineList).selected_key
        return self.items.get(key) if isinstance(key, str) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.is_mounted:
            return True
        item = self.selected
        if action == "open":
            return item is not None
        if action == "interview":
            return item is not None and item.source != "lamp"
        if action in ("done", "snooze"):
            return item is not None and item.source == "follow_up"
        return True

    def on_line_list_highlighted(self) -> None:
        self.refresh_bindings()

    def on_line_list_chosen(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        item = self.selected
        if item and item.source == "lamp":
            self.app.switch_mode("stage2")  # the LAMP list
        elif item:
            self.open_contact(item.contact_id)

    def action_done(self) -> None:
        item = self.selected
        if item and item.source == "follow_up":
            try:
                self.store.intents.complete_follow_up(item.id)
            except Conflict as exc:
                self.notify(str(exc), severity="warning", markup=False)
            else:
                self.notify(f"Done: {item.kind} for {item.contact}", markup=False)
            self.reload()

    def action_snooze(self) -> None:
        item = self.selected
        if item and item.source == "follow_up":
            try:
                self.store.intents.snooze_follow_up(item.id, 1)
            except Conflict as exc:
                self.notify(str(exc), severity="warning", markup=False)
            self.reload()

    def action_interview(self) -> None:
        if item := self.selected:
            self.start_interview(item.contact_id)
