"""Shared fixtures: a store on a tmp_path file with a frozen clock, demo data, the app."""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

os.environ.setdefault("TEXTUAL_ANIMATION", "none")
# The app's user cache (the board's saved SQL) goes to a directory of the test run's,
# never the user's own ~/.cache (subprocesses inherit it).
if "INFOINTERVIEW_TEST_CACHE" not in os.environ:
    import atexit
    import shutil
    import tempfile

    os.environ["INFOINTERVIEW_TEST_CACHE"] = tempfile.mkdtemp(prefix="infointerview-cache-")
    atexit.register(shutil.rmtree, os.environ["INFOINTERVIEW_TEST_CACHE"], True)
    os.environ["XDG_CACHE_HOME"] = os.environ["INFOINTERVIEW_TEST_CACHE"]

FROZEN = datetime(2026, 11, 26, 13, 0, tzinfo=UTC)


def frozen_clock() -> datetime:
    return FROZEN


@pytest.fixture(autouse=True)
def _unfreeze_after():
    """The app freezes what it built (gc_policy.py) and leaves it frozen at exit, where
    the process ends; a test run goes on, so each test's frozen widgets are released."""
    yield
    import gc

    gc.unfreeze()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.db"


@pytest.fixture
def store(db_path: Path):
    from infointerview_tui.core.store import Store

    s = Store(db_path, clock=frozen_clock)
    yield s
    s.close()


@pytest.fixture
def demo_store(db_path: Path):
    from infointerview_tui.core.demo import write_demo
    from infointerview_tui.core.store import Store

    s = Store(db_path, clock=frozen_clock)
    write_demo(s, 60, seed=7)
    yield s
    s.close()


def make_app(store):
    """The app on `store`, its ORM already loaded (as it is once the start-up worker is
    done); tests of the loading itself build the app on a fresh store."""
    from infointerview_tui.app import InfoInterviewApp

    store.load()
    return InfoInterviewApp(store, clock=frozen_clock, timezone=UTC)


@pytest.fixture
def app(demo_store):
    return make_app(demo_store)


def assert_history_is_a_chain(store) -> None:
    """Every contact's stage events form a chain ending at its stage, with no no-op step:
    the first arrives from nowhere, each next one leaves from where the last arrived."""
    events: dict[int, list[tuple[int | None, int]]] = {}
    for contact_id, from_stage, to_stage in store.query(
        "SELECT contact_id, from_stage, to_stage FROM stage_event ORDER BY id"
    ):
        events.setdefault(contact_id, []).append((from_stage, to_stage))
    for contact_id, stage in store.query("SELECT id, stage FROM contact"):
        steps = events.get(contact_id, [])
        assert steps, f"contact {contact_id} has no history"
        assert steps[0][0] is None, f"contact {contact_id} starts with {steps[0]}"
        for before, after in zip(steps, steps[1:], strict=False):
            assert after[0] == before[1], f"contact {contact_id}: {before} then {after}"
        assert all(f != t for f, t in steps), f"contact {contact_id}: a no-op step {steps}"
        assert steps[-1][1] == stage, f"contact {contact_id} at {stage}, history {steps}"


# -- PostgreSQL: one private server per test session, a fresh database per test ---------

PG_REQUIRED_ENV = "INFOINTERVIEW_TEST_PG"  # "required" in .ci/run: a missing server fails


@pytest.fixture(scope="session")
def pg_server():
    """A private PostgreSQL server (tests/pgserver.py), stopped at the end of the session."""
    import atexit
    import signal

    from .pgserver import PgServer, PgUnavailable

    server = PgServer()
    try:
        server.start()
    except (PgUnavailable, RuntimeError, OSError, subprocess.SubprocessError) as exc:
        # No binaries, or a server that would not start: skipped here, a failure in CI.
        server.stop()
        if os.environ.get(PG_REQUIRED_ENV) == "required":
            pytest.fail(f"PostgreSQL is required here: {exc}")
        pytest.skip(f"no PostgreSQL server could start on this machine: {exc}")
    except BaseException:
        server.stop()
        raise
    atexit.register(server.stop)  # also when the session dies before teardown
    # `timeout` and CI runners end a run with SIGTERM, which skips teardown and atexit:
    # stop the server first, then let the signal do what it would have done.
    previous = signal.getsignal(signal.SIGTERM)

    def on_term(signum: int, _frame: object) -> None:
        server.stop()
        signal.signal(signal.SIGTERM, previous)
        os.kill(os.getpid(), signum)

    signal.signal(signal.SIGTERM, on_term)
    saved = os.environ.get("PGPASSFILE")
    os.environ["PGPASSFILE"] = str(server.pgpass)
    try:
        yield server
    finally:
        if saved is None:
            os.environ.pop("PGPASSFILE", None)
        else:
            os.environ["PGPASSFILE"] = saved
        server.stop()
        atexit.unregister(server.stop)
        signal.signal(signal.SIGTERM, previous)


@pytest.fixture
def pg_url(pg_server) -> object:
    """The URL of a fresh, empty PostgreSQL database, dropped after the test."""
    with pg_server.database() as url:
        yield url


@pytest.fixture(scope="session")
def pg_template(pg_server) -> str:
    """A database migrated and seeded once per session, for fast copies (`pg_ready_url`)."""
    from infointerview_tui.core.dburl import parse_target
    from infointerview_tui.core.store import open_target

    name = pg_server.create_database("template")
    open_target(parse_target(pg_server.url(name))).close()  # disposes: no connection left
    return name


