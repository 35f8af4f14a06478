"""A checkbox whose state shows in its shape (✓ or empty), not only its colour."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox

from ..faults import FaultBarrier


class TickBox(FaultBarrier, Checkbox):
    def render(self) -> Content:
        # Textual draws the same "X" both ways and tells them apart by colour alone.
        self.BUTTON_INNER = "✓" if self.value else " "
        return super().render()
