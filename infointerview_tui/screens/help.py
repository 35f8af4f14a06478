"""? — the keys of the current screen and the global ones, from the bindings themselves."""

from __future__ import annotations

from collections.abc import Mapping

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from ..core.stages import STAGES
from ..faults import FaultBarrier
from ..keymap import key_for


def _keys(binding: Binding, keymap: Mapping[str, str]) -> str:
    """The keys as the user set them ([keys] in config.toml), written short."""
    return " / ".join(
        k.replace("shift+", "⇧")
        .replace("ctrl+", "^")
        .replace("question_mark", "?")
        .replace("slash", "/")
        for k in key_for(binding, keymap).split(",")
    )


class HelpScreen(FaultBarrier, ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close", id="help.close")]

    DEFAULT_CSS = """
    HelpScreen > VerticalScroll { width: 80; max-width: 95%; height: 80%; }
    """

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        keymap: Mapping[str, str] = getattr(self.app, "keymap", {})
        lines: list[Content] = [Content.styled("Keys on this screen", "bold $text-primary")]
        for b in getattr(self.under, "BINDINGS", []):
            if isinstance(b, Binding):
                keys = _keys(b, keymap)
                lines.append(Content.assemble((f"  {keys:<18}", "bold"), b.description))
        lines += [Content(""), Content.styled("Everywhere", "bold $text-primary")]
        for b in self.app.BINDINGS:
            if isinstance(b, Binding):
                keys = _keys(b, keymap)
                lines.append(Content.assemble((f"  {keys:<18}", "bold"), b.description))
        lines.append(
            Content.assemble(
                (f"  {'^p':<18}", "bold"),
                "Command palette: jump to a contact, organization, field or screen; themes",
            )
        )
        number = getattr(self.under, "NUMBER", None)
        if isinstance(number, int) and any(s.number == number for s in STAGES):
            from .stage import guidance_text  # (shown beside the list when there is room)

            lines += [Content(""), Content.styled("This stage", "bold $text-primary")]
            lines.append(guidance_text(number))
        lines += [Content(""), Content.styled("The timeline", "bold $text-primary")]
        lines += [Content(f"  {s.number}  {s.name}") for s in STAGES]
        with VerticalScroll(classes="dialog"):
            yield Static(Content("\n").join(lines))
