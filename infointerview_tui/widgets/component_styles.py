"""Component styles resolved again only when their CSS changed (issue 16).

For each of a widget's COMPONENT_CLASSES, Textual's stylesheet builds a "virtual" DOM
node (~45 objects in reference cycles) whenever it restyles the widget, to read that
component's style, dropping the previous one. It restyles every widget of a screen each
time the screen is shown again, and every widget on screen each time it parses its CSS
again (the first visit of each screen, twice). The board's five card columns have twelve
component classes each: a walk through the screens left tens of thousands of objects of
cyclic garbage, and the next full garbage collection took 100-300 ms.

A component's style comes from the rules that name the component (`CardColumn >
.card-column--name`) and the theme's variables, never from where the screen is. So the
components are resolved again only when those change: when Textual parses its rules into
a new list, the CSS text of the rules naming them (values resolved: a theme change shows)
is compared with the last.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.widget import Widget as _Base
else:
    _Base = object  # a plain mixin: no CSS type name of its own


class ComponentStylesOnce(_Base):
    """Mix into a widget (before the Widget base) whose COMPONENT_CLASSES are styled only
    by rules naming them, with no pseudo-class (`:focus`) on the way."""

    _rules_seen: object = None  # the stylesheet's rules list last looked at
    _components_css: tuple[str, ...] | None = None  # what the components came from

    def _get_component_classes(self) -> frozenset[str]:  # type: ignore[override]
        # Called by Textual's stylesheet as it restyles this node: an empty set tells
        # it to keep the component styles it resolved before.
        components = super()._get_component_classes()
        rules = self.app.stylesheet.rules
        if rules is not self._rules_seen:
            self._rules_seen = rules
            names = {f".{name}" for name in components}
            css = tuple(rule.css for rule in rules if names & rule.selector_names)
            if css != self._components_css:
                self._components_css = css
                return components
        if not self._component_styles:
            return components
        return frozenset()
