"""Inline SVG charts for the HTML report: plain shapes and text, no scripts, no fonts fetched.

Each chart is a complete `<svg>` element sized in CSS pixels; colours print well on white.
Every string that reaches the markup goes through `html.escape`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

BAR = "#3b6ea8"
GOAL = "#c0392b"
SECOND = "#7fa650"
INK = "#222"
MUTED = "#777"
GRID = "#ddd"


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: float
    note: str = ""  # printed after the bar, e.g. "85% of the stage before"


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        f'font-family="sans-serif" font-size="12">'
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )


def bar_chart(
    title: str,
    bars: Sequence[Bar],
    *,
    unit: str = "",
    scale_max: float | None = None,
    width: int = 640,
    label_width: int = 150,
) -> str:
    """Horizontal bars, one per row, with the value (and a note) printed beside each."""
    row, top = 26, 8
    height = top + row * max(1, len(bars)) + 8
    room = width - label_width - 210
    peak = scale_max if scale_max is not None else max((b.value for b in bars), default=0)
    body: list[str] = []
    for i, b in enumerate(bars):
        y = top + i * row
        length = 0.0 if peak <= 0 else room * max(0.0, b.value) / peak
        value = f"{b.value:g}{unit}"
        body.append(
            f'<text x="{label_width - 8}" y="{y + 16}" text-anchor="end" fill="{INK}">'
            f"{escape(b.label)}</text>"
            f'<rect x="{label_width}" y="{y + 4}" width="{length:.1f}" height="16" '
            f'fill="{BAR}"/>'
            f'<text x="{label_width + length + 6:.1f}" y="{y + 16}" fill="{INK}">'
            f"{escape(value)}"
            + (f' <tspan fill="{MUTED}">{escape(b.note)}</tspan>' if b.note else "")
            + "</text>"
        )
    if not bars:
        body.append(f'<text x="8" y="22" fill="{MUTED}">nothing to show yet</text>')
    return _svg(width, height, title, body)


def week_chart(
    title: str,
    weeks: Sequence[tuple[str, int, int]],
    goal_sent: int,
    goal_interviews: int,
    *,
    width: int = 640,
    height: int = 200,
) -> str:
    """Messages sent and interviews held per week as paired columns, goals as dashed lines."""
    left, bottom, top = 34, 30, 12
    plot_h = height - bottom - top
    peak = max([goal_sent, goal_interviews, 1] + [max(s, i) for _, s, i in weeks])
    slot = (width - left - 8) / max(1, len(weeks))
    col = max(2.0, min(18.0, slot / 2 - 3))

    def y(value: float) -> float:
        return top + plot_h - plot_h * value / peak

    body = [
        f'<line x1="{left}" y1="{y(0):.1f}" x2="{width - 4}" y2="{y(0):.1f}" stroke="{GRID}"/>',
        f'<text x="{left - 6}" y="{y(peak) + 4:.1f}" text-anchor="end" fill="{MUTED}">'
        f"{peak}</text>",
        f'<text x="{left - 6}" y="{y(0) + 4:.1f}" text-anchor="end" fill="{MUTED}">0</text>',
    ]
    for i, (label, sent, held) in enumerate(weeks):
        x = left + i * slot + slot / 2
        body.append(
            f'<rect x="{x - col - 1:.1f}" y="{y(sent):.1f}" width="{col:.1f}" '
            f'height="{y(0) - y(sent):.1f}" fill="{BAR}"><title>{escape(label)}: {sent} sent'
            f"</title></rect>"
            f'<rect x="{x + 1:.1f}" y="{y(held):.1f}" width="{col:.1f}" '
            f'height="{y(0) - y(held):.1f}" fill="{SECOND}"><title>{escape(label)}: {held} '
            f"interviews</title></rect>"
        )
        if len(weeks) <= 14 or i % 2 == 0:
            body.append(
                f'<text x="{x:.1f}" y="{height - bottom + 16}" text-anchor="middle" '
                f'fill="{MUTED}" font-size="10">{escape(label)}</text>'
            )
    for goal, colour, name in ((goal_sent, BAR, "sent"), (goal_interviews, SECOND, "interviews")):
        body.append(
            f'<line x1="{left}" y1="{y(goal):.1f}" x2="{width - 4}" y2="{y(goal):.1f}" '
            f'stroke="{colour}" stroke-dasharray="5 4"><title>goal: {goal} {name} a week'
            f"</title></line>"
        )
    return _svg(width, height, title, body)
