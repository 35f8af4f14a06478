"""`infointerview serve` refuses what it must before listening, and `keys` lists the ids."""

from __future__ import annotations

import shlex
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from infointerview_tui.serve import app_command
from tests.test_cli import assert_one_line_error, run


def test_another_host_is_refused_with_ssh_forwarding_explained(tmp_path: Path):
    db = tmp_path / "mine.db"
    result = run("serve", "--host", "0.0.0.0", "--port", "8123", "--db", str(db))
    assert_one_line_error(result, "127.0.0.1 only")
    assert "ssh -L 8123:localhost:8123" in result.stderr
    assert not db.exists()  # refused before anything was created


def test_a_port_out_of_range_or_in_use_is_one_line(tmp_path: Path):
    db = str(tmp_path / "mine.db")
    assert_one_line_error(run("serve", "--port", "70000", "--db", db), "between 1 and 65535")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run("serve", "--port", str(port), "--db", db)
    assert_one_line_error(result, f"port {port} is in use")


def test_a_file_that_is_not_a_database_fails_once_not_per_tab(tmp_path: Path):
    db = tmp_path / "notes.txt"
    db.write_text("not a database at all\n" * 100)
    result = run("serve", "--port", "8124", "--db", str(db))
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_the_per_tab_command_keeps_every_path_one_argument(tmp_path: Path):
    db = tmp_path / "it's a $(touch pwned) `db`; rm -rf x.db"
    config = tmp_path / "my config.toml"
    command = app_command(db, config)
    # What the shell that textual-serve starts would see, argument by argument.
    echoed = subprocess.run(
        ["sh", "-c", "printf '%s\\n' " + command],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=10,
        check=True,
    ).stdout.splitlines()
    assert echoed == [sys.executable, "-m", "infointerview_tui"] + [
        "--db",
        str(db),
        "--config",
        str(config),
    ]
    assert shlex.split(command)[-3] == str(db)
    assert not (tmp_path / "pwned").exists()


def test_keys_lists_every_binding_id_with_its_default():
    result = run("keys")
    assert result.returncode == 0
    lines = {line.split()[0]: line for line in result.stdout.splitlines()[1:]}
    assert "ctrl+down,alt+down" in lines["interview.next_question"]
    assert "ctrl+e" in lines["text.editor"] and "board.move_next" in lines


def test_without_the_web_extra_serve_says_how_to_get_it(tmp_path: Path, monkeypatch):
    import infointerview_tui.serve as serving
    from tests.web.serving import free_port

    monkeypatch.setitem(sys.modules, "textual_serve.server", None)  # as if not installed
    with pytest.raises(serving.ServeError, match=r"pip install 'infointerview\[web\]'"):
        serving.serve(tmp_path / "a.db", tmp_path / "c.toml", free_port())
