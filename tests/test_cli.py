"""The command line, run as a user runs it: a subprocess."""

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
from tests.conftest import db_arg


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


def test_demo_is_deterministic_per_seed(tmp_path):
    a, b, c = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "c.db"
    assert run("demo", "--db", str(a), "--no-open", "--contacts", "40").returncode == 0
    assert run("demo", "--db", str(b), "--no-open", "--contacts", "40").returncode == 0
    assert (
        run("demo", "--db", str(c), "--no-open", "--contacts", "40", "--seed", "9").returncode == 0
    )

    def names(p: Path) -> list[tuple]:
        conn = sqlite3.connect(p)
        try:
            return conn.execute("SELECT name, stage, title FROM contact ORDER BY id").fetchall()
        finally:
            conn.close()

    assert names(a) == names(b)
    assert names(a) != names(c)
    assert len(names(a)) == 40
    assert {row[1] for row in names(a)} == {1, 2, 3, 4, 5}
    assert stat.S_IMODE(a.stat().st_mode) == 0o600


def test_demo_refuses_an_existing_database(tmp_path):
    path = tmp_path / "mine.db"
    assert run("demo", "--db", str(path), "--no-open").returncode == 0
    before = path.read_bytes()
    assert_one_line_error(run("demo", "--db", str(path), "--no-open"), "already exists")
    assert path.read_bytes() == before


def test_demo_without_db_writes_a_new_temporary_file(tmp_path):
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
def test_bad_json_import(tmp_path, content, needle):
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    assert_one_line_error(run("import", "json", str(bad), "--db", str(tmp_path / "x.db")), needle)


def test_missing_files(tmp_path):
    assert_one_line_error(
        run("import", "json", str(tmp_path / "nope.json"), "--db", str(tmp_path / "x.db")),
        "does not exist",
    )
    assert_one_line_error(run("agenda", "--db", str(tmp_path / "missing.db")), "does not exist")
    assert not (tmp_path / "missing.db").exists()


def test_unwritable_export_target(tmp_path):
    path = tmp_path / "a.db"
    assert run("demo", "--db", str(path), "--no-open", "--contacts", "3").returncode == 0
    result = run("export", "json", str(tmp_path / "no" / "such" / "dir.json"), "--db", str(path))
    assert_one_line_error(result, "No such file or directory")


def test_backup_is_a_consistent_private_copy(tmp_path):
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


def test_large_demo_is_a_bulk_insert(tmp_path):
    path = tmp_path / "big.db"
    result = run("demo", "--db", str(path), "--no-open", "--contacts", "20000")
    assert result.returncode == 0, result.stderr
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT count(*) FROM contact").fetchone()[0] == 20000
    finally:
        conn.close()


FIXTURES = Path(__file__).parent / "fixtures"


def _table_dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_import_linkedin_and_vcard_print_a_summary(tmp_path):
    db = str(tmp_path / "x.db")
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
def test_bad_imports_exit_2_and_leave_the_database_identical(tmp_path, fmt, name, content, needle):
    db = tmp_path / "x.db"
    assert run("demo", "--db", str(db), "--no-open", "--contacts", "10").returncode == 0
    before = _table_dump(db)
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    assert_one_line_error(run("import", fmt, str(path), "--db", str(db)), needle)
    assert _table_dump(db) == before


def test_exports_write_files_and_refuse_unwritable_targets(tmp_path):
    db = tmp_path / "x.db"
    assert run("demo", "--db", str(db), "--no-open").returncode == 0
    for fmt, out in (("vcard", "c.vcf"), ("ics", "p.ics"), ("markdown", "notes")):
        result = run("export", fmt, str(tmp_path / out), "--db", str(db))
        assert result.returncode == 0, result.stderr
        assert (tmp_path / out).exists()
        bad = run("export", fmt, str(tmp_path / "nope" / "deeper" / out), "--db", str(db))
        if fmt != "markdown":  # markdown creates its directory
            assert_one_line_error(bad, "cannot write")
