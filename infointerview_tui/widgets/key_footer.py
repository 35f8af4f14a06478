"""A footer of key bindings drawn as one line of text.

Textual's Footer recomposes a widget per key on every focus change; on the board that
cost ~300 ms per move here. This one re-renders a single line instead, and a click on a
key still runs its action.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.widget import Widget


class KeyFooter(Widget):
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    """

    def __init__(self, **kw: object) -> None:
        super().__init__(**kw)  # type: ignore[arg-type]
        self._spans: list[tuple[int, int, Binding]] = []
        self._signature: tuple[object, ...] = ()

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: object) -> None:
        signature = tuple(
            (key, active.binding.description, active.enabled)
            for key, active in self.screen.active_bindings.items()
            if active.binding.show
        )
        if signature != self._signature:
            self._signature = signature
            self.refresh()

    def render(self) -> Content:
        parts: list[Content] = []
        self._spans = []
        x = 0
        seen: set[str] = set()
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            key = f" {self.app.get_key_display(binding)} "
            desc = f"{binding.description} "
            if active.enabled:
                part = Content.assemble((key, "bold $footer-key-foreground"), desc)
            else:
                part = Content.assemble((key + desc, "$text-disabled"))
            parts.append(part)
            self._spans.append((x, x + part.cell_length, binding))
            x += part.cell_length
        palette = Content.assemble(("  ^p", "bold $footer-key-foreground"), " palette ")
        return (
            Content("").join(parts).pad_right(max(0, self.size.width - x - palette.cell_length))
            + palette
        )

    def on_click(self, event: events.Click) -> None:
        for start, end, binding in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(binding.key.split(",")[0])
                return
        if event.x >= self.size.width - 12:
            self.app.action_command_palette()
