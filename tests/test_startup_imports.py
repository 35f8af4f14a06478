"""The board's first paint does not wait for the ORM: importing the app and the board
(everything the first paint needs) imports no SQLAlchemy, SQLModel or pydantic; they load
on a worker after it (core/quick_board.py reads the first columns with sqlite3). A
top-level import of a core module that needs the models once added ~300 ms to every
start-up."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("sqlalchemy", "sqlmodel", "pydantic")


def test_the_app_and_the_board_import_no_orm():
    code = (
        "import sys\n"
        "import infointerview_tui.__main__, infointerview_tui.app\n"
        "import infointerview_tui.screens.board\n"
        f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "", f"imported before the first paint: {out}"


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_frame_rate_is_set_before_textual_reads_it():
    """`run_app` asks for 120 frames a second through TEXTUAL_FPS, which Textual reads
    once, when it is imported: the command line must not import Textual before that (the
    app would draw at 60 and a key's echo wait up to a frame longer)."""
    before = _run(
        "import sys\n"
        "import infointerview_tui.__main__, infointerview_tui.cli.common\n"
        "print('textual' in sys.modules)\n"
    )
    assert before == "False", "the command line imports Textual before run_app"
    # run_app with a stand-in app that reports the frame rate Textual was loaded with.
    fps = _run(
        "import os, sys, types\n"
        "os.environ.pop('TEXTUAL_FPS', None)\n"
        "from infointerview_tui.cli import common\n"
        "common.require_terminal = lambda: None\n"
        "class App:\n"
        "    def __init__(self, *args, **kwargs): pass\n"
        "    def run(self):\n"
        "        from textual import constants\n"
        "        print(constants.MAX_FPS)\n"
        "sys.modules['infointerview_tui.app'] = types.SimpleNamespace(InfoInterviewApp=App)\n"
        "class Store:\n"
        "    board_ready = True\n"
        "    def use_board_sql(self, path): pass\n"
        "common.run_app(Store())\n"
    )
    assert fps == "120"
