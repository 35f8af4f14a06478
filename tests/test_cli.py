"""The command line, run as a user runs it: a subprocess. On an SQLite file and on a
PostgreSQL database (`db_target`), except where a test is about a file (its mode, a
temporary file, bytes that are not a database, SQLite's user_version, backup's copy):
those say so and run on SQLite only."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from infointerview_tui import __version__
from tests.conftest import db_arg, dump, open_store


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "infointerview_tui", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], needle: str) -> None:
    assert result.returncode == 2, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert needle in lines[0]
    assert "Traceback" not in result.stderr


def test_version():
    result = run("--version")
    assert result.returncode == 0 and __version__ in result.stdout


def test_demo_is_deterministic_per_seed(new_target):
    a, b, c = (new_target(name) for name in "abc")
    assert run("demo", "--db", db_arg(a), "--no-open", "--contacts", "40").returncode == 0
    assert run("demo", "--db", db_arg(b), "--no-open", "--contacts", "40").returncode == 0
    made = run("demo", "--db", db_arg(c), "--no-open", "--contacts", "40", "--seed", "9")
    assert made.returncode == 0, made.stderr

    def names(target: object) -> list[tuple]:
        store = open_store(target)
        try:
            rows = store.query("SELECT name, stage, title FROM contact ORDER BY id")
            return [tuple(row) for row in rows]
        finally:
            store.close()

    assert names(a) == names(b)
    assert names(a) != names(c)
    assert len(names(a)) == 40
    assert {row[1] for row in names(a)} == {1, 2, 3, 4, 5}


def test_the_demo_file_is_private(tmp_path):
    # About a file's mode: SQLite only.
    path = tmp_path / "a.db"
    assert run("demo", "--db", str(path), "--no-open", "--contacts", "3").returncode == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_demo_refuses_an_existing_database(db_target):
    where = db_arg(db_target)
    assert run("demo", "--db", where, "--no-open", "--contacts", "5").returncode == 0
    store = open_store(db_target)
    before = dump(store)
    store.close()
    assert_one_line_error(run("demo", "--db", where, "--no-open"), "already")
    store = open_store(db_target)
    assert dump(store) == before
    store.close()


def test_demo_without_db_writes_a_new_temporary_file(tmp_path):
    # A temporary file: SQLite only.
    result = run("demo", "--no-open", "--contacts", "5", env={"TMPDIR": str(tmp_path)})
    assert result.returncode == 0
    made = list(tmp_path.glob("infointerview-demo-*.db"))
    assert len(made) == 1 and str(made[0]) in result.stderr


def test_export_import_round_trip_is_identical(tmp_path, db_target):
    # From an SQLite file into the test's database (a new file, or a PostgreSQL one).
    src, dst = tmp_path / "src.db", db_arg(db_target)
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    assert run("demo", "--db", str(src), "--no-open").returncode == 0
    assert run("export", "json", str(one), "--db", str(src)).returncode == 0
    result = run("import", "json", str(one), "--db", dst)
    assert result.returncode == 0, result.stderr
    assert run("--db", dst, "export", "json", str(two)).returncode == 0
    assert one.read_bytes() == two.read_bytes()
    data = json.loads(one.read_text())
    assert len(data["contacts"]) == 60


def test_env_var_picks_the_database(db_target):
    where = db_arg(db_target)
    assert run("demo", "--db", where, "--no-open", "--contacts", "20").returncode == 0
    result = run("agenda", "--json", env={"INFOINTERVIEW_DB": where})
    assert result.returncode == 0
    assert json.loads(result.stdout)


def test_agenda_json_lists_items_with_offsets(db_target):
    where = db_arg(db_target)
    assert run("demo", "--db", where, "--no-open").returncode == 0
    items = json.loads(run("agenda", "--json", "--db", where).stdout)
    kinds = {i["kind"] for i in items}
    assert {"thank-you", "stay-in-touch", "interview"} <= kinds
    for item in items:
        assert item["contact"]
        assert item["due"][-6] in "+-"  # ISO 8601 with an offset


def test_garbage_db_gets_one_line_and_stays_unchanged(tmp_path):
    # Bytes that are not a database: a file, SQLite only.
    path = tmp_path / "garbage.db"
    path.write_bytes(os.urandom(4096))
    before = path.read_bytes()
    for args in (
        ["agenda"],
        ["export", "json", str(tmp_path / "o.json")],
        ["import", "json", str(path)],
    ):
        result = run(*args, "--db", str(path))
        assert_one_line_error(result, "not an infointerview database")
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["garbage.db"]


def test_newer_schema_is_refused(tmp_path):
    # SQLite's user_version (PostgreSQL: test_a_newer_server_schema_is_refused).
    path = tmp_path / "new.db"
    assert run("demo", "--db", str(path), "--no-open", "--contacts", "3").returncode == 0
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    before = path.read_bytes()
    assert_one_line_error(run("agenda", "--db", str(path)), "newer infointerview")
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("content", "needle"),
    [(b"{oops", "not valid JSON"), (b"[]", "not an infointerview export")],
)
def test_bad_json_import(tmp_path, db_target, content, needle):
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    assert_one_line_error(run("import", "json", str(bad), "--db", db_arg(db_target)), needle)
    store = open_store(db_target)
    try:
        assert not store.query("SELECT id FROM contact")
    finally:
        store.close()


def test_a_missing_import_file(tmp_path, db_target):
    assert_one_line_error(
        run("import", "json", str(tmp_path / "nope.json"), "--db", db_arg(db_target)),
        "does not exist",
    )


def test_a_missing_database_file(tmp_path):
    # A file that is not there: SQLite only (a server's missing database: test_cli_db).
    assert_one_line_error(run("agenda", "--db", str(tmp_path / "missing.db")), "does not exist")
    assert not (tmp_path / "missing.db").exists()


def test_unwritable_export_target(tmp_path, db_target):
    where = db_arg(db_target)
    assert run("demo", "--db", where, "--no-open", "--contacts", "3").returncode == 0
    result = run("export", "json", str(tmp_path / "no" / "such" / "dir.json"), "--db", where)
    assert_one_line_error(result, "No such file or directory")


def test_backup_is_a_consistent_private_copy(tmp_path):
    # A copy of the file with its mode: SQLite only (PostgreSQL: pg_dump, test_cli_db).
    path, out = tmp_path / "a.db", tmp_path / "copy.db"
    assert run("demo", "--db", str(path), "--no-open").returncode == 0
    assert run("backup", str(out), "--db", str(path)).returncode == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    conn = sqlite3.connect(out)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM contact").fetchone()[0] == 60
    finally:
        conn.close()


def test_large_demo_is_a_bulk_insert(db_target):
    result = run("demo", "--db", db_arg(db_target), "--no-open", "--contacts", "20000")
    assert result.returncode == 0, result.stderr
    store = open_store(db_target)
    try:
        assert store.query("SELECT count(*) FROM contact")[0][0] == 20000
    finally:
        store.close()


FIXTURES = Path(__file__).parent / "fixtures"


def _table_dump(target: object) -> list[tuple[object, ...]]:
    store = open_store(target)
    try:
        return dump(store)
    finally:
        store.close()


def test_import_linkedin_and_vcard_print_a_summary(db_target):
    db = db_arg(db_target)
    result = run("import", "linkedin", str(FIXTURES / "linkedin" / "Connections.csv"), "--db", db)
    assert result.returncode == 0
    assert result.stderr.strip() == (
        "imported 5, skipped 1 duplicate, 1 row without a name (line 8)"
    )
    result = run("import", "vcard", str(FIXTURES / "vcard" / "contacts-3.0.vcf"), "--db", db)
    # Grace Hopper came in from LinkedIn already: matched on her profile URL.
    assert result.returncode == 0
    assert result.stderr.strip() == "imported 1, skipped 1 duplicate"


@pytest.mark.parametrize(
    ("fmt", "name", "content", "needle"),
    [
        ("linkedin", "photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        ("linkedin", "other.csv", b"a,b\n1,2\n", "no LinkedIn header"),
        ("vcard", "cut.vcf", b"BEGIN:VCARD\nVERSION:3.0\nFN:Cut\n", "truncated"),
        ("vcard", "missing.vcf", None, "does not exist"),
    ],
)
def test_bad_imports_exit_2_and_leave_the_database_identical(
    tmp_path, db_target, fmt, name, content, needle
):
    db = db_arg(db_target)
    assert run("demo", "--db", db, "--no-open", "--contacts", "10").returncode == 0
    before = _table_dump(db_target)
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    assert_one_line_error(run("import", fmt, str(path), "--db", db), needle)
    assert _table_dump(db_target) == before


def test_exports_write_files_and_refuse_unwritable_targets(tmp_path, db_target):
    db = db_arg(db_target)
    assert run("demo", "--db", db, "--no-open").returncode == 0
    for fmt, out in (("vcard", "c.vcf"), ("ics", "p.ics"), ("markdown", "notes")):
        result = run("export", fmt, str(tmp_path / out), "--db", db)
        assert result.returncode == 0, result.stderr
        assert (tmp_path / out).exists()
        bad = run("export", fmt, str(tmp_path / "nope" / "deeper" / out), "--db", db)
        if fmt != "markdown":  # markdown creates its directory
            assert_one_line_error(bad, "cannot write")
