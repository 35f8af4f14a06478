"""Component classes restyled in place, not rebuilt (issue 16: the garbage behind the
long full collections).

Textual resolves a widget's component classes (`COMPONENT_CLASSES`: a card column's
"card-column--name", a line list's tones...) by building one throw-away `DOMNode` per
component each time the widget is restyled, and keeping its styles. A node is a cycle of
~45 tracked objects (styles <-> node, its node list, bindings, signals...), so each
replaced one is garbage only a full collection frees. Textual restyles a whole screen
each time it is shown again (`switch_mode`), and a widget each time a class changes: a
walk through the screens made ~1,400 of them (~60,000 objects, half of what the next
full collection freed, 100-250 ms at a pause; what had been frozen alive meanwhile
stayed in memory until a clean).

`ComponentStylesheet` keeps each widget's component nodes and applies the stylesheet to
them again, as Textual does for the widget itself: the same rules, the same result, no
garbage. It is Textual's own `Stylesheet` with that one step replaced
(`_process_component_classes`, Textual 8); tests/ui/test_component_styles.py checks
that a restyle still follows a theme and makes no new node.
"""

from __future__ import annotations

from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode


class ComponentStylesheet(Stylesheet):
    """Textual's stylesheet, reusing a widget's component nodes across restyles."""

    def _process_component_classes(self, node: DOMNode) -> None:
        component_classes = node._get_component_classes()
        if not component_classes:
            return
        kept = node._component_styles
        changed = False
        current = {}
        for component in sorted(component_classes):
            styles = kept.get(component)
            virtual = styles.node if styles is not None else None
            if virtual is None or virtual._parent is not node:
                virtual = DOMNode(classes=component)
                virtual._attach(node)
                before = None
            else:
                before = dict(virtual.styles.base._rules)
            self.apply(virtual, animate=False)
            if before != virtual.styles.base._rules:
                changed = True
            current[component] = virtual.styles
        if kept.keys() != current.keys():
            changed = True
        kept.clear()
        kept.update(current)
        if changed:
            node.refresh()
