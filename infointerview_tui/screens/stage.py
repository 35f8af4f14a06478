"""One screen per timeline stage (1-5), titled with its full name, guidance at hand.

The stages share a shape (a list of that stage's records on the left; the guidance and
the selected record's details on the right), so they share this base; each stage's
module says what its list holds and what its keys do.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Header, Input, Static, TextArea

from ..core.stages import stage
from ..faults import on
from ..widgets.key_footer import KeyFooter
from ..widgets.line_list import LineList
from .base import StoreScreen


def guidance_text(number: int) -> Content:
    s = stage(number)
    lines = [Content.styled(s.does, "italic")]
    lines += [Content(f"• {line}") for line in s.guidance]
    return Content("\n").join(lines)


class StageScreen(StoreScreen):
    NUMBER = 1
    EMPTY = "nothing here yet: n adds one"

    DEFAULT_CSS = """
    StageScreen #stage-body { height: 1fr; }
    StageScreen #stage-main { width: 3fr; }
    StageScreen #stage-side { width: 2fr; padding: 0 1; border-left: tall $panel; }
    StageScreen #detail { height: auto; }
    StageScreen .section { text-style: bold; color: $text-primary; margin-top: 1; }
    /* 80x24: the selected record's details (and forms) first; the stage's guidance is
       in ? help, and the side gets half the width. */
    StageScreen.-narrow #stage-main { width: 1fr; }
    StageScreen.-narrow #stage-side { width: 1fr; }
    StageScreen.-narrow #stage-side .guidance { display: none; }
    """

    def compose(self) -> ComposeResult:
        s = stage(self.NUMBER)
        yield Header()
        yield Static(Content(f"Stage {s.number}: {s.name}"), classes="screen-title")
        with Horizontal(id="stage-body"):
            with Vertical(id="stage-main"):
                yield LineList(self.EMPTY, id="records")
            with VerticalScroll(id="stage-side"):
                yield Static(guidance_text(self.NUMBER), classes="guidance")
                yield from self.compose_detail()
        yield KeyFooter()

    def compose_detail(self) -> ComposeResult:
        yield Static("", id="detail")

    @property
    def records(self) -> LineList:
        return self.query_one("#records", LineList)

    NARROW_BELOW = 110  # columns: below this a stage may lay its side out tighter

    def on_resize(self) -> None:
        self.set_class(self.size.width < self.NARROW_BELOW, "-narrow")

    def on_mount(self) -> None:
        self.queue_reload()
        self.records.focus()

    def on_screen_resume(self) -> None:
        self.queue_reload()

    def reload(self, select: object = None) -> None:
        """Re-read the list (keeping or moving the selection)."""

    def show(self, key: object) -> None:
        """Show the selected record's details."""

    # The record whose form is being typed in while the data changed: its form is left
    # as it is (the list around it still reloads); cleared once the list re-highlights.
    _typing_in: object = None

    def _data_changed(self, _: None) -> None:
        if not self.is_mounted:
            return
        key = self.records.selected_key
        if isinstance(self.focused, (Input, TextArea)):
            self._typing_in = key
        self.reload(key)  # keep the same record selected, wherever the change put it

    @on(LineList.Highlighted, "#records")
    def _highlighted(self, event: LineList.Highlighted) -> None:
        typing_in, self._typing_in = self._typing_in, None
        if typing_in is None or event.key != typing_in:
            self.show(event.key)
        self.refresh_bindings()

    def why_not(self, action: str, parameters: tuple[object, ...]) -> str | None:
        if action in getattr(self, "NEEDS_RECORD", ()):
            return f"Nothing selected: {self.EMPTY}"
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in getattr(self, "NEEDS_RECORD", ()):
            return self.is_mounted and self.records.selected_key is not None
        return True


def make_stage_screen(number: int) -> StageScreen:
    if number == 1:
        from .stage_records import CareerFieldsScreen

        return CareerFieldsScreen()
    if number == 2:
        from .stage_records import OrganizationsScreen

        return OrganizationsScreen()
    if number == 3:
        from .stage_people import PeopleScreen

        return PeopleScreen()
    if number == 4:
        from .stage_interviews import InterviewsScreen

        return InterviewsScreen()
    from .stage_followup import FollowUpScreen

    return FollowUpScreen()
