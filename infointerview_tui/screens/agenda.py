"""The agenda: what is due."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Header, Static

from ..widgets.key_footer import KeyFooter
from .base import StoreScreen


class AgendaScreen(StoreScreen):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Content("Agenda"), classes="screen-title")
        yield KeyFooter()
