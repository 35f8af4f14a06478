"""Change watchers: another connection or process writes, the callback fires within 1 s."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from infointerview_tui.core.dburl import parse_target, sqlite_target
from infointerview_tui.core.live import notify_change, watch

from ..pgserver import wait_until

WITHIN_S = 1.0


class Calls:
    def __init__(self) -> None:
        self.count = 0
        self.lock = threading.Lock()

    def __call__(self) -> None:
        with self.lock:
            self.count += 1


@pytest.fixture
def sqlite_file(tmp_path: Path) -> Path:
    path = tmp_path / "live.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT)")
    conn.commit()
    conn.close()
    return path


def run_python(code: str) -> None:
    subprocess.run([sys.executable, "-c", code], check=True, timeout=30)


def test_sqlite_another_process_commits(sqlite_file: Path) -> None:
    calls = Calls()
    watcher = watch(sqlite_target(sqlite_file), calls, interval=0.05)
    try:
        assert watcher.ready.wait(WITHIN_S)  # type: ignore[attr-defined]
        assert calls.count == 0
        run_python(
            f"import sqlite3; c = sqlite3.connect({str(sqlite_file)!r}); "
            "c.execute(\"INSERT INTO note (text) VALUES ('hi')\"); c.commit()"
        )
        assert wait_until(lambda: calls.count >= 1, WITHIN_S)
    finally:
        watcher.stop()
    assert not watcher.running


def test_sqlite_reads_and_rollbacks_are_not_changes(sqlite_file: Path) -> None:
    calls = Calls()
    watcher = watch(sqlite_target(sqlite_file), calls, interval=0.05)
    try:
        assert watcher.ready.wait(WITHIN_S)  # type: ignore[attr-defined]
        other = sqlite3.connect(sqlite_file, isolation_level=None)
        other.execute("SELECT count(*) FROM note").fetchone()
        other.execute("BEGIN IMMEDIATE")
        other.execute("INSERT INTO note (text) VALUES ('never')")
        other.execute("ROLLBACK")
        assert not wait_until(lambda: calls.count > 0, 0.4)
        other.execute("INSERT INTO note (text) VALUES ('kept')")
        assert wait_until(lambda: calls.count == 1, WITHIN_S)
        other.close()
    finally:
        watcher.stop()


def test_sqlite_watcher_default_interval_meets_one_second(sqlite_file: Path) -> None:
    calls = Calls()
    watcher = watch(sqlite_target(sqlite_file), calls)  # the app's interval
    try:
        assert watcher.ready.wait(WITHIN_S)  # type: ignore[attr-defined]
        other = sqlite3.connect(sqlite_file)
        other.execute("INSERT INTO note (text) VALUES ('x')")
        other.commit()
        other.close()
        assert wait_until(lambda: calls.count == 1, WITHIN_S)
    finally:
        watcher.stop(timeout=WITHIN_S)
    assert not watcher.running


# -- PostgreSQL -----------------------------------------------------------------------


@pytest.fixture
def pg_engine(pg_url: str):
    from sqlalchemy import text

    from infointerview_tui.core.pg import create_engine

    engine = create_engine(parse_target(pg_url))
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE note (id serial PRIMARY KEY, body text)"))
    yield engine
    engine.dispose()


def write(engine, source: str, *, commit: bool = True) -> None:  # noqa: ANN001
    from sqlalchemy import text

    with engine.connect() as conn:
        conn.execute(text("INSERT INTO note (body) VALUES ('x')"))
        notify_change(conn, source)
        if commit:
            conn.commit()
        else:
            conn.rollback()


def test_postgres_another_process_commits(pg_url: str, pg_engine) -> None:
    calls = Calls()
    watcher = watch(parse_target(pg_url), calls, source="window-a")
    try:
        assert watcher.ready.wait(5)  # type: ignore[attr-defined]
        code = (
            "from sqlalchemy import text\n"
            "from infointerview_tui.core.dburl import parse_target\n"
            "from infointerview_tui.core.live import notify_change\n"
            "from infointerview_tui.core.pg import create_engine\n"
            f"engine = create_engine(parse_target({pg_url!r}))\n"
            "with engine.begin() as conn:\n"
            "    conn.execute(text(\"INSERT INTO note (body) VALUES ('from b')\"))\n"
            "    notify_change(conn, 'window-b')\n"
        )
        run_python(code)
        assert wait_until(lambda: calls.count == 1, WITHIN_S)
    finally:
        watcher.stop()
    assert not watcher.running


def test_postgres_own_writes_and_rollbacks_are_not_changes(pg_url: str, pg_engine) -> None:
    calls = Calls()
    watcher = watch(parse_target(pg_url), calls, source="window-a")
    try:
        assert watcher.ready.wait(5)  # type: ignore[attr-defined]
        write(pg_engine, "window-a")  # this window's own write: it already knows
        write(pg_engine, "window-b", commit=False)  # rolled back: nothing happened
        assert not wait_until(lambda: calls.count > 0, 0.6)
        write(pg_engine, "window-b")
        assert wait_until(lambda: calls.count == 1, WITHIN_S)
    finally:
        watcher.stop()


def test_notify_change_is_a_no_op_on_sqlite(sqlite_file: Path) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(f"sqlite:///{sqlite_file}")
    with engine.begin() as conn:
        notify_change(conn, "a")  # must not try pg_notify on SQLite
        conn.execute(text("INSERT INTO note (text) VALUES ('y')"))
    engine.dispose()


def test_postgres_watcher_survives_a_dropped_connection(pg_server, pg_url, pg_engine) -> None:
    calls = Calls()
    watcher = watch(parse_target(pg_url), calls, source="window-a", interval=0.1)
    try:
        assert watcher.ready.wait(5)  # type: ignore[attr-defined]
        with pg_server.admin() as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name LIKE '%watcher%'"
            )
        # Reconnected: it reports a change (it may have missed some), then hears new ones.
        assert wait_until(lambda: calls.count >= 1, 3)
        seen = calls.count
        write(pg_engine, "window-b")
        assert wait_until(lambda: calls.count > seen, 3)
    finally:
        watcher.stop()


def test_sqlite_watcher_never_creates_a_missing_file(tmp_path: Path) -> None:
    odd = tmp_path / "a dir #1?" / "gone.db"
    odd.parent.mkdir()
    watcher = watch(sqlite_target(odd), Calls(), interval=0.05)
    try:
        assert not watcher.ready.wait(0.3)  # type: ignore[attr-defined]
    finally:
        watcher.stop()
    assert not odd.exists()


def test_sqlite_watcher_on_an_awkward_path(tmp_path: Path) -> None:
    odd = tmp_path / "a dir #1?" / "live.db"
    odd.parent.mkdir()
    sqlite3.connect(odd).execute("CREATE TABLE t (x)").connection.close()
    calls = Calls()
    watcher = watch(sqlite_target(odd), calls, interval=0.05)
    try:
        assert watcher.ready.wait(WITHIN_S)  # type: ignore[attr-defined]
        conn = sqlite3.connect(odd)
        conn.execute("INSERT INTO t VALUES (1)")
        conn.commit()
        conn.close()
        assert wait_until(lambda: calls.count == 1, WITHIN_S)
    finally:
        watcher.stop()


def test_every_store_write_is_announced_once_and_reads_are_not(pg_ready_url: str) -> None:
    """Writers need not remember to notify: a store on a server database announces each
    committed write transaction (intents and ORM sessions alike), and nothing else."""
    from sqlalchemy import text

    from tests.conftest import open_store

    target = parse_target(pg_ready_url)
    mine, theirs = open_store(target), open_store(target)
    calls = Calls()
    watcher = watch(target, calls, source=mine.db.source, interval=0.05)
    try:
        assert watcher.ready.wait(5)  # type: ignore[attr-defined]
        contact = theirs.intents.add_contact("Ada", 1)  # another window writes
        assert wait_until(lambda: calls.count == 1, WITHIN_S)
        theirs.intents.move_card(contact, 1, 2)
        assert wait_until(lambda: calls.count == 2, WITHIN_S)
        theirs.contacts.cards(2)  # reads
        theirs.follow_ups.agenda()
        with theirs.session() as session:  # an ORM session that writes nothing
            session.connection().execute(text("SELECT count(*) FROM contact"))
        with pytest.raises(RuntimeError), theirs.db.write() as conn:  # a write rolled back
            conn.execute(text("UPDATE contact SET name = 'Bea'"))
            raise RuntimeError("changed my mind")
        mine.intents.move_card(contact, 2, 3)  # this window's own write: it knows already
        question = theirs.questions.bank()[0].id
        theirs.intents.set_tiara(question, "advice")  # an ORM-session write
        assert wait_until(lambda: calls.count == 3, WITHIN_S)
        assert not wait_until(lambda: calls.count > 3, 0.5)
    finally:
        watcher.stop()
        mine.close()
        theirs.close()


def test_sqlite_a_windows_own_writes_are_not_changes_anothers_are(tmp_path: Path) -> None:
    """SQLite's data_version changes on the window's own commits too; the write marks
    tell them apart: the window's own write is no change, another window's is, and so is
    a write that takes no mark (an older version, the sqlite3 shell)."""
    from infointerview_tui.core.store import Store

    path = tmp_path / "marks.db"
    mine, theirs = Store(path), Store(path)
    calls = Calls()
    watcher = watch(sqlite_target(path), calls, interval=0.05, own=mine.db.own_writes)
    try:
        assert watcher.ready.wait(WITHIN_S)  # type: ignore[attr-defined]
        mine.intents.add_contact("Mine", 1)
        mine.intents.add_contact("Mine too", 2)
        assert wait_until(lambda: watcher.own_commits >= 1, WITHIN_S)  # type: ignore[attr-defined]
        assert not wait_until(lambda: calls.count > 0, 0.3)
        theirs.intents.add_contact("Theirs", 1)
        assert wait_until(lambda: calls.count == 1, WITHIN_S)
        mine.intents.add_contact("Mine again", 1)
        theirs.intents.add_contact("Theirs again", 1)  # both in one tick: still a change
        assert wait_until(lambda: calls.count == 2, WITHIN_S)
        raw = sqlite3.connect(path)
        raw.execute("UPDATE contact SET name = 'Renamed' WHERE name = 'Mine'")
        raw.commit()
        raw.close()
        assert wait_until(lambda: calls.count == 3, WITHIN_S)
    finally:
        watcher.stop()
        mine.close()
        theirs.close()
