"""Helpers for widgets that draw their own lines (Strips of Segments)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.content import Content
from textual.geometry import Region
from textual.widget import Widget

_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def literal(text: str) -> str:
    """User text made safe for a single terminal line: no control bytes, no newlines."""
    return _UNPRINTABLE.sub(" ", text)


def fit(parts: list[tuple[str, Style]], width: int, fill: Style) -> list[Segment]:
    """Segments exactly `width` cells wide: parts in order, the last cut with an ellipsis."""
    segments: list[Segment] = []
    used = 0
    for text, style in parts:
        if used >= width:
            break
        text = literal(text)
        room = width - used
        if cell_len(text) > room:
            text = set_cell_size(text, max(room - 1, 0)) + "…" if room > 1 else "…"
        segments.append(Segment(text, style))
        used += cell_len(text)
    if used < width:
        segments.append(Segment(" " * (width - used), fill))
    return segments


def hang(hanging: Content, body: Content, width: int) -> Content:
    """`hanging` (keys, a bullet, a tag) then `body` wrapped to the cells left beside it:
    the wrapped lines start under the body's first character, not at the margin."""
    indent = hanging.cell_length
    wrapped = body.wrap(max(12, width - indent)) if body else [body]
    pad = Content(" " * indent)
    return Content("\n").join([hanging + wrapped[0], *(pad + line for line in wrapped[1:])])


def draw_ahead(widgets: Iterable[Widget]) -> None:
    """Draw the lines of widgets that just changed, now, while the event loop waits for
    the screen's next frame: Textual paints at most one frame per 1/60 s, so a change
    that comes just after a frame (a filter's result, read after the key's echo was
    painted) waits up to 16 ms for it, and the frame then drew every line of it. The
    lines drawn now are kept by each widget (its own line cache, or Textual's styles
    cache until the next refresh), so the frame only composes them. A widget not on
    screen (no size) is left alone."""
    for widget in widgets:
        width, height = widget.region.size
        if width and height:
            widget.render_lines(Region(0, 0, width, height))
