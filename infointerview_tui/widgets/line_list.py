"""A focusable list drawn one line per record, fetched a page at a time.

For lists that can grow with the user's network (people at a stage, the agenda): only
visible rows are fetched and drawn. Rows with `key` None are headings (not selectable).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from ..faults import FaultBarrier
from .lines import fit


@dataclass(frozen=True, slots=True)
class Row:
    key: int | str | None  # None: a heading
    parts: tuple[tuple[str, str], ...]  # (text, tone) with tone in TONES


TONES = ("", "muted", "accent", "warning", "error", "heading", "success")
PAGE = 200

Fetch = Callable[[int, int], list[Row]]


class LineList(FaultBarrier, Widget, can_focus=True):
    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Up", show=False, id="list.up"),
        Binding("down,j", "cursor(1)", "Down", show=False, id="list.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="list.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="list.page_down"),
        Binding("home", "jump(0)", "First", show=False, id="list.first"),
        Binding("end", "jump(-1)", "Last", show=False, id="list.last"),
        Binding("enter", "choose", "Open", id="list.open"),
    ]

    COMPONENT_CLASSES = {
        "line-list--muted",
        "line-list--accent",
        "line-list--warning",
        "line-list--error",
        "line-list--heading",
        "line-list--success",
        "line-list--cursor",
        "line-list--selected",
    }

    DEFAULT_CSS = """
    LineList { height: 1fr; background: $surface; }
    LineList > .line-list--muted { color: $text-muted; }
    LineList > .line-list--accent { color: $text-accent; }
    LineList > .line-list--warning { color: $text-warning; }
    LineList > .line-list--error { color: $text-error; text-style: bold; }
    LineList > .line-list--heading { color: $text-primary; text-style: bold; }
    LineList > .line-list--success { color: $text-success; }
    LineList > .line-list--cursor { background: $primary 35%; }
    LineList > .line-list--selected { background: $boost; }
    """

    selected: reactive[int] = reactive(0, init=False)

    class _RowMessage(Message):
        def __init__(self, line_list: LineList, key: int | str | None) -> None:
            self.line_list = line_list
            self.key = key
            super().__init__()

        @property
        def control(self) -> LineList:
            return self.line_list

    class Highlighted(_RowMessage):
        """The selection moved to the row with `key`."""

    class Chosen(_RowMessage):
        """enter or a double click on a row."""

    def __init__(self, empty: str = "nothing here yet", **kw: object) -> None:
        super().__init__(**kw)  # type: ignore[arg-type]
        self.empty = empty
        self.total = 0
        self.top = 0
        self._fetch: Fetch = lambda offset, limit: []
        self._pages: dict[int, list[Row]] = {}

    def load(self, total: int, fetch: Fetch, select_key: object = None) -> None:
        """Show `total` rows from `fetch`; select the row with `select_key` if visible."""
        self.total = total
        self._fetch = fetch
        self._pages.clear()
        index = self.selected
        if select_key is not None:
            for i in range(total):
                row = self.row(i)
                if row is not None and row.key == select_key:
                    index = i
                    break
        self.set_reactive(LineList.selected, self._selectable(min(index, max(total - 1, 0)), 1))
        self._keep_visible()
        self.refresh()
        self.post_message(self.Highlighted(self, self.selected_key))

    def load_rows(self, rows: list[Row], select_key: object = None) -> None:
        self.load(len(rows), lambda offset, limit: rows[offset : offset + limit], select_key)

    def row(self, index: int) -> Row | None:
        if not 0 <= index < self.total:
            return None
        page, offset = divmod(index, PAGE)
        rows = self._pages.get(page)
        if rows is None:
            rows = self._pages[page] = self._fetch(page * PAGE, PAGE)
        return rows[offset] if offset < len(rows) else None

    @property
    def selected_key(self) -> int | str | None:
        row = self.row(self.selected)
        return row.key if row else None

    def _selectable(self, index: int, direction: int) -> int:
        """The nearest row at or after index (in direction) that is not a heading."""
        i = index
        while 0 <= i < self.total:
            row = self.row(i)
            if row is not None and row.key is not None:
                return i
            i += direction
        i = index - direction
        while 0 <= i < self.total:
            row = self.row(i)
            if row is not None and row.key is not None:
                return i
            i -= direction
        return max(0, min(index, self.total - 1))

    def watch_selected(self) -> None:
        self._keep_visible()
        self.refresh()
        self.post_message(self.Highlighted(self, self.selected_key))

    def _keep_visible(self) -> None:
        if not self.size.height:
            return  # not laid out yet; on_resize will place the selection
        height = self.size.height
        if self.selected < self.top:
            self.top = max(0, self.selected - (1 if self.selected else 0))
            # show the heading above the first row of a group
        elif self.selected >= self.top + height:
            self.top = self.selected - height + 1
        self.top = max(0, min(self.top, max(0, self.total - height)))

    def action_cursor(self, delta: int) -> None:
        if self.total:
            target = max(0, min(self.total - 1, self.selected + delta))
            self.selected = self._selectable(target, 1 if delta > 0 else -1)

    def action_page(self, direction: int) -> None:
        self.action_cursor(direction * max(1, self.size.height - 1))

    def action_jump(self, index: int) -> None:
        if self.total:
            self.selected = self._selectable(
                self.total - 1 if index < 0 else 0, -1 if index < 0 else 1
            )

    def action_choose(self) -> None:
        if self.selected_key is not None:
            self.post_message(self.Chosen(self, self.selected_key))

    def on_click(self, event: events.Click) -> None:
        index = self.top + event.y
        row = self.row(index)
        if row is not None and row.key is not None:
            self.selected = index
            if event.chain >= 2:
                self.post_message(self.Chosen(self, row.key))

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self.top = max(0, min(self.top + 1, max(0, self.total - self.size.height)))
        self.refresh()

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self.top = max(0, self.top - 1)
        self.refresh()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def on_resize(self) -> None:
        self._keep_visible()

    def _tone(self, tone: str) -> Style:
        return self.get_component_rich_style(f"line-list--{tone}") if tone else Style()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if self.total == 0:
            if y == 0:
                return Strip(
                    fit([("  " + self.empty, base + self._tone("muted"))], width, base), width
                )
            return Strip.blank(width, base)
        index = self.top + y
        row = self.row(index)
        if row is None:
            return Strip.blank(width, base)
        fill = base
        if index == self.selected and row.key is not None:
            name = "cursor" if self.has_focus else "selected"
            fill = base + Style(bgcolor=self._tone(name).bgcolor)
        parts = [(" ", fill)] + [
            (text, fill + Style(color=self._tone(tone).color, bold=self._tone(tone).bold))
            for text, tone in row.parts
        ]
        return Strip(fit(parts, width, fill), width)
