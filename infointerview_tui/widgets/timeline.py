"""The timeline strip (the five stages in order with their counts) and the columns'
titles: one line each, drawn from their parts (`OneLine`)."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.content import Content
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from ..core.contact_rows import count_text
from ..core.stages import STAGES
from ..faults import FaultBarrier
from .lines import literal

Parts = tuple[tuple[str, str], ...]  # (text, component class, or "" for the widget's own)


class OneLine(FaultBarrier, Widget):
    """A line of text in parts, each in the widget's style or a component's, drawn as
    a Strip and kept until what it says or its look changes.

    The titles and the timeline change with each filter's result (their counts):
    through Textual's content path (markup, wrapping, the styles cache's padding and
    links) a title took ~0.3 ms to draw and the timeline ~0.8 ms, ~2.5 ms a result of
    the event loop's time. Text that does not fit is cut at the last space that does, as
    wrapping the line would have shown it. Padding left and right is the style's."""

    DEFAULT_CSS = "OneLine { height: 1; }"

    def __init__(self, **kw: object) -> None:
        super().__init__(**kw)  # type: ignore[arg-type]
        self._drawn: tuple[tuple[object, ...], Strip] | None = None

    def parts(self) -> Parts:
        raise NotImplementedError

    def render(self) -> Content:
        """What the line says, as Content (for anything that asks Textual's way)."""
        return Content.assemble(*(text for text, _ in self.parts()))

    def notify_style_update(self) -> None:
        self._drawn = None  # a class, the focus or the theme changed: drawn anew
        super().notify_style_update()

    def render_lines(self, crop: Region) -> list[Strip]:
        width, height = self.region.size
        parts = self.parts()
        key = (parts, width)
        if self._drawn is None or self._drawn[0] != key:
            self._drawn = (key, self._draw(parts, width))
        strips = [self._drawn[1] if y == 0 else self._blank(width) for y in crop.line_range]
        if crop.column_span != (0, width):
            x1, x2 = crop.column_span
            strips = [strip.crop(x1, x2) for strip in strips]
        return strips

    def _blank(self, width: int) -> Strip:
        """A line under the first (a style taller than one line)."""
        return Strip([Segment(" " * width, self.rich_style)], width)

    def _draw(self, parts: Parts, width: int) -> Strip:
        base = self.rich_style
        padding = self.styles.padding
        room = max(0, width - padding.left - padding.right)
        shown = _first_line([(literal(text), component) for text, component in parts], room)
        segments = [Segment(" " * padding.left, base)] if padding.left else []
        used = 0
        for text, component in shown:
            if text:
                style = base + self._text_style(component) if component else base
                segments.append(Segment(text, style))
                used += cell_len(text)
        if width - padding.left - used > 0:
            segments.append(Segment(" " * (width - padding.left - used), base))
        _, background = self.background_colors
        for line_filter in self.get_line_filters():
            segments = line_filter.apply(segments, background)
        return Strip(segments, width)

    def _text_style(self, component: str) -> Style:
        """A component's colour and weight, over the widget's background."""
        style = self.get_component_rich_style(component)
        return Style(color=style.color, bold=style.bold, italic=style.italic, dim=style.dim)


def _first_line(parts: list[tuple[str, str]], room: int) -> list[tuple[str, str]]:
    """The parts as far as `room` cells, as the first line of the text wrapped at
    spaces would show them: up to the last space that fits (a first word longer than
    the room is cut at it)."""
    whole = "".join(text for text, _ in parts)
    if cell_len(whole) <= room:
        return parts
    cut = set_cell_size(whole, room)
    if whole[len(cut) : len(cut) + 1] == " ":
        keep = len(cut.rstrip(" "))  # the cut falls between words
    else:
        space = cut.rfind(" ")
        keep = len(cut[:space].rstrip(" ")) if space > 0 else len(cut)
    shown: list[tuple[str, str]] = []
    for text, component in parts:
        if keep <= 0:
            break
        shown.append((text[:keep], component))
        keep -= len(text)
    return shown


class Timeline(OneLine):
    """One line: ① Career field 7 ─▶ ② Organization 9 ─▶ …"""

    COMPONENT_CLASSES = {"timeline--stage", "timeline--current", "timeline--count"}

    DEFAULT_CSS = """
    Timeline { height: 1; padding: 0 1; background: $panel; color: $text-muted; }
    Timeline > .timeline--stage { color: $foreground; }
    Timeline > .timeline--current { color: $text-primary; text-style: bold; }
    Timeline > .timeline--count { color: $text-accent; }
    """

    def __init__(self, **kw: object) -> None:
        super().__init__(**kw)
        self.counts: dict[int, int] = {}
        self.current: int | None = None

    def update(self, counts: dict[int, int], current: int | None = None) -> None:
        # Compared as shown: a MoreThan(1000) equals 1000 as a number, not as text.
        if (_shown(counts), current) != (_shown(self.counts), self.current):
            self.counts = dict(counts)
            self.current = current
            self.refresh()

    def parts(self) -> Parts:
        parts: list[tuple[str, str]] = []
        for s in STAGES:
            if parts:
                parts.append((" ─▶ ", ""))
            stage = "timeline--current" if s.number == self.current else "timeline--stage"
            count = count_text(self.counts.get(s.number, 0))
            parts += [(f"{s.number} {s.label}", stage), (" ", ""), (count, "timeline--count")]
        return tuple(parts)


class ColumnTitle(OneLine):
    """A column's head: number, label and count. Repaints without a layout pass."""

    COMPONENT_CLASSES = {"column-title--count"}

    DEFAULT_CSS = """
    ColumnTitle > .column-title--count { color: $text-accent; }
    """

    def __init__(self, number: int, label: str, **kw: object) -> None:
        super().__init__(**kw)
        self.number = number
        self.label = label
        self.count = 0

    def show(self, count: int) -> None:
        """The column's count: exact, or "1,000+" for a MoreThan (a capped filter)."""
        if count_text(count) != count_text(self.count):
            self.count = count
            self.refresh()

    def parts(self) -> Parts:
        return (
            (f"{self.number} {self.label}", ""),
            ("  ", ""),
            (count_text(self.count), "column-title--count"),
        )


def _shown(counts: dict[int, int]) -> dict[int, str]:
    return {stage: count_text(n) for stage, n in counts.items()}
