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
from ..widgets.lines import hang


def _keys(binding: Binding, keymap: Mapping[str, str]) -> str:
    """The keys as the user set them ([keys] in config.toml), written short."""
    return " / ".join(
        k.replace("shift+", "⇧")
        .replace("ctrl+", "^")
        .replace("question_mark", "?")
        .replace("slash", "/")
        for k in key_for(binding, keymap).split(",")
    )


Line = tuple[Content, Content]  # (the part that hangs, the text wrapped beside it)
BLANK: Line = (Content(""), Content(""))
KEY_CELLS = 18  # the keys' column, after a two-space indent


def _key_line(keys: str, description: str) -> Line:
    return Content.assemble((f"  {keys:<{KEY_CELLS}}", "bold")), Content(description)


class HelpText(FaultBarrier, Static):
    """The help's lines, each wrapped to the width beside what hangs before it (the keys,
    a bullet), so a long description stays in its column at 80x24."""

    def __init__(self, lines: list[Line]) -> None:
        super().__init__(self.text(lines, 1000))
        self.lines = lines
        self._width = 0

    @staticmethod
    def text(lines: list[Line], width: int) -> Content:
        return Content("\n").join(hang(hanging, body, width) for hanging, body in lines)

    def on_resize(self) -> None:
        width = self.content_region.width
        if width and width != self._width:
            self._width = width
            self.update(self.text(self.lines, width))


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
        heading = "bold $text-primary"
        lines: list[Line] = [(Content(""), Content.styled("Keys on this screen", heading))]
        for b in getattr(self.under, "BINDINGS", []):
            if isinstance(b, Binding):
                lines.append(_key_line(_keys(b, keymap), b.description))
        lines += [BLANK, (Content(""), Content.styled("Everywhere", heading))]
        for b in self.app.BINDINGS:
            if isinstance(b, Binding):
                lines.append(_key_line(_keys(b, keymap), b.description))
        lines.append(
            _key_line(
                "^p", "Command palette: jump to a contact, organization, field or screen; themes"
            )
        )
        number = getattr(self.under, "NUMBER", None)
        if isinstance(number, int) and any(s.number == number for s in STAGES):
            from .stage import guidance_text  # (shown beside the list when there is room)

            lines += [BLANK, (Content(""), Content.styled("This stage", heading))]
            for line in guidance_text(number).split("\n"):
                bullet = line.plain.startswith("• ")
                lines.append((line[:2], line[2:]) if bullet else (Content(""), line))
        lines += [BLANK, (Content(""), Content.styled("The timeline", heading))]
        lines += [(Content(f"  {s.number}  "), Content(s.name)) for s in STAGES]
        with VerticalScroll(classes="dialog") as box:
            box.border_title = "Help"
            box.border_subtitle = "esc closes"
            yield HelpText(lines)
