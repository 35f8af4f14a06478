"""Textual's stylesheet, minus the garbage it made per restyle and per screen (issue 16:
the cyclic garbage behind the long full collections).

A walk through the screens left ~120,000 objects of cyclic garbage, which made the full
collection at the next pause 100-250 ms (and what had been frozen alive meanwhile stayed
in memory until a clean). Two thirds of it came from Textual's stylesheet:

- Component classes (`COMPONENT_CLASSES`: a card column's "card-column--name", a line
  list's tones...) are resolved by building one throw-away `DOMNode` per component each
  time the widget is restyled. A node is a cycle of ~45 tracked objects (styles <-> node,
  its node list, bindings, signals...). Textual restyles a whole screen each time it is
  shown again (`switch_mode`) and a widget each time a class changes: ~1,400 nodes for a
  walk through the screens. Here the nodes are kept and restyled in place, as Textual
  does for the widget itself: the same rules, the same result, no garbage.
- Each switch to a screen whose CSS count differs from the app's (every new screen, and
  later visits to one that was not mounted yet when its CSS was refreshed) sets the
  variables again and re-parses every source from scratch: ~190 rule sets, their
  selectors and styles, all cyclic, 19 times in one walk. Here setting the same variables
  again keeps the parse caches, re-parsing the same sources with the same variables
  keeps the rules it would rebuild identical, and a new source is parsed alone; a theme
  (new variables) still re-parses everything.

These replace three steps of Textual 8's `Stylesheet` (`_process_component_classes`,
`set_variables`, `reparse`); tests/ui/test_stylesheet.py checks that the app still
restyles on a theme change and makes no new node or rule when nothing changed.
"""

from __future__ import annotations

from textual.cache import LRUCache
from textual.css.stylesheet import CssSource, Stylesheet
from textual.css.types import CSSLocation
from textual.dom import DOMNode


class ReusingStylesheet(Stylesheet):
    """Textual's stylesheet, keeping what a restyle or a re-parse would rebuild the same."""

    def __init__(self, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        # Every source's parsed rules, not the last 64 (the app has ~35 sources; past 64
        # each parse would start again from scratch).
        self._parse_cache = LRUCache(256)
        # What the current rules were parsed from (None: not parsed by `reparse` yet).
        self._parsed_from: tuple[dict[str, str], dict[CSSLocation, CssSource]] | None = None

    def set_variables(self, variables: dict[str, str]) -> None:
        if variables == self._variables:
            return  # the same theme: the parse caches stay valid
        super().set_variables(variables)

    def reparse(self) -> None:
        parsed_from = (dict(self._variables), dict(self.source))
        if not self._require_parse and parsed_from == self._parsed_from:
            return  # the same sources and variables: the same rules
        # Parsed here rather than in a fresh stylesheet as Textual does, so that the
        # parse cache serves every source that did not change (it is emptied when the
        # variables change). Bad CSS raises as there, before the rules are replaced.
        self.parse()
        self._parsed_from = parsed_from

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
