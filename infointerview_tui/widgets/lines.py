"""Helpers for widgets that draw their own lines (Strips of Segments)."""

from __future__ import annotations

import re

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.content import Content

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
