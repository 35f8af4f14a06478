"""How the UI code hangs together (issue 10 item 6): no import cycle between the App
and the screens, and no private Textual API (it changes without notice between
releases)."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest
import textual
from textual.app import App
from textual.containers import Horizontal
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Checkbox, Input, OptionList, Select, Static, TextArea, Tree

PACKAGE = Path(__file__).resolve().parents[2] / "infointerview_tui"
UI_FILES = sorted(p for p in PACKAGE.rglob("*.py") if "core" not in p.relative_to(PACKAGE).parts)


def module_level_imports(path: Path) -> list[str]:
    """Modules imported when `path` is imported (not inside functions or TYPE_CHECKING)."""
    found = []
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        for inner in ast.walk(node) if not isinstance(node, ast.FunctionDef | ast.ClassDef) else ():
            if isinstance(inner, ast.ImportFrom):
                found.append("." * inner.level + (inner.module or ""))
            elif isinstance(inner, ast.Import):
                found.extend(alias.name for alias in inner.names)
    return found


def test_the_app_and_the_screens_do_not_import_each_other_at_import_time():
    app_imports = module_level_imports(PACKAGE / "app.py")
    assert not [m for m in app_imports if "screens" in m], app_imports
    for path in sorted((PACKAGE / "screens").glob("*.py")) + sorted(
        (PACKAGE / "widgets").glob("*.py")
    ):
        imports = module_level_imports(path)
        assert "..app" not in imports and "infointerview_tui.app" not in imports, path.name


def test_each_screen_module_imports_alone_in_a_fresh_interpreter():
    modules = [f"infointerview_tui.screens.{p.stem}" for p in (PACKAGE / "screens").glob("*.py")]
    script = (
        "import importlib, subprocess, sys\n"
        "bad = []\n"
        "for name in sys.argv[1:]:\n"
        "    r = subprocess.run([sys.executable, '-c', f'import {name}'], capture_output=True)\n"
        "    if r.returncode: bad.append((name, r.stderr.decode()[-300:]))\n"
        "print(bad)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, *modules], capture_output=True, text=True, timeout=300
    )
    assert result.stdout.strip() == "[]", result.stdout + result.stderr


BASES = (App, Screen, ModalScreen, Widget, Input, TextArea, OptionList, Tree, Checkbox, Select)


def private_members() -> set[str]:
    """The private names of the Textual classes we derive from."""
    names: set[str] = set()
    for cls in (*BASES, Static, Horizontal):
        names |= {n for n in dir(cls) if n.startswith("_") and not n.startswith("__")}
    return names


def textual_private_names() -> set[str]:
    names = private_members()
    for path in Path(textual.__file__).parent.rglob("*.py"):
        names |= set(re.findall(r"self\.(_[a-z][a-z_0-9]*)\s*[:=]", path.read_text()))
    return names


# The one exception, by name: infointerview_tui/stylesheet.py keeps each widget's
# component-class nodes across restyles (Textual rebuilds them, in cycles, at every
# restyle: most of the garbage behind the long full collections, issue 16).
# tests/ui/test_stylesheet.py fails if Textual changes what it relies on.
# And infointerview_tui/frame_timer.py: Textual's timer loop with one line changed (a
# change waited two frames for its paint); installed only while Textual's loop is the one
# it copies, and tests/test_frame_timer.py fails when it is not.
ALLOWED = {
    "stylesheet.py": {
        "_attach",
        "_component_styles",
        "_get_component_classes",
        "_parent",
        "_rules",
    },
    "frame_timer.py": {"_time", "_skip", "_repeat", "_interval", "_active", "_reset", "_tick"},
}


def test_no_private_textual_api():
    """An attribute like `_bindings`, `_merged_bindings` or `_watch_theme` that Textual
    defines, used (or overridden) by our UI code, is private API."""
    private, members = textual_private_names(), private_members()
    used: list[str] = []
    for path in UI_FILES:
        text = path.read_text()
        ours = set(re.findall(r"(?:def |self\.)(_[a-z][a-z_0-9]*)\s*(?:\(|[:=])", text))
        ours |= set(re.findall(r"^\s+(_[a-z][a-z_0-9]*)\s*[:=]", text, re.M))
        for name in set(re.findall(r"\.(_[a-z][a-z_0-9]*)\b", text)):
            if name in private and name not in ours | ALLOWED.get(path.name, set()):
                used.append(f"{path.name}: {name}")
        for name in re.findall(r"def (_[a-z][a-z_0-9]*)\(", text):
            if name in members:
                used.append(f"{path.name}: overrides {name}")
        for match in re.finditer(r"from textual[\w.]* import ([^\n]+)", text):
            names = re.findall(r"\b_[a-z]\w*", match.group(1))
            used += [f"{path.name}: {n}" for n in names if n not in ALLOWED.get(path.name, ())]
    assert not used, used


def test_one_registry_of_formats_drives_the_cli_and_the_palette(demo_store):
    """A format is added in one place: the CLI's FORMAT choices and the palette's
    Import/Export entries both come from core/interop/formats.py."""
    from infointerview_tui.__main__ import build_parser
    from infointerview_tui.commands import screen_commands
    from infointerview_tui.core.interop.formats import EXPORTS, IMPORTS
    from tests.conftest import make_app

    parser = build_parser()
    for command, formats in (
        ("export", [f.name for f in EXPORTS.values() if f.in_cli]),
        ("import", list(IMPORTS)),
    ):
        for name in formats:
            assert parser.parse_args([command, name, "somewhere"]).format == name
    with pytest.raises(SystemExit):
        parser.parse_args(["export", "backup", "somewhere"])  # `infointerview backup` instead
    titles = {c.title for c in screen_commands(make_app(demo_store))}
    assert {f.title for f in EXPORTS.values()} | {f.title for f in IMPORTS.values()} <= titles
