"""Every CLI error path: no traceback, exit 2, one line, the database byte-identical.

Each case starts from a copy of one demo database, runs the command as a user would (a
subprocess), and checks the four promises; personal data never appears in the message.
On an SQLite file and on a PostgreSQL database (`target`), except where a case is about
a file (a missing or read-only database file, a full disk, backup's copy): those say so
and run on SQLite only.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import ENGINES, db_arg, dump, execute, open_store

FIXTURES = Path(__file__).parent / "fixtures"
SECRET = "Zaphod Secretname"  # a person whose name must never reach an error message


def run(*args: str, preexec: Callable[[], None] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "infointerview_tui", *args],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=preexec,
    )


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "demo.db"
    assert run("demo", "--db", str(path), "--no-open", "--contacts", "20").returncode == 0
    conn = sqlite3.connect(path)
    try:
        conn.execute(
            "INSERT INTO contact (name, stage, position, created_at, updated_at) "
            "VALUES (?, 3, 99, '2026-11-01 10:00:00.000000', '2026-11-01 10:00:00.000000')",
            (SECRET,),
        )
        conn.commit()
    finally:
        conn.close()
    return path


@pytest.fixture(scope="module")
def pg_faults_template(pg_server, pg_template) -> str:
    """The same demo on PostgreSQL, once per module: every case gets a copy (~20 ms)."""
    from infointerview_tui.core.dburl import parse_target

    name = pg_server.create_database("faults", template=pg_template)
    url = pg_server.url(name)
    assert run("demo", "--db", url, "--no-open", "--contacts", "20").returncode == 0
    store = open_store(parse_target(url))
    try:
        execute(
            store,
            "INSERT INTO contact (name, stage, position, created_at, updated_at) "
            "VALUES (?, 3, 99, ?, ?)",
            (SECRET, datetime(2026, 11, 1, 10, tzinfo=UTC), datetime(2026, 11, 1, 10, tzinfo=UTC)),
        )
    finally:
        store.close()
    return name


@pytest.fixture(params=ENGINES)
def target(request, template, tmp_path):
    """A copy of the demo (with SECRET in it) to break: a file under tmp_path/db, or a
    PostgreSQL database."""
    from infointerview_tui.core.dburl import parse_target, sqlite_target

    if request.param == "sqlite":
        db = tmp_path / "db" / "mine.db"
        db.parent.mkdir()
        shutil.copy(template, db)
        return sqlite_target(db)
    server = request.getfixturevalue("pg_server")
    name = server.create_database(template=request.getfixturevalue("pg_faults_template"))
    request.addfinalizer(lambda: server.drop_database(name))
    return parse_target(server.url(name))


def rows(target: object) -> list[tuple[object, ...]]:
    """Every row of the target's database (SQLite's file bytes are compared as well)."""
    store = open_store(target)
    try:
        return dump(store)
    finally:
        store.close()


def files(directory: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(directory)): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def write(path: Path, content: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode()
    path.write_bytes(content)
    return path


def demo_json(tmp: Path, db: Path | str, change: Callable[[dict], None]) -> Path:
    out = tmp / "export.json"
    assert run("export", "json", str(out), "--db", str(db)).returncode == 0
    data = json.loads(out.read_text())
    out.unlink()
    change(data)
    return write(tmp / "in" / "bad.json", json.dumps(data))


def _stage(data: dict) -> None:
    data["contacts"][0]["stage"] = 9


def _dangling(data: dict) -> None:
    data["follow_ups"][0]["contact_id"] = 123456


def _control(data: dict) -> None:
    data["contacts"][0]["name"] = "Eve\x1b[2J"


# (id, args after the command's database, files to create first, needle)
# In args, {db} is the database, {tmp} the test's directory.
# About a file, so on SQLite only (FILE_CASES): a missing database file; backup (a copy
# of the file; on PostgreSQL it points to pg_dump, tests/test_cli_db.py).
CASES: list[tuple[str, list[str], dict[str, bytes | str], str]] = [
    (
        "export-to-existing",
        ["export", "json", "{tmp}/out/x.json"],
        {"out/x.json": "mine"},
        "already exists; use --force",
    ),
    (
        "vcard-to-existing",
        ["export", "vcard", "{tmp}/out/c.vcf"],
        {"out/c.vcf": "mine"},
        "already exists",
    ),
    (
        "ics-to-existing",
        ["export", "ics", "{tmp}/out/p.ics"],
        {"out/p.ics": "mine"},
        "already exists",
    ),
    ("export-to-directory", ["export", "json", "{tmp}/out"], {"out/keep": "x"}, "is a directory"),
    ("export-to-missing-dir", ["export", "ics", "{tmp}/no/such/p.ics"], {}, "cannot write"),
    ("markdown-into-a-file", ["export", "markdown", "{tmp}/out/f"], {"out/f": "x"}, "is a file"),
    ("json-into-full-db", ["import", "json", "{tmp}/in/ok.json"], {}, "empty database"),
    (
        "json-deep",
        ["import", "json", "{tmp}/in/deep.json"],
        {"in/deep.json": "[" * 200_000},
        "nested too deeply",
    ),
    (
        "json-garbage",
        ["import", "json", "{tmp}/in/g.json"],
        {"in/g.json": "{nope"},
        "not valid JSON",
    ),
    (
        "linkedin-unbalanced",
        ["import", "linkedin", str(FIXTURES / "linkedin" / "Connections-unbalanced-quote.csv")],
        {},
        "line 6: a quote is not closed",
    ),
    (
        "linkedin-semicolons",
        ["import", "linkedin", str(FIXTURES / "linkedin" / "Connections-semicolon.csv")],
        {},
        "semicolons",
    ),
    (
        "linkedin-utf16",
        ["import", "linkedin", str(FIXTURES / "linkedin" / "Connections-utf16.csv")],
        {},
        "UTF-16",
    ),
    (
        "linkedin-binary",
        ["import", "linkedin", "{tmp}/in/p.csv"],
        {"in/p.csv": b"\x89PNG\r\n\x1a\n\x00\x00"},
        "binary",
    ),
    (
        "vcard-truncated",
        ["import", "vcard", str(FIXTURES / "vcard" / "truncated.vcf")],
        {},
        "truncated",
    ),
    ("vcard-missing", ["import", "vcard", "{tmp}/in/none.vcf"], {}, "does not exist"),
    ("bad-subcommand", ["export", "pdf", "{tmp}/x.pdf"], {}, "invalid choice"),
]
FILE_CASES: list[tuple[str, list[str], dict[str, bytes | str], str]] = [
    ("agenda-missing-db", ["agenda", "--db", "{tmp}/none.db"], {}, "does not exist"),
    ("backup-to-existing", ["backup", "{tmp}/out/b.db"], {"out/b.db": "mine"}, "already exists"),
]


def _format(args: list[str], tmp: Path) -> list[str]:
    return [a.replace("{tmp}", str(tmp)) for a in args]


def check(result: subprocess.CompletedProcess, needle: str) -> None:
    assert result.returncode == 2, result
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert needle in lines[0], lines[0]
    assert SECRET not in result.stderr
    assert "\x1b" not in result.stderr


@pytest.mark.parametrize(
    ("args", "create", "needle"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_error_paths(target, tmp_path, args, create, needle):
    for name, content in create.items():
        write(tmp_path / name, content)
    if "ok.json" in " ".join(args):
        demo_json(tmp_path, db_arg(target), lambda data: None)
        (tmp_path / "in" / "bad.json").rename(tmp_path / "in" / "ok.json")
    before = files(tmp_path), rows(target)
    extra = [] if "--db" in args else ["--db", db_arg(target)]
    check(run(*_format(args, tmp_path), *extra), needle)
    # The database and every other file byte-identical (on PostgreSQL: every row).
    assert (files(tmp_path), rows(target)) == before


@pytest.mark.parametrize(
    ("args", "create", "needle"), [c[1:] for c in FILE_CASES], ids=[c[0] for c in FILE_CASES]
)
def test_file_error_paths(template, tmp_path, args, create, needle):
    db = tmp_path / "db" / "mine.db"
    db.parent.mkdir()
    shutil.copy(template, db)
    for name, content in create.items():
        write(tmp_path / name, content)
    before = files(tmp_path)
    extra = [] if "--db" in args else ["--db", str(db)]
    check(run(*_format(args, tmp_path), *extra), needle)
    assert files(tmp_path) == before  # the database and every other file byte-identical


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        (_stage, "contacts[0].stage: must be from 1 to 5"),
        (_dangling, "follow_ups[0].contact_id: no record with id 123456"),
        (_control, "contacts[0].name: contains control characters"),
    ],
)
def test_failed_json_import_leaves_no_new_database(template, tmp_path, change, needle):
    bad = demo_json(tmp_path, template, change)
    new = tmp_path / "new" / "fresh.db"
    new.parent.mkdir()
    check(run("import", "json", str(bad), "--db", str(new)), needle)
    assert list(new.parent.iterdir()) == []  # no database, no -wal, no -shm


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        (_stage, "contacts[0].stage: must be from 1 to 5"),
        (_dangling, "follow_ups[0].contact_id: no record with id 123456"),
        (_control, "contacts[0].name: contains control characters"),
    ],
)
def test_failed_json_import_into_a_server_database_writes_nothing(
    template, tmp_path, pg_ready_url, change, needle
):
    # The server's side of the test above: its database stays as it was (schema, bank).
    from infointerview_tui.core.dburl import parse_target

    bad = demo_json(tmp_path, template, change)
    before = rows(parse_target(pg_ready_url))
    check(run("import", "json", str(bad), "--db", pg_ready_url), needle)
    assert rows(parse_target(pg_ready_url)) == before


def test_failed_vcard_import_leaves_no_new_database(tmp_path):
    # No new file: SQLite only (a server's database: test_error_paths' vcard-truncated).
    new = tmp_path / "fresh.db"
    check(
        run("import", "vcard", str(FIXTURES / "vcard" / "truncated.vcf"), "--db", str(new)),
        "truncated",
    )
    assert list(tmp_path.iterdir()) == []


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Make `path` unwritable even for root (chattr +i), or by mode for other users."""
    if os.geteuid() != 0:
        path.chmod(0o444)
        try:
            yield
        finally:
            path.chmod(0o600)
        return
    if (
        shutil.which("chattr") is None
        or subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode
    ):
        pytest.skip("running as root without chattr +i: cannot make a file read-only")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_read_only_database_reads_and_refuses_writes_with_one_line(template, tmp_path):
    # A read-only file: SQLite only.
    db = tmp_path / "ro.db"
    shutil.copy(template, db)
    db.chmod(0o640)
    before = db.read_bytes()
    with read_only(db):
        agenda = run("agenda", "--db", str(db))
        assert agenda.returncode == 0 and "Traceback" not in agenda.stderr
        out = tmp_path / "out.json"
        assert run("export", "json", str(out), "--db", str(db)).returncode == 0
        result = run("import", "vcard", str(FIXTURES / "vcard" / "google-3.0.vcf"), "--db", str(db))
        check(result, "is read-only: nothing can be changed")
    assert db.read_bytes() == before
    assert (db.stat().st_mode & 0o777) == 0o640  # opening never changed its mode


