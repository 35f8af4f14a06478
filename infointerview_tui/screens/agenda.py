"""The agenda: what is due."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Footer, Header, Static

from .base import StoreScreen


class AgendaScreen(StoreScreen):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Content("Agenda"), classes="screen-title")
        yield Footer()
