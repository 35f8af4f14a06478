"""A footer of key bindings drawn as one line of text.

Textual's Footer recomposes a widget per key on every focus change; on the board that
cost ~300 ms per move here. This one re-renders a single line instead, and a click on a
key still runs its action.
"""

from __future__ import annotations

from textual import events
from textual.binding import ActiveBinding, Binding
from textual.content import Content
from textual.widget import Widget


def _declared(active: ActiveBinding) -> int:
    """Where the binding's action stands in its class's own (merged) BINDINGS."""
    merged = type(active.node)._merged_bindings
    if merged is None:
        return 0
    actions = [b.action for bs in merged.key_to_bindings.values() for b in bs]
    return actions.index(active.binding.action) if active.binding.action in actions else 0


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
        self._active: list[ActiveBinding] | None = None  # computed once per change

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _shown(self) -> list[ActiveBinding]:
        """The bindings to show, one per action, in the order the classes declare them.

        A key rebound through [keys] comes out of Textual's keymap last; sorting by the
        declared order keeps it where the user is used to seeing it.
        """
        seen: set[str] = set()
        shown = []
        for active in self.screen.active_bindings.values():
            if active.binding.show and active.binding.action not in seen:
                seen.add(active.binding.action)
                shown.append(active)
        nodes: dict[int, int] = {}
        for active in shown:
            nodes.setdefault(id(active.node), len(nodes))
        return sorted(shown, key=lambda a: (nodes[id(a.node)], _declared(a)))

    def _bindings_changed(self, _screen: object) -> None:
        shown = self._shown()
        signature = tuple((a.binding.key, a.binding.description, a.enabled) for a in shown)
        if signature != self._signature:
            self._signature = signature
            self._active = shown
            self.refresh()

    def render(self) -> Content:
        parts: list[Content] = []
        self._spans = []
        x = 0
        if self._active is None:
            self._active = self._shown()
        for active in self._active:
            binding = active.binding
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
