"""Opening the app where there is no terminal: one line, nothing written, no spinning."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.test_cli import assert_one_line_error, run


def no_terminal(*args: str) -> subprocess.CompletedProcess[str]:
    """The command with stdin at end of file and stdout a pipe (cron, a script, `| less`
    by mistake); bounded: the old code drew into the pipe and spun until killed."""
    env = {k: v for k, v in os.environ.items() if k != "TEXTUAL_DRIVER"}
    return subprocess.run(
        [sys.executable, "-m", "infointerview_tui", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )


def test_demo_without_a_terminal_says_so_and_writes_nothing(tmp_path: Path):
    db = tmp_path / "demo.db"
    result = no_terminal("demo", "--db", str(db), "--contacts", "5")
    assert_one_line_error(result, "needs a terminal")
    assert "demo --no-open" in result.stderr  # what to do instead
    assert not db.exists()
    assert result.stdout == ""  # no escape codes drawn into the pipe


def test_opening_a_database_without_a_terminal_says_so_and_keeps_it(tmp_path: Path):
    db = tmp_path / "mine.db"
    assert run("demo", "--db", str(db), "--no-open", "--contacts", "5").returncode == 0
    before = db.read_bytes()
    result = no_terminal("--db", str(db))
    assert_one_line_error(result, "needs a terminal")
    assert result.stdout == ""
    assert db.read_bytes() == before
