"""Textual's stylesheet, minus the CSS re-parses that rebuild the same rules (issue 16:
the cyclic garbage behind the long full collections).

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
A theme (new variables) still re-parses everything. Public API only: `set_variables`,
`reparse`, `parse`, `source`.
"""

from __future__ import annotations

from textual.css.stylesheet import CssSource, Stylesheet
from textual.css.types import CSSLocation


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
