"""The timeline strip: the five stages in order with their counts."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

from ..core.contact_rows import count_text
from ..core.stages import STAGES
from ..faults import FaultBarrier


class Timeline(FaultBarrier, Widget):
    """One line: ① Career field 7 ─▶ ② Organization 9 ─▶ …"""

    DEFAULT_CSS = """
    Timeline { height: 1; padding: 0 1; background: $panel; color: $text-muted; }
    """

    def __init__(self, **kw: object) -> None:
        super().__init__(**kw)  # type: ignore[arg-type]
        self.counts: dict[int, int] = {}
        self.current: int | None = None

    def update(self, counts: dict[int, int], current: int | None = None) -> None:
        # Compared as shown: a MoreThan(1000) equals 1000 as a number, not as text.
        if (_shown(counts), current) != (_shown(self.counts), self.current):
            self.counts = dict(counts)
            self.current = current
            self.refresh()

    def render(self) -> Content:
        parts: list[Content] = []
        for s in STAGES:
            count = self.counts.get(s.number, 0)
            style = "bold $text-primary" if s.number == self.current else "$foreground"
            parts.append(
                Content.assemble(
                    (f"{s.number} {s.label}", style), " ", (count_text(count), "$text-accent")
                )
            )
        return Content(" ─▶ ").join(parts)


class ColumnTitle(FaultBarrier, Widget):
    """A column's head: number, label and count. Repaints without a layout pass."""

    def __init__(self, number: int, label: str, **kw: object) -> None:
        super().__init__(**kw)  # type: ignore[arg-type]
        self.number = number
        self.label = label
        self.count = 0

    def show(self, count: int) -> None:
        """The column's count: exact, or "1,000+" for a MoreThan (a capped filter)."""
        if count_text(count) != count_text(self.count):
            self.count = count
            self.refresh()

    def render(self) -> Content:
        return Content.assemble(
            f"{self.number} {self.label}", "  ", (count_text(self.count), "$text-accent")
        )


def _shown(counts: dict[int, int]) -> dict[int, str]:
    return {stage: count_text(n) for stage, n in counts.items()}
