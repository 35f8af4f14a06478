"""Multi-line text that `ctrl+e` hands to the user's own editor ($VISUAL / $EDITOR).

The app is suspended while the editor runs (the terminal is the editor's), and the
result comes back as an edit: it posts TextArea.Changed like typing does, so autosave
writes it, and ctrl+z undoes it. A failed editor leaves the text as it was.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

from textual.app import SuspendNotSupported
from textual.binding import Binding
from textual.widgets import TextArea

from ..core.text import clean_text
from ..faults import FaultBarrier


def editor_command(environ: Mapping[str, str] | None = None) -> list[str] | str:
    """The editor to run as an argument list, or the one line saying why there is none."""
    env = os.environ if environ is None else environ
    for name in ("VISUAL", "EDITOR"):
        value = env.get(name, "").strip()
        if value:
            try:
                command = shlex.split(value)
            except ValueError as exc:
                return f"${name} can't be read as a command ({exc})"
            if command:
                return command
    vi = shutil.which("vi")
    if vi:
        return [vi]
    return "set $VISUAL or $EDITOR to edit text in your own editor (no vi here either)"


class TextBox(FaultBarrier, TextArea):
    """A TextArea with `ctrl+e`: edit the text in $VISUAL / $EDITOR."""

    BINDINGS = [
        Binding("ctrl+e", "external_editor", "Editor", id="text.editor"),
    ]

    def action_external_editor(self) -> None:
        if self.read_only:
            return
        if self.app.is_web:
            self._say("ctrl+e opens your editor only in a terminal: a browser can't hand it over")
            return
        command = editor_command()
        if isinstance(command, str):
            self._say(command)
            return
        new = self._run_editor(command)
        if new is None or new == self.text:
            return
        self.replace(new, (0, 0), self.document.end)  # an edit: Changed fires, undo works
        self.focus()

    def _run_editor(self, command: list[str]) -> str | None:
        name = Path(command[0]).name
        with tempfile.TemporaryDirectory(prefix="infointerview-") as folder:  # mode 0700
            path = Path(folder) / "text.md"
            path.write_text(self.text, encoding="utf-8")
            failed: OSError | None = None
            try:
                with self.app.suspend():
                    # Caught inside: an exception through suspend() would skip the resume.
                    try:
                        status = subprocess.call([*command, str(path)])
                    except OSError as exc:
                        failed = exc
            except SuspendNotSupported:
                self._say("this terminal can't hand the screen to an editor: the text is unchanged")
                return None
            if failed is not None:
                self._say(f"could not start {name}: {failed.strerror or failed}")
                return None
            if status != 0:
                self._say(f"{name} exited with status {status}: the text is unchanged")
                return None
            edited = path.read_text(encoding="utf-8", errors="replace")
        # Editors end the file with a newline; don't add one the text didn't have.
        if edited.endswith("\n") and not self.text.endswith("\n"):
            edited = edited[:-1]
        return clean_text(edited)

    def _say(self, line: str) -> None:
        self.notify(line, severity="warning", markup=False, timeout=6)