@pytest.fixture
def pg_ready_url(pg_server, pg_template) -> object:
    """The URL of a fresh database already at the current schema with the question bank."""
    with pg_server.database(template=pg_template) as url:
        yield url


# -- the core and CLI suites run on both engines -------------------------------------

ENGINES = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def pg_demo_template(pg_server, pg_template) -> str:
    """`write_demo(60, seed=7)` on the frozen clock, once per session (on PostgreSQL the
    demo's ~2,000 small transactions take seconds; a copy of the result takes ~20 ms)."""
    from infointerview_tui.core.dburl import parse_target
    from infointerview_tui.core.demo import write_demo

    name = pg_server.create_database("demo", template=pg_template)
    store = open_store(parse_target(pg_server.url(name)))
    try:
        write_demo(store, 60, seed=7)
    finally:
        store.close()
    return name


@pytest.fixture(params=ENGINES)
def db_target(request, db_path: Path):
    """Where the test's data lives: an SQLite file, or a fresh PostgreSQL database (with
    the demo in it already when the test asks for `any_demo_store`)."""
    from infointerview_tui.core.dburl import parse_target, sqlite_target

    if request.param == "sqlite":
        return sqlite_target(db_path)
    server = request.getfixturevalue("pg_server")
    if "any_demo_store" in request.fixturenames:
        template = request.getfixturevalue("pg_demo_template")
    else:
        template = request.getfixturevalue("pg_template")
    name = server.create_database(template=template)
    request.addfinalizer(lambda: server.drop_database(name))
    return parse_target(server.url(name))


@pytest.fixture
def new_target(request, db_target, tmp_path: Path):
    """Makes more fresh targets on the test's engine: `new_target("a")` is a new SQLite
    file's place (not created), or a new PostgreSQL database at the current schema with
    no contacts (a server's database is made by its owner, never by the app)."""
    from infointerview_tui.core.dburl import parse_target, sqlite_target

    def make(name: str):
        if db_target.path is not None:
            return sqlite_target(tmp_path / f"{name}.db")
        server = request.getfixturevalue("pg_server")
        made = server.create_database(template=request.getfixturevalue("pg_template"))
        request.addfinalizer(lambda: server.drop_database(made))
        return parse_target(server.url(made))

    return make


def db_arg(target) -> str:
    """What `--db` (or INFOINTERVIEW_DB) says for `target`: the file, or the URL."""
    return str(target.path) if target.path is not None else target.url


def open_store(target, clock=frozen_clock):
    """Another store (another window) on the test's database."""
    from infointerview_tui.core.store import open_target

    return open_target(target, clock=clock)


@pytest.fixture
def any_store(db_target):
    s = open_store(db_target)
    yield s
    s.close()


@pytest.fixture
def any_demo_store(db_target):
    from infointerview_tui.core.demo import write_demo

    s = open_store(db_target)
    if db_target.path is not None:
        write_demo(s, 60, seed=7)  # (PostgreSQL: a copy of the demo template)
    yield s
    s.close()


def dump(store) -> list[tuple[object, ...]]:
    """Every row of every table, in key order, on either engine: compare two of these to
    see that something changed nothing."""
    from sqlalchemy import select
    from sqlmodel import SQLModel

    from infointerview_tui.core import models  # noqa: F401  (registers the tables)

    rows: list[tuple[object, ...]] = []
    with store.db.read() as conn:
        for table in SQLModel.metadata.sorted_tables:
            if table.name == "write_mark":  # how many writes, not data (core/live.py)
                continue
            ordered = select(table).order_by(*table.primary_key.columns)
            rows += [(table.name, *row) for row in conn.execute(ordered)]
    return rows


def execute(store, sql: str, *params: object) -> None:
    """Write with SQL text (`?` marks) on either engine, as another program might: one
    transaction, one statement per tuple of `params` (or one without values)."""
    from infointerview_tui.core.database import sql_text

    with store.db.write() as conn:
        for values in params or ((),):
            conn.execute(*sql_text(sql, values))


def stamp_back(conn, revision: str) -> None:  # noqa: ANN001
    """Say the database on `conn` is at `revision` (after undoing the later ones' schema
    by hand): alembic's version, and SQLite's user_version too (n for "000n")."""
    conn.exec_driver_sql(f"UPDATE alembic_version SET version_num = '{revision}'")
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"PRAGMA user_version = {int(revision)}")


def reopened_before(store, target, back, revision: str, clock=frozen_clock):  # noqa: ANN001
    """`store` closed with its database put back to `revision` (`back(conn)` undoing the
    later revisions' schema, the version stamped back), then opened again: the later
    revisions run on the rows it has."""
    with store.db.write() as conn:
        back(conn)
        stamp_back(conn, revision)
    store.close()
    return open_store(target, clock=clock)


def restored_copy(store, target, tmp_path: Path):  # noqa: ANN001
    """A new store at `target` with `store`'s data, as a restore makes it: `export json`
    to a file in `tmp_path`, then `import json` into the new one."""
    from infointerview_tui.core.interop.jsonio import export_json, import_json

    export = tmp_path / "all.json"
    export_json(store, export)
    restored = open_store(target)
    try:
        import_json(restored, export)
    except BaseException:
        restored.close()
        raise
    return restored
