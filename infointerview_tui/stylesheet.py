"""Textual's stylesheet, minus the garbage it made per restyle and per screen switch
(issue 16: the cyclic garbage behind the long full collections).

Component classes (`COMPONENT_CLASSES`: a card column's "card-column--name", a line
list's tones, an input's cursor...) are resolved by building one throw-away `DOMNode` per
component each time the widget is restyled, and keeping its styles. A node is a cycle of
~45 tracked objects (styles <-> node, its node list, bindings, signals...). Textual
restyles a whole screen each time it is shown again (`switch_mode`) and a widget each
time a class changes: ~1,400-4,600 nodes for a walk through the screens (60,000-200,000
objects that only a full collection frees, or a clean once they were frozen). Here the
nodes are kept and restyled in place, as Textual does for the widget itself: the same
rules, the same result, no garbage. That needs Textual's private `_process_component_
classes`, `_get_component_classes`, `_component_styles`, `_attach`, `_parent` and
`Styles._rules` (Textual 8, pinned < 9): the one exception to tests/ui/test_structure.py's
rule, pinned there by name, and tests/ui/test_stylesheet.py fails if they change.

Each switch to a screen whose CSS count differs from the app's (every new screen, and
later visits to one that was not mounted yet when its CSS was refreshed) makes Textual
set the CSS variables again and re-parse every source from scratch, in a fresh
stylesheet: ~190 rule sets, their selectors and styles, all in cycles, 19 times in one
walk through the screens (~740 sources parsed; ~35,000 objects of garbage for the next
full collection, or frozen until a clean).

Here setting the same variables again is a no-op, re-parsing the same sources with the
same variables keeps the rules (they would come out identical), and otherwise the parse
runs in this stylesheet, whose parse cache serves every source that did not change (a
widget class seen for the first time is parsed alone: 43 sources parsed in that walk).
A theme (new variables) still re-parses everything (public API: `set_variables`,
`reparse`, `parse`, `source`).
"""

from __future__ import annotations

from textual.css.stylesheet import CssSource, Stylesheet
from textual.css.types import CSSLocation
from textual.dom import DOMNode


class ReusingStylesheet(Stylesheet):
    """Textual's stylesheet, not re-parsing what would come out the same."""

    def __init__(self, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self.variables: dict[str, str] = dict(variables or {})
        # What the current rules were parsed from, by `reparse` (None: not yet).
        self.parsed_from: tuple[dict[str, str], dict[CSSLocation, CssSource]] | None = None

    def set_variables(self, variables: dict[str, str]) -> None:
        if variables == self.variables:
            return  # the same theme: what was parsed with them stays valid
        super().set_variables(variables)
        self.variables = dict(variables)

    def reparse(self) -> None:
        parsed_from = (self.variables, dict(self.source))
        if parsed_from == self.parsed_from:
            return  # the same sources and variables: the same rules
        # Parsed here rather than in a fresh stylesheet as Textual does, so that the
        # parse cache serves every source that did not change (`set_variables` empties
        # it when they change). Bad CSS raises as there, before the rules are replaced.
        self.parse()
        self.parsed_from = parsed_from

    def _process_component_classes(self, node: DOMNode) -> None:
        """Textual's step, keeping the node's component nodes from one restyle to the
        next (made once per widget, then restyled like the widget itself)."""
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
                changed = True  # as Textual: a component's style changed, repaint
            current[component] = virtual.styles
        if kept.keys() != current.keys():
            changed = True
        kept.clear()
        kept.update(current)
        if changed:
            node.refresh()
