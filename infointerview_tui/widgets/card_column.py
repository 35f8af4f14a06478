"""One kanban column: a line-drawn, paged list of contact cards.

Cards are drawn as lines by `render_line` (never one widget per contact) and fetched a
page at a time through the `fetch` callable the screen hands down, so a column of 10,000
costs what a column of 10 does: only what is on screen is queried and drawn.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..core.board import PAGE_SIZE, Card
from ..core.dates import short_due
from .lines import fit

CARD_LINES = 4  # name, organization · title, next due action, gap

Fetch = Callable[[int, int], list[Card]]


class CardColumn(ScrollView, can_focus=True):
    """The cards of one stage. Posts `Selected` when the selection changes."""

    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Up", show=False),
        Binding("down,j", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "jump(0)", "First", show=False),
        Binding("end", "jump(-1)", "Last", show=False),
    ]

    COMPONENT_CLASSES = {
        "card-column--name",
        "card-column--meta",
        "card-column--due",
        "card-column--overdue",
        "card-column--selected",
        "card-column--cursor",
        "card-column--empty",
    }

    DEFAULT_CSS = """
    CardColumn {
        height: 1fr;
        scrollbar-size-vertical: 1;
        overflow-x: hidden;
        background: $surface;
    }
    CardColumn > .card-column--name { text-style: bold; color: $foreground; }
    CardColumn > .card-column--meta { color: $text-muted; }
    CardColumn > .card-column--due { color: $text-accent; }
    CardColumn > .card-column--overdue { color: $text-error; text-style: bold; }
    CardColumn > .card-column--selected { background: $boost; }
    CardColumn > .card-column--cursor { background: $primary 35%; }
    CardColumn > .card-column--empty { color: $text-disabled; text-style: italic; }
    """

    selected: reactive[int] = reactive(0, init=False)

    class Selected(Message):
        def __init__(self, column: CardColumn, card: Card | None) -> None:
            self.column = column
            self.card = card
            super().__init__()

    def __init__(self, stage: int, fetch: Fetch, now: Callable[[], datetime], **kw: object) -> None:
        super().__init__(**kw)  # type: ignore[arg-type]
        self.stage = stage
        self._fetch = fetch
        self._now = now
        self._pages: dict[int, list[Card]] = {}
        self.total = 0

    # -- data ----------------------------------------------------------------------

    def reload(self, total: int, select: int | None = None) -> None:
        """Forget cached pages and show `total` cards (selection kept or moved to select)."""
        self._pages.clear()
        self.total = total
        self.virtual_size = Size(self.size.width, total * CARD_LINES)
        index = self.selected if select is None else select
        self.set_reactive(CardColumn.selected, max(0, min(index, total - 1)))
        self._scroll_to_selected(animate=False)
        self.refresh()

    def card_at(self, index: int) -> Card | None:
        if not 0 <= index < self.total:
            return None
        page, offset = divmod(index, PAGE_SIZE)
        cards = self._pages.get(page)
        if cards is None:
            cards = self._pages[page] = self._fetch(page * PAGE_SIZE, PAGE_SIZE)
        return cards[offset] if offset < len(cards) else None

    @property
    def selected_card(self) -> Card | None:
        return self.card_at(self.selected)

    # -- selection -----------------------------------------------------------------

    def watch_selected(self, old: int, new: int) -> None:
        self._scroll_to_selected()
        self.refresh()
        self.post_message(self.Selected(self, self.selected_card))

    def _scroll_to_selected(self, animate: bool = False) -> None:
        if self.total == 0:
            return
        top = self.selected * CARD_LINES
        height = self.scrollable_content_region.height or CARD_LINES
        if top < self.scroll_y:
            self.scroll_to(y=top, animate=animate, immediate=True)
        elif top + CARD_LINES - 1 >= self.scroll_y + height:
            self.scroll_to(y=top + CARD_LINES - height, animate=animate, immediate=True)

    def action_cursor(self, delta: int) -> None:
        if self.total:
            self.selected = max(0, min(self.total - 1, self.selected + delta))

    def action_page(self, direction: int) -> None:
        per_page = max(1, self.scrollable_content_region.height // CARD_LINES)
        self.action_cursor(direction * per_page)

    def action_jump(self, index: int) -> None:
        if self.total:
            self.selected = self.total - 1 if index < 0 else index

    def on_click(self, event: events.Click) -> None:
        index = int(event.y + self.scroll_y) // CARD_LINES
        if 0 <= index < self.total:
            self.selected = index
        self.focus()

    def on_focus(self) -> None:
        self.refresh()
        self.post_message(self.Selected(self, self.selected_card))

    def on_blur(self) -> None:
        self.refresh()

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, self.total * CARD_LINES)
        self._scroll_to_selected()

    # -- drawing -------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        row = y + int(self.scroll_y)
        index, line = divmod(row, CARD_LINES)
        if self.total == 0:
            if y == 1:
                style = base + self.get_component_rich_style("card-column--empty")
                return Strip(fit([("  no contacts here", style)], width, base), width)
            return Strip.blank(width, base)
        card = self.card_at(index)
        if card is None or line == CARD_LINES - 1:
            return Strip.blank(width, base)
        fill = base
        if index == self.selected:
            name = "card-column--cursor" if self.has_focus else "card-column--selected"
            fill = base + self.get_component_rich_style(name)
        marker = "▌" if index == self.selected and self.has_focus else " "
        return Strip(fit(self._card_line(card, line, fill, marker), width, fill), width)

    def _card_line(
        self, card: Card, line: int, fill: Style, marker: str
    ) -> list[tuple[str, Style]]:
        style = self.get_component_rich_style
        if line == 0:
            return [(marker, fill), (card.name, fill + style("card-column--name"))]
        if line == 1:
            meta = " · ".join(p for p in (card.organization, card.title) if p)
            return [(marker, fill), (meta, fill + style("card-column--meta"))]
        if card.due is None:
            return [(marker, fill)]
        now = self._now()
        overdue = card.due < now
        label = f"{card.due_kind} · {short_due(card.due, now)}"
        due_style = style("card-column--overdue" if overdue else "card-column--due")
        return [
            (marker, fill),
            ("! " if overdue else "· ", fill + due_style),
            (label, fill + due_style),
        ]
