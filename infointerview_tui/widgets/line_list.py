"""A focusable list drawn one line per record, fetched a page at a time.

For lists that can grow with the user's network (people at a stage, the agenda): only
visible rows are fetched and drawn (the paging and line caching are the line-list base's,
widgets/paged_lines.py). Rows with `key` None are headings (not selectable).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.message import Message

from .lines import fit
from .paged_lines import Line, PagedLines


@dataclass(frozen=True, slots=True)
class Row:
    key: int | str | None  # None: a heading
    parts: tuple[tuple[str, str], ...]  # (text, tone) with tone in TONES


TONES = ("", "muted", "accent", "warning", "error", "heading", "success")
PAGE = 200

Fetch = Callable[[int, int], list[Row]]


class LineList(PagedLines[Row], can_focus=True):
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
        super().__init__(**kw)
        self.empty = empty

    def load(self, total: int, fetch: Fetch, select_key: object = None) -> None:
        """Show `total` rows from `fetch`; select the row with `select_key` if visible."""
        index = self.selected
        self.show_items(total, fetch, index)
        if select_key is not None:
            # Looked for where it can be seen: on the page of the selection, or the first
            # (never by reading the whole list).
            for page in dict.fromkeys((index // PAGE, 0)):
                start = page * PAGE
                found = next(
                    (
                        i
                        for i in range(start, min(start + PAGE, total))
                        if (row := self.row(i)) is not None and row.key == select_key
                    ),
                    None,
                )
                if found is not None:
                    index = found
                    break
        self.set_reactive(LineList.selected, self._selectable(min(index, max(total - 1, 0)), 1))
        self.keep_visible()
        self.refresh()
        self.post_message(self.Highlighted(self, self.selected_key))

    def load_rows(self, rows: list[Row], select_key: object = None) -> None:
        """Show rows already in memory (a short list): `select_key` is found anywhere."""
        index = next((i for i, row in enumerate(rows) if row.key == select_key), None)
        if select_key is not None and index is not None:
            self.set_reactive(LineList.selected, index)
        self.load(len(rows), lambda offset, limit: rows[offset : offset + limit], select_key)

    def row(self, index: int) -> Row | None:
        return self.item(index)

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

    def selection_changed(self) -> None:
        self.post_message(self.Highlighted(self, self.selected_key))

    def keep_visible(self) -> None:
        if not self.size.height:
            return  # not laid out yet; on_resize will place the selection
        height = self.size.height
        if self.selected < self.top:
            self.top = max(0, self.selected - (1 if self.selected else 0))
            # show the heading above the first row of a group
        elif self.selected >= self.top + height:
            self.top = self.selected - height + 1
        self.clamp_top()

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

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def _tone(self, tone: str) -> Style:
        return self.get_component_rich_style(f"line-list--{tone}") if tone else Style()

    def line(self, y: int) -> Line:
        width = self.line_size.width
        base = self.rich_style
        if self.total == 0 and y == 0:
            text = "  " + self.empty
            muted = base + self._tone("muted")
            return ("empty", text, width), lambda: fit([(text, muted)], width, base)
        index = self.top + y
        row = self.row(index) if self.total else None
        if row is None:
            return ("blank", width), lambda: [Segment(" " * width, base)]
        state = ""
        if index == self.selected and row.key is not None:
            state = "cursor" if self.has_focus else "selected"
        return (index, state, width), lambda: self._draw(row, state, width)

    def _draw(self, row: Row, state: str, width: int) -> list[Segment]:
        base = self.rich_style
        fill = base + Style(bgcolor=self._tone(state).bgcolor) if state else base
        parts = [(" ", fill)] + [
            (text, fill + Style(color=self._tone(tone).color, bold=self._tone(tone).bold))
            for text, tone in row.parts
        ]
        return fit(parts, width, fill)