def _small_disk(limit: int) -> Callable[[], None]:
    def preexec() -> None:
        # The file-size limit makes the disk "full" for this process: writes past it fail.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return preexec


def test_disk_full_during_import_is_one_line_and_changes_nothing(template, tmp_path):
    # A full disk under the file (a file-size limit): SQLite only.
    db = tmp_path / "full.db"
    shutil.copy(template, db)
    rows = "".join(
        f"P{i},L{i},https://www.linkedin.com/in/p{i},,Co{i % 50},Engineer,01 Jan 2020\n"
        for i in range(20000)
    )
    csv = write(
        tmp_path / "big.csv",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n" + rows,
    )
    before = db.read_bytes()
    result = run(
        "import",
        "linkedin",
        str(csv),
        "--db",
        str(db),
        preexec=_small_disk(db.stat().st_size + 64 * 1024),
    )
    check(result, "disk")
    assert "cannot rollback" not in result.stderr
    assert db.read_bytes() == before


def test_constraint_violation_is_one_line_without_personal_data(target, tmp_path):
    store = open_store(target)
    try:  # a database where names must be unique: the import collides with SECRET
        execute(store, "CREATE UNIQUE INDEX one_name ON contact(name)")
    finally:
        store.close()
    first, last = SECRET.split()
    csv = write(
        tmp_path / "c.csv",
        "First Name,Last Name,URL,Email Address,Company,Position\n"
        f"{first},{last},https://www.linkedin.com/in/zz,,Elsewhere,Pilot\n",
    )
    before = rows(target)
    needle = "UNIQUE constraint failed" if target.path else "duplicate key value"
    check(run("import", "linkedin", str(csv), "--db", db_arg(target)), needle)
    assert rows(target) == before


