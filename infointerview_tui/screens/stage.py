"""One screen per timeline stage (1-5), titled with its full name, guidance at hand."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Header, Static

from ..core.stages import stage
from ..widgets.key_footer import KeyFooter
from .base import StoreScreen


def guidance_text(number: int) -> Content:
    s = stage(number)
    lines = [Content.styled(s.does, "italic")]
    lines += [Content(f"• {line}") for line in s.guidance]
    return Content("\n").join(lines)


class StageScreen(StoreScreen):
    DEFAULT_CSS = """
    StageScreen #stage-body { height: 1fr; }
    StageScreen #stage-main { width: 2fr; }
    StageScreen #stage-side { width: 1fr; padding: 0 1; }
    """

    def __init__(self, number: int) -> None:
        super().__init__()
        self.number = number

    def compose(self) -> ComposeResult:
        s = stage(self.number)
        yield Header()
        yield Static(Content(f"Stage {s.number}: {s.name}"), classes="screen-title")
        with Horizontal(id="stage-body"):
            yield Vertical(id="stage-main")
            with Vertical(id="stage-side"):
                yield Static(guidance_text(self.number), classes="guidance")
        yield KeyFooter()
