"""The line-list base: a list drawn line by line, its items fetched a page at a time.

Shared by the board's card columns (four lines a card) and the stage, agenda and
insights lists (one line a row). Only what is on screen is fetched and drawn, so a list
of 100,000 costs what a list of 10 does. Pages of items and rendered lines are kept in
`BoundedCache`s (least recently used dropped first; unlike Textual's `LRUCache`, what is
dropped or cleared is freed at once, not left to a full garbage collection): memory stays
bounded however far the list is scrolled, and a repaint that changes nothing (a move, a
blink, a focus elsewhere) redraws nothing.

A subclass says how many lines an item takes (`LINES_PER_ITEM`), what each line shows
and how to draw it (`line`) and what happens when the selection moves
(`selection_changed`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from rich.segment import Segment
from textual import events
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from ..faults import FaultBarrier, report
from .bounded_cache import BoundedCache

T = TypeVar("T")

Fetch = Callable[[int, int], "list[T]"]
Line = tuple[Hashable, Callable[[], list[Segment]]]  # (what it shows, how to draw it)

PAGES_KEPT = 8  # pages of items cached: a few screens either side of what is shown
LINES_KEPT = 384  # rendered lines cached: every line of a tall screen, a few times over
# (kept small: each cached line is objects a full garbage collection walks)


class PagedLines(FaultBarrier, Widget, Generic[T]):
    """A paged, line-drawn list of items with one selected (`selected`, an index)."""

    LINES_PER_ITEM = 1
    PAGE = 200  # items fetched at a time
    # Whether a drawn line is kept by what it shows (the item itself, and the width it
    # is drawn at), not by its place: then showing other items or a resize keeps the
    # lines drawn (those of items still shown are not drawn again), else they are
    # forgotten.
    LINES_KEYED_BY_ITEM = False

    selected: reactive[int] = reactive(0, init=False)

    def __init__(self, **kw: object) -> None:
        super().__init__(**kw)  # type: ignore[arg-type]
        self.total = 0
        self.top = 0  # index of the first visible item
        self._fetch: Fetch[T] = lambda offset, limit: []
        self._pages: BoundedCache[int, list[T]] = BoundedCache(PAGES_KEPT)
        self._lines: BoundedCache[Hashable, Strip] = BoundedCache(LINES_KEPT)
        self._failed: set[int] = set()  # pages whose read failed since the last show
        self._head = False  # page 0 is only its first items (`show_items`)
        self._painting: Size | None = None  # the size read at the start of a paint

    # -- data ----------------------------------------------------------------------

    def show_items(
        self,
        total: int,
        fetch: Fetch[T],
        index: int,
        first_page: list[T] | None = None,
    ) -> None:
        """Show `total` items from `fetch` (pages forgotten; drawn lines too unless
        LINES_KEYED_BY_ITEM), the one at `index` selected (no message: the caller says
        what changed). `first_page`, already read, may be only the page's first items
        (what is on screen): the page is then read whole when an item past them is
        wanted."""
        self.total = total
        self._fetch = fetch
        self._pages.clear()
        self._failed.clear()
        self._head = False
        if first_page is not None:
            self._pages.set(0, first_page)
            self._head = len(first_page) < min(self.PAGE, total)
        if not self.LINES_KEYED_BY_ITEM:
            self.forget_lines()
        self.set_reactive(PagedLines.selected, max(0, min(index, total - 1)))
        self.keep_visible()
        self.refresh()

    def item(self, index: int) -> T | None:
        if not 0 <= index < self.total:
            return None
        page, offset = divmod(index, self.PAGE)
        items = self._pages.get(page)
        if page == 0 and self._head and items is not None and offset >= len(items):
            items, self._head = None, False  # past the first items given: read it whole
        if items is None:
            if page in self._failed:
                return None
            try:
                items = self._fetch(page * self.PAGE, self.PAGE)
            except Exception as exc:  # noqa: BLE001 - reported: one line, not a crash
                # Read while drawing or checking a key (`render_line`, `check_action`),
                # outside any handler: the page is not retried (nor reported again) until
                # the list is shown afresh; the list draws what it has.
                self._failed.add(page)
                report(self, exc)
                return None
            self._pages.set(page, items)
        return items[offset] if offset < len(items) else None

    def forget_lines(self) -> None:
        """Drop the drawn lines (what they show changed; the items did not)."""
        self._lines.clear()

    # -- selection and scrolling ---------------------------------------------------

    @property
    def line_size(self) -> Size:
        """The content size; during a paint, the one read at its start: `size` looks
        the widget up in the screen's map each time (~6 µs), and a card column's line
        needed it four times, a quarter of the time it took to draw a column."""
        return self._painting if self._painting is not None else self.size

    @property
    def visible_items(self) -> int:
        return max(1, self.line_size.height // self.LINES_PER_ITEM)

    def watch_selected(self) -> None:
        self.keep_visible()
        self.refresh()
        self.selection_changed()

    def selection_changed(self) -> None:
        """The selection moved (to `selected`): subclasses post their message."""

    def keep_visible(self) -> None:
        """Scroll so that the selected item is on screen."""
        if self.selected < self.top:
            self.top = self.selected
        elif self.selected >= self.top + self.visible_items:
            self.top = self.selected - self.visible_items + 1
        self.clamp_top()

    def clamp_top(self) -> None:
        self.top = max(0, min(self.top, max(0, self.total - self.visible_items)))

    def scroll_items(self, delta: int) -> None:
        top = self.top
        self.top += delta
        self.clamp_top()
        if top != self.top:
            self.refresh()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self.scroll_items(1)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self.scroll_items(-1)

    def on_resize(self) -> None:
        # Lines kept by the item they show carry their width in their key: a change of
        # height (the board filter's box opening or closing) keeps them all.
        if not self.LINES_KEYED_BY_ITEM:
            self.forget_lines()
        self.keep_visible()

    def notify_style_update(self) -> None:
        self.styles_may_have_changed()
        super().notify_style_update()

    def styles_may_have_changed(self) -> None:
        """Textual re-applied the stylesheet (a focus moved, a class changed): the drawn
        lines may be out of date. A subclass that can tell whether they are overrides
        this."""
        self.forget_lines()

    # -- drawing -------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        self._painting = self.size  # one geometry for every line of this paint
        try:
            if self._plain():
                return self._render_plain(crop)
            return super().render_lines(crop)
        finally:
            self._painting = None

    def _plain(self) -> bool:
        """Whether nothing of Textual's per-line styling applies (no border, outline,
        padding, tint, opacity, hatch or title; the lists draw no links to highlight):
        the list's lines are the widget's lines as drawn, but for the app's filters."""
        styles = self.styles
        return (
            not any(edge for edge, _ in styles.border)
            and not any(edge for edge, _ in styles.outline)
            and self.content_region.size == self.region.size
            and not styles.tint.a
            and styles.text_opacity == 1.0
            and not (styles.has_rule("hatch") and styles.hatch != "none")
            and not self.border_title
            and not self.border_subtitle
            and self.opacity == 1.0
        )

    def _render_plain(self, crop: Region) -> list[Strip]:
        """`render_lines` of a plain list (`_plain`): each line drawn, filtered and kept
        as painted, by what it shows (`line`) and the filters it was painted with.
        Textual's styles cache would wrap every line in a new Strip, so its filters ran
        again on every paint (~50 µs a line, a whole board's worth each time a filter's
        result came); and a line drawn as a Strip, then filtered into another, made two
        Strips (seven caches each) where one does: a new line is one Strip here."""
        width = self.region.width
        _, background = self.background_colors
        filters = tuple(self.get_line_filters())
        look = (filters, background)
        strips = []
        for y in crop.line_range:
            key, draw = self.line(y)
            painted = (key, look)
            strip = self._lines.get(painted)
            if strip is None:
                segments = draw()
                for line_filter in filters:
                    segments = line_filter.apply(segments, background)
                strip = Strip(segments, width)
                self._lines.set(painted, strip)
            strips.append(strip)
        if crop.column_span != (0, width):
            x1, x2 = crop.column_span
            strips = [strip.crop(x1, x2) for strip in strips]
        return strips

    def render_line(self, y: int) -> Strip:
        key, draw = self.line(y)
        strip = self._lines.get(key)
        if strip is None:
            strip = Strip(draw(), self.line_size.width)
            self._lines.set(key, strip)
        return strip

    def line(self, y: int) -> Line:
        """What line `y` shows, as a key that changes whenever its picture does (the
        item, its look, the width), and how to draw it: segments exactly
        `line_size.width` cells wide, called only when no line is kept for the key."""
        raise NotImplementedError
