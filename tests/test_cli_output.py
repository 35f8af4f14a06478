"""CLI output never passes terminal control characters through from data."""

from __future__ import annotations

import json

from tests.conftest import db_arg, execute, open_store
from tests.test_cli import run

HOSTILE = "Eve\x1b]0;pwned\x07\x1b[2J\x9b31m\u202egnp.exe\r\nInjected"


def test_agenda_escapes_control_characters_in_names(db_target):
    db = db_arg(db_target)
    assert run("demo", "--db", db, "--no-open", "--contacts", "20").returncode == 0
    store = open_store(db_target)
    try:
        execute(store, "UPDATE contact SET name = ?", (HOSTILE,))
        execute(store, "UPDATE organization SET name = ?", (HOSTILE,))
    finally:
        store.close()
    text = run("agenda", "--db", db)
    assert text.returncode == 0 and "Eve" in text.stdout
    for raw in ("\x1b", "\x07", "\x9b", "\u202e", "\r"):
        assert raw not in text.stdout
    assert "\\x1b]0;pwned" in text.stdout  # shown, visibly, not acted on
    lines = [line for line in text.stdout.splitlines() if "Eve" in line]
    assert all("Injected" in line for line in lines)  # a newline in a name is no new line
    machine = run("agenda", "--json", "--db", db)
    assert "\x9b" not in machine.stdout and "\u202e" not in machine.stdout
    items = json.loads(machine.stdout)
    assert items and all(item["contact"] == HOSTILE for item in items)  # same data


def test_import_summary_and_errors_escape_control_characters(tmp_path):
    bad = tmp_path / "evil\x1b[31mname.vcf"
    bad.write_bytes(b"BEGIN:VCARD\nFN:x\n")
    result = run("import", "vcard", str(bad), "--db", str(tmp_path / "x.db"))
    assert result.returncode == 2 and "\x1b" not in result.stderr
    assert "evil\\x1b[31mname.vcf" in result.stderr