def test_disk_full_during_json_import_is_one_line_and_leaves_no_database(template, tmp_path):
    # A full disk under the file: SQLite only.
    source = tmp_path / "source.db"
    assert run("demo", "--db", str(source), "--no-open", "--contacts", "300").returncode == 0
    good = demo_json(tmp_path, source, lambda data: None)
    new = tmp_path / "new" / "fresh.db"
    new.parent.mkdir()
    # Room for the empty schema and the question bank, not for the whole import.
    result = run("import", "json", str(good), "--db", str(new), preexec=_small_disk(160 * 1024))
    check(result, "disk")
    assert "cannot rollback" not in result.stderr
    assert list(new.parent.iterdir()) == []


def test_a_bug_is_one_line_without_its_data(monkeypatch, capsys, tmp_path):
    from infointerview_tui import __main__ as cli

    def broken(_args):
        raise KeyError(SECRET)  # a bug whose message carries a person's name

    monkeypatch.setitem(cli.COMMANDS, "agenda", broken)
    monkeypatch.delenv("INFOINTERVIEW_DEBUG", raising=False)
    assert cli.main(["agenda", "--db", str(tmp_path / "x.db")]) == 2
    err = capsys.readouterr().err
    assert err == "infointerview: unexpected error (KeyError); please report it\n"


def test_a_deep_recursion_is_one_line(monkeypatch, capsys, tmp_path):
    from infointerview_tui import __main__ as cli

    def deep(_args):
        def down(n: int) -> int:
            return down(n + 1)

        return down(0)

    monkeypatch.setitem(cli.COMMANDS, "agenda", deep)
    monkeypatch.delenv("INFOINTERVIEW_DEBUG", raising=False)
    assert cli.main(["agenda"]) == 2
    assert capsys.readouterr().err == "infointerview: the input is nested too deeply to read\n"
