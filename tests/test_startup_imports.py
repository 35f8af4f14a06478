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
