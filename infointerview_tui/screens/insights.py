"""Insights (`g`): the funnel, outreach, weekly activity, AIR yield and time in stage.

The figures come from core/report.collect (the report uses the same call), counted by the
database in a worker thread; the charts are drawn by textual-plotext. The time in stage,
the figure that reads the most, is counted by a second worker once the rest is shown, and
drawn when it arrives; until then its chart is hidden and the title says "counting…"
(issue 16: the rest shows as fast at 100,000 contacts as at 10).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Header, Static
from textual_plotext import PlotextPlot

from ..core.stages import STAGES
from ..faults import on
from ..widgets.key_footer import KeyFooter
from ..widgets.line_list import LineList, Row
from .base import StoreScreen
from .insights_text import air_text, funnel_bar, funnel_text, outreach_text, references_text

if TYPE_CHECKING:
    from ..core.insights import StageTime
    from ..core.report import Collected


def _stable_plotext() -> None:
    """plotext drops duplicate points with set(), so what it draws depends on the string
    hash seed of the process (a label moves a cell between runs); keep first-seen order."""
    from plotext import _utility

    _utility.no_duplicates = lambda data: list(dict.fromkeys(data))


_stable_plotext()

PERIOD_ORDER = ("30", "90", "all")
SHORT = {s.number: f"{s.number} {s.label}" for s in STAGES}
TINY = {1: "1 Field", 2: "2 Org", 3: "3 People", 4: "4 Interview", 5: "5 Follow"}


@dataclass
class InsightsLoaded(Message):
    key: str
    generation: int  # which reload counted it: an older one's answer is dropped
    collected: Collected


@dataclass
class StageTimesLoaded(Message):
    key: str
    generation: int
    times: tuple[StageTime, ...]


class InsightsScreen(StoreScreen):
    """Your progress as pictures, for the last 30 / 90 days or everything."""

    BINDINGS = [
        Binding("p", "period", "Period 30/90/all", id="insights.period"),
        Binding("enter", "open", "Open contact", id="insights.open"),
        Binding("r", "reload", "Refresh", show=False, id="insights.refresh"),
    ]

    DEFAULT_CSS = """
    InsightsScreen Grid {
        grid-size: 2 3;
        grid-rows: 9 14 1fr;
        grid-columns: 1fr 1fr;
        grid-gutter: 0 1;
        padding: 0 1;
    }
    InsightsScreen PlotextPlot { height: 100%; }
    InsightsScreen PlotextPlot.-empty { visibility: hidden; }
    InsightsScreen .panel { height: 100%; }
    InsightsScreen .panel-title { color: $text-primary; text-style: bold; height: 1; }
    InsightsScreen #outreach, InsightsScreen #air, InsightsScreen #funnel { height: auto; }
    InsightsScreen #references { height: auto; margin-top: 1; }
    InsightsScreen #stuck { height: 1fr; }
    /* 80x24: one column that scrolls (up/down/pgup/pgdn), every panel at its own height. */
    InsightsScreen.-narrow #insights-body Grid { layout: vertical; height: auto; }
    InsightsScreen.-narrow .panel { height: auto; margin-bottom: 1; }
    InsightsScreen.-narrow PlotextPlot { height: 14; margin-bottom: 1; }
    InsightsScreen.-narrow #stuck { height: 8; }
    """

    AUTO_FOCUS = ""  # on_mount picks: the list, or (narrow) the page, kept at its top
    NARROW_BELOW = 110  # columns: below this the panels stack in one scrolling column

    def __init__(self) -> None:
        super().__init__()
        self.period_key = "30"
        self.collected: Collected | None = None
        self.stage_times: tuple[StageTime, ...] | None = None  # for self.times_key
        self.times_key = ""
        self.generation = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Content("Insights"), classes="screen-title", id="insights-title")
        with VerticalScroll(id="insights-body", can_focus=False), Grid():
            with Vertical(classes="panel"):
                yield Static(Content("Funnel"), classes="panel-title")
                yield Static(Content("counting…"), id="funnel")
            with Vertical(classes="panel"):
                yield Static(Content("Outreach"), classes="panel-title")
                yield Static(Content("counting…"), id="outreach")
            # Hidden until the figures arrive: plotext draws in Python, so draw once.
            yield PlotextPlot(id="weekly", classes="-empty")
            yield PlotextPlot(id="stages", classes="-empty")
            with Vertical(classes="panel"):
                yield Static(Content("Longest in their stage"), classes="panel-title")
                yield LineList("nobody is waiting in stages 1-4", id="stuck")
            with VerticalScroll(classes="panel", can_focus=False):
                yield Static(Content("AIR yield and follow-up"), classes="panel-title")
                yield Static(Content("counting…"), id="air")
                yield Static(references_text(), id="references")
        yield KeyFooter()

    @property
    def narrow(self) -> bool:
        return self.app.size.width < self.NARROW_BELOW

    def on_mount(self) -> None:
        self._lay_out()
        # Narrow: the page scrolls from the keyboard; tab reaches the list of people.
        self.query_one("#insights-body" if self.narrow else "#stuck").focus()

    def on_resize(self) -> None:
        self._lay_out()
        if self.collected is not None:
            self._texts()

    def _lay_out(self) -> None:
        self.set_class(self.narrow, "-narrow")
        self.query_one("#insights-body").can_focus = self.narrow

    def panel_width(self) -> int:
        """The cells a text panel has: the whole width less padding and the scrollbar
        when narrow, else half of it (less the gutter)."""
        width = self.app.size.width - 2
        return width - 2 if self.narrow else (width - 1) // 2

    def on_screen_resume(self) -> None:
        # Also sent when the screen first shows (twice on a first visit): the one place
        # that loads the figures, queued so that the figures are counted once, not twice
        # on two threads (a cancelled thread worker still runs to its end).
        self.queue_reload()

    def reload(self) -> None:
        self.generation += 1
        if self.times_key != self.period_key:  # another period's chart: not shown as this one's
            self.stage_times = None
            self.query_one("#stages", PlotextPlot).add_class("-empty")
        self._title()
        self.load(self.period_key, self.generation, self.local_now())

    @work(thread=True, exclusive=True, exit_on_error=False, group="insights")
    def load(self, key: str, generation: int, now: datetime) -> None:
        from ..core.periods import Period
        from ..core.report import collect

        collected = collect(
            self.store,
            Period.last(key, now),
            self.iapp.config,
            now.tzinfo,  # type: ignore[arg-type]
            with_chains=False,  # the map (m) counts them
            with_stage_times=False,  # load_stage_times counts them once these are shown
        )
        self.post_message(InsightsLoaded(key, generation, collected))

    @work(thread=True, exclusive=True, exit_on_error=False, group="insights-stages")
    def load_stage_times(self, key: str, generation: int, now: datetime) -> None:
        from ..core.periods import Period
        from ..core.report import collect_stage_times

        times = collect_stage_times(self.store, Period.last(key, now))
        self.post_message(StageTimesLoaded(key, generation, times))

    @on(StageTimesLoaded)
    def show_stage_times(self, message: StageTimesLoaded) -> None:
        if (message.key, message.generation) != (self.period_key, self.generation):
            return  # an older reload's answer arriving late
        self.stage_times, self.times_key = message.times, message.key
        self._title()
        self._stages()

    @on(InsightsLoaded)
    def show(self, message: InsightsLoaded) -> None:
        if (message.key, message.generation) != (self.period_key, self.generation):
            return  # an older period's (or reload's) answer arriving late
        self.collected = message.collected
        # The slow figure next, on its own: the first figures did not wait for it, nor
        # share the CPU with it (2 cores, the event loop drawing them).
        self.load_stage_times(
            message.key, message.generation, message.collected.insights.period.now
        )
        ins = message.collected.insights
        self._title()
        self._texts()
        self._weekly()
        listing = self.query_one("#stuck", LineList)
        rows = [
            Row(
                p.contact_id,
                (
                    (f"{p.days:4.0f} d  ", "warning" if p.days > 30 else "muted"),
                    (f"{SHORT[p.stage]:<16}", "accent"),
                    (p.name, ""),
                ),
            )
            for p in ins.stuck
        ]
        listing.load_rows(rows, listing.selected_key)
        self.refresh_bindings()

    def _texts(self) -> None:
        assert self.collected is not None
        ins, width = self.collected.insights, self.panel_width()
        self.query_one("#funnel", Static).update(funnel_text(ins, funnel_bar(width)))
        self.query_one("#outreach", Static).update(outreach_text(ins, width))
        self.query_one("#air", Static).update(air_text(ins))

    def _title(self) -> None:
        from ..core.periods import PERIOD_LABELS

        label = PERIOD_LABELS[self.period_key]
        loading = (
            self.collected is None
            or self.collected.insights.period.label != label
            or self.stage_times is None
        )
        self.query_one("#insights-title", Static).update(
            Content.assemble(
                "Insights · ",
                (label, "$text-accent"),
                ("   counting…" if loading else "", "$text-muted"),
            )
        )

    def _weekly(self) -> None:
        assert self.collected is not None
        ins = self.collected.insights
        plot = self.query_one("#weekly", PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        labels = [f"{w.start:%d %b}" for w in ins.weeks]
        # textual-plotext's stub says `label`; plotext itself takes `labels`.
        plt.multiple_bar(  # type: ignore[call-arg]
            labels,
            [[w.sent for w in ins.weeks], [w.interviews for w in ins.weeks]],
            labels=["sent", "interviews"],
        )
        plt.hline(ins.goal_outreach, "blue")
        plt.hline(ins.goal_interviews, "green")
        plt.title(
            f"Per week: sent (goal {ins.goal_outreach}) and interviews (goal {ins.goal_interviews})"
        )
        plot.remove_class("-empty")
        plot.refresh()

    def _stages(self) -> None:
        assert self.stage_times is not None
        times = self.stage_times
        plot = self.query_one("#stages", PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        plt.bar(
            [TINY[t.stage] for t in times],
            [round(t.median_days or 0, 1) for t in times],
            width=0.5,
        )
        plt.title("Median days in each stage")
        plot.remove_class("-empty")
        plot.refresh()

    def action_period(self) -> None:
        self.period_key = PERIOD_ORDER[(PERIOD_ORDER.index(self.period_key) + 1) % 3]
        self.reload()

    def action_reload(self) -> None:
        self.reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open" and self.is_mounted:
            return self.query_one("#stuck", LineList).selected_key is not None
        return True

    def on_line_list_highlighted(self) -> None:
        self.refresh_bindings()

    def on_line_list_chosen(self, message: LineList.Chosen) -> None:
        if isinstance(message.key, int):
            self.open_contact(message.key)

    def action_open(self) -> None:
        key = self.query_one("#stuck", LineList).selected_key
        if isinstance(key, int):
            self.open_contact(key)
