"""The question bank: the five categories, AIR tags, favourites."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Header, Static

from ..widgets.key_footer import KeyFooter
from .base import StoreScreen


class QuestionsScreen(StoreScreen):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Content("Question bank"), classes="screen-title")
        yield KeyFooter()
