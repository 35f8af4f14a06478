"""ctrl+e: the text goes to $EDITOR and comes back, and autosave keeps the result."""

from __future__ import annotations

import asyncio
import contextlib
import shlex
import sys
from pathlib import Path

import pytest
from textual.widgets import TextArea

from infointerview_tui.widgets.text_box import editor_command
from tests.ui.test_interview import SIZE, answers, open_interview

# A stand-in editor: appends a line to the file it is given, or fails on request.
FAKE_EDITOR = """\
import sys
path = sys.argv[-1]
if "--fail" in sys.argv:
    sys.exit(3)
with open(path, "a", encoding="utf-8") as f:
    f.write("\\nadded in my editor\\n")
"""


@pytest.fixture
def fake_editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    script = tmp_path / "my editor.py"  # a space: the command is split with shlex
    script.write_text(FAKE_EDITOR)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}")
    return script


def can_suspend(app) -> None:
    # The headless test driver can't give the terminal away; a real one does this part.
    app.suspend = contextlib.nullcontext


async def test_ctrl_e_round_trips_the_notes_and_autosave_writes_them(app, demo_store, fake_editor):
    can_suspend(app)
    async with app.run_test(size=SIZE) as pilot:
        _, screen = await open_interview(pilot, app, demo_store)
        await pilot.press(*"typed first", "ctrl+e")
        await pilot.pause()
        area = screen.query_one("#answer", TextArea)
        assert area.text == "typed first\nadded in my editor"
        await asyncio.sleep(1.0)  # no flush: the autosave alone must have written it
        saved = answers(demo_store, screen.interview_id)[0].notes
        assert saved == "typed first\nadded in my editor"
        await pilot.press("ctrl+z")  # the editor's change is one undoable edit
        assert area.text == "typed first"


async def test_a_failing_editor_leaves_the_text_and_says_so(
    app, demo_store, fake_editor, monkeypatch
):
    can_suspend(app)
    monkeypatch.setenv(
        "EDITOR", f"{shlex.quote(sys.executable)} {shlex.quote(str(fake_editor))} --fail"
    )
    async with app.run_test(size=SIZE) as pilot:
        _, screen = await open_interview(pilot, app, demo_store)
        await pilot.press(*"keep me", "ctrl+e")
        await pilot.pause()
        assert screen.query_one("#answer", TextArea).text == "keep me"
        messages = [n.message for n in app._notifications]
        assert any("exited with status 3" in m and "unchanged" in m for m in messages)


async def test_in_a_browser_ctrl_e_explains_instead(app, demo_store, fake_editor, monkeypatch):
    monkeypatch.setattr(type(app), "is_web", property(lambda self: True))
    async with app.run_test(size=SIZE) as pilot:
        _, screen = await open_interview(pilot, app, demo_store)
        await pilot.press(*"typed", "ctrl+e")
        await pilot.pause()
        assert screen.query_one("#answer", TextArea).text == "typed"
        messages = [n.message for n in app._notifications]
        assert any("only in a terminal" in m for m in messages)


def test_the_editor_comes_from_visual_then_editor_then_vi():
    assert editor_command({"VISUAL": "code --wait", "EDITOR": "nano"}) == ["code", "--wait"]
    assert editor_command({"EDITOR": "'/opt/my editor/ed' -n"}) == ["/opt/my editor/ed", "-n"]
    assert "can't be read" in editor_command({"EDITOR": "vim 'unclosed"})
    fallback = editor_command({})
    assert (isinstance(fallback, list) and fallback[0].endswith("vi")) or "$EDITOR" in fallback
