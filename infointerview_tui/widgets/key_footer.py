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

from ..faults import FaultBarrier


def _declared(active: ActiveBinding) -> int:
    """Where the binding's action stands in its class's own (merged) BINDINGS."""
    from ..keymap import declared_bindings

    actions = [b.action for b in declared_bindings(type(active.node))]
    return actions.index(active.binding.action) if active.binding.action in actions else 0


class KeyFooter(FaultBarrier, Widget):
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
        """The keys, then `? Help` and `^p palette` pinned at the right: on a narrow
        terminal the keys that do not fit give way (marked …), never those two."""
        parts: list[tuple[Content, Binding]] = []
        help_binding: Binding | None = None
        if self._active is None:
            self._active = self._shown()
        for active in self._active:
            binding = active.binding
            if binding.action in ("help", "app.help"):
                help_binding = binding
                continue
            key = f" {self.app.get_key_display(binding)} "
            desc = f"{binding.description} "
            if active.enabled:
                part = Content.assemble((key, "bold $footer-key-foreground"), desc)
            else:
                part = Content.assemble((key + desc, "$text-disabled"))
            parts.append((part, binding))
        tail = Content.assemble(("  ^p", "bold $footer-key-foreground"), " palette ")
        if help_binding is not None:
            key = f" {self.app.get_key_display(help_binding)} "
            tail = (
                Content.assemble(
                    (key, "bold $footer-key-foreground"), f"{help_binding.description} "
                )
                + tail
            )
        room = self.size.width - tail.cell_length
        self._spans = []
        shown: list[Content] = []
        x = 0
        for index, (part, binding) in enumerate(parts):
            last = index == len(parts) - 1
            if x + part.cell_length > room - (0 if last else 2):
                shown.append(Content.styled(" …", "$text-muted"))
                x += 2
                break
            shown.append(part)
            self._spans.append((x, x + part.cell_length, binding))
            x += part.cell_length
        if help_binding is not None:
            start = max(x, room)
            width = tail.cell_length - len("  ^p palette ")
            self._spans.append((start, start + width, help_binding))
        return Content("").join(shown).pad_right(max(0, room - x)) + tail

    def on_click(self, event: events.Click) -> None:
        for start, end, binding in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(binding.key.split(",")[0])
                return
        if event.x >= self.size.width - 12:
            self.app.action_command_palette()
