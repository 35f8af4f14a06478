"""One kanban column: a line-drawn, paged list of contact cards.

Cards are drawn as lines by `render_line` (never one widget per contact) and fetched a
page at a time through the `fetch` callable the screen hands down, so a column of 10,000
costs what a column of 10 does: only what is on screen is queried and drawn. The paging,
scrolling and line cache are the line-list base's (widgets/paged_lines.py), shared with
the stage lists.

The column scrolls itself (a `top` card index and a drawn scrollbar) instead of being a
ScrollView: a ScrollView's virtual size is layout state, so every move between columns
cost a relayout and a full-screen repaint; here a move repaints just the two columns.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import datetime
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip

from ..core.contact_rows import MoreThan
from ..core.dates import short_due
from ..core.stages import PAGE_SIZE
from .bounded_cache import BoundedCache
from .lines import fit
from .paged_lines import LINES_KEPT, Line, PagedLines

if TYPE_CHECKING:
    from ..core.contact_rows import Card

CARD_LINES = 4  # name, organization · title, next due action, gap

Fetch = Callable[[int, int], "list[Card]"]
_TEXT_COMPONENTS = {
    "card-column--name",
    "card-column--meta",
    "card-column--due",
    "card-column--overdue",
    "card-column--empty",
    "card-column--booster",
    "card-column--obligate",
    "card-column--curmudgeon",
}


class CardColumn(PagedLines["Card"]):
    # What an empty column says; the board's first column says where a newcomer starts.
    empty_text = "empty · n adds a contact"
    """The cards of one stage. Posts `Selected` when the selection changes.

    Not focusable: the board owns the keys and marks one column `active`. Moving between
    columns then changes no focus, and Textual repaints a focus change as a whole screen.
    """

    LINES_PER_ITEM = CARD_LINES
    PAGE = PAGE_SIZE
    LINES_KEYED_BY_ITEM = True  # (`render_line`)

    COMPONENT_CLASSES = {
        "card-column--name",
        "card-column--meta",
        "card-column--due",
        "card-column--overdue",
        "card-column--selected",
        "card-column--cursor",
        "card-column--empty",
        "card-column--booster",
        "card-column--obligate",
        "card-column--curmudgeon",
        "card-column--scrollbar",
        "card-column--thumb",
    }

    DEFAULT_CSS = """
    CardColumn {
        height: 1fr;
        background: $surface;
    }
    CardColumn > .card-column--name { text-style: bold; color: $foreground; }
    CardColumn > .card-column--meta { color: $text-muted; }
    CardColumn > .card-column--due { color: $text-accent; }
    CardColumn > .card-column--overdue { color: $text-error; text-style: bold; }
    CardColumn > .card-column--selected { background: $boost; }
    CardColumn > .card-column--cursor { background: $primary 35%; }
    CardColumn > .card-column--empty { color: $text-disabled; text-style: italic; }
    CardColumn > .card-column--booster { color: $text-success; text-style: bold; }
    CardColumn > .card-column--obligate { color: $text-accent; }
    CardColumn > .card-column--curmudgeon { color: $text-error; }
    CardColumn > .card-column--scrollbar { background: $surface; }
    CardColumn > .card-column--thumb { background: $panel-lighten-2; }
    """

    class Selected(Message):
        def __init__(self, column: CardColumn, card: Card | None) -> None:
            self.column = column
            self.card = card
            super().__init__()

    class AtCapEnd(Message):
        """The selection reached the last card of a column whose count a filter capped
        ("1,000+"): time to count it exactly, so that the rest can be scrolled to."""

        def __init__(self, column: CardColumn) -> None:
            self.column = column
            super().__init__()

    class Clicked(Message):
        def __init__(self, column: CardColumn) -> None:
            self.column = column
            super().__init__()

    def __init__(self, stage: int, fetch: Fetch, now: Callable[[], datetime], **kw: object) -> None:
        super().__init__(**kw)
        self.stage = stage
        self._fetch = fetch
        self._now = now
        self.badges: dict[int, str] = {}  # contact id -> booster / obligate / curmudgeon
        self._active = False
        self.count = 0  # as the column's title shows it (a MoreThan: "1,000+")
        # Styles are resolved once per style change (drawing is the hot path).
        self._styles: dict[str, Style] | None = None
        self._styles_stale = False  # the stylesheet was applied again since resolved
        self._paint_now: datetime | None = None  # the clock, read once a paint
        self._paint_thumb: tuple[int, int] | None = None  # the scrollbar's, likewise
        # A line's text without the scrollbar's cell, by what it shows (`line`).
        self._texts: BoundedCache[Hashable, list[Segment]] = BoundedCache(LINES_KEPT)

    # -- data ----------------------------------------------------------------------

    def set_badges(self, badges: dict[int, str]) -> None:
        """Show each contact's responsiveness on its card (loaded after the cards)."""
        if badges != self.badges:
            self.badges = badges
            self.forget_lines()
            self.refresh()

    def reload(
        self, total: int, select: int | None = None, first_page: list[Card] | None = None
    ) -> None:
        """Forget cached pages and show `total` cards (selection kept or moved to select);
        `first_page`, when already read off the event loop, saves reading it here. A
        MoreThan(n) total (a filter's capped count) shows n + 1 cards, all there are
        known to be, until the selection reaches the last of them (`AtCapEnd`)."""
        index = self.selected if select is None else select
        self.count = total
        shown = total + 1 if isinstance(total, MoreThan) else total
        if isinstance(total, MoreThan) and select is not None:
            shown = max(shown, select + 1)  # (a card put back deep in the column: undo)
        self.show_items(shown, self._fetch, index, first_page)
        if self.capped and select is not None and select >= shown - 1:
            self.post_message(self.AtCapEnd(self))

    @property
    def capped(self) -> bool:
        """Whether only a lower bound of the column's size is known (`reload`)."""
        return isinstance(self.count, MoreThan)

    def card_at(self, index: int) -> Card | None:
        return self.item(index)

    @property
    def selected_card(self) -> Card | None:
        return self.card_at(self.selected)

    @property
    def active(self) -> bool:
        """Whether this is the board's current column (drawn with the cursor)."""
        return self._active

    @active.setter
    def active(self, value: bool) -> None:
        if value != self._active:
            self._active = value
            self.refresh()
            if value:
                self.post_message(self.Selected(self, self.selected_card))

    @property
    def visible_cards(self) -> int:
        return self.visible_items

    def forget_lines(self) -> None:
        super().forget_lines()
        self._texts.clear()

    # -- selection and scrolling ---------------------------------------------------

    def selection_changed(self) -> None:
        self.post_message(self.Selected(self, self.selected_card))
        if self.capped and self.selected >= self.total - 1:
            self.post_message(self.AtCapEnd(self))

    def scroll_cards(self, delta: int) -> None:
        self.scroll_items(delta)

    def cursor(self, delta: int) -> None:
        if self.total:
            self.selected = max(0, min(self.total - 1, self.selected + delta))

    def page(self, direction: int) -> None:
        self.cursor(direction * self.visible_cards)

    def jump(self, index: int) -> None:
        if self.total:
            self.selected = self.total - 1 if index < 0 else index

    def on_click(self, event: events.Click) -> None:
        index = self.top + event.y // CARD_LINES
        if 0 <= index < self.total:
            self.selected = index
        self.post_message(self.Clicked(self))

    def styles_may_have_changed(self) -> None:
        # Textual re-applies the stylesheet often (the filter's box taking the focus
        # and giving it back: ten times a column); the lines are forgotten at the next
        # paint only if what they are drawn with did change (`_resolve_styles`).
        self._styles_stale = True

    # -- drawing -------------------------------------------------------------------

    def _style(self, name: str) -> Style:
        """The widget's own style ("") or a component's, resolved once per style change."""
        if self._styles is None or self._styles_stale:
            self._resolve_styles()
        assert self._styles is not None
        return self._styles[name]

    def _resolve_styles(self) -> None:
        """The styles lines are drawn with, again; the drawn lines forgotten if they
        differ from those they were drawn with."""
        styles = {"": self.rich_style}
        for component in self.COMPONENT_CLASSES:
            style = self.get_component_rich_style(component)
            if component in _TEXT_COMPONENTS:
                # Text styles must not paint over the selection's background.
                style = Style(
                    color=style.color,
                    bold=style.bold,
                    italic=style.italic,
                    dim=style.dim,
                    underline=style.underline,
                )
            styles[component] = style
        if styles != self._styles:
            self.forget_lines()
        self._styles, self._styles_stale = styles, False

    def render_lines(self, crop: Region) -> list[Strip]:
        if self._styles_stale:
            self._resolve_styles()  # before any line is taken from those kept
        self._paint_now = self._now()  # (~8 µs a read: once a paint, not once a line)
        self._paint_thumb = self._thumb()
        try:
            return super().render_lines(crop)
        finally:
            self._paint_now = self._paint_thumb = None

    def line(self, y: int) -> Line:
        # A line is kept by what it shows (the card itself, not its place): a filter's
        # new result, or the board read again, draws only the cards not drawn before,
        # and Textual's own per-line work (filters, crops) is kept with each Strip.
        width = self.line_size.width
        if self.total <= self.visible_cards:
            return self._text_line(y, width)
        # With a scrollbar: the text one cell narrower, then the bar's cell.
        start, end = self._paint_thumb or self._thumb()
        in_thumb = start <= y < end
        # The text is kept apart from the bar: the thumb moves with the column's height
        # (the filter's box opening) and its lines are then the same text, another cell.
        key, text = self._text_line(y, width - 1)

        def draw() -> list[Segment]:
            segments = self._texts.get(key)
            if segments is None:
                segments = text()
                self._texts.set(key, segments)
            bar = "card-column--thumb" if in_thumb else "card-column--scrollbar"
            return [*segments, Segment(" ", self._style("") + self._style(bar))]

        return ("bar", key, in_thumb), draw

    def _thumb(self) -> tuple[int, int]:
        """The rows the scrollbar's thumb covers, [start, end)."""
        height = max(1, self.line_size.height)
        visible = self.visible_cards
        size = max(1, height * visible // max(1, self.total))
        start = (height - size) * self.top // max(1, self.total - visible)
        return start, start + size

    def _text_line(self, y: int, width: int) -> Line:
        """What line `y` shows, as a key that changes whenever its picture does, and how
        to draw it (called only when no line is kept for the key)."""
        base = self._style("")
        index, line = divmod(y, CARD_LINES)
        index += self.top

        def blank() -> list[Segment]:
            return [Segment(" " * width, base)]

        if self.total == 0:
            if y == 1:
                style = base + self._style("card-column--empty")
                text = f"  {self.empty_text}"
                return ("empty", text, width), lambda: fit([(text, style)], width, base)
            return ("blank", width), blank
        card = None if line == CARD_LINES - 1 else self.card_at(index)
        if card is None:
            return ("blank", width), blank
        selected = index == self.selected
        focused = selected and self._active
        # The due line changes with the day ("today", "tomorrow") and once overdue.
        now, when = None, None
        if line == 2 and card.due is not None:
            now = self._paint_now or self._now()
            when = (now.date(), card.due < now)

        def draw() -> list[Segment]:
            fill = base
            if selected:
                name = "card-column--cursor" if focused else "card-column--selected"
                fill = base + self._style(name)
            marker = "▌" if focused else " "
            return fit(self._card_line(card, line, fill, marker, now), width, fill)

        return (card, line, selected, focused, width, when), draw

    def _card_line(
        self, card: Card, line: int, fill: Style, marker: str, now: datetime | None
    ) -> list[tuple[str, Style]]:
        style = self._style
        if line == 0:
            return [(marker, fill), (card.name, fill + style("card-column--name"))]
        if line == 1:
            meta = " · ".join(p for p in (card.organization, card.title) if p)
            badge = self.badges.get(card.id, "")
            return [
                (marker, fill),
                (f"{badge} " if badge else "", fill + style(f"card-column--{badge or 'meta'}")),
                (meta, fill + style("card-column--meta")),
            ]
        if card.due is None or now is None:
            return [(marker, fill)]
        overdue = card.due < now
        label = f"{card.due_kind} · {short_due(card.due, now)}"
        due_style = style("card-column--overdue" if overdue else "card-column--due")
        return [
            (marker, fill),
            ("! " if overdue else "· ", fill + due_style),
            (label, fill + due_style),
        ]
