"""Two windows in two processes press random board keys on one database at once (as two
computers would) for a minute: afterwards every contact's history is still a chain. On
an SQLite file and on a PostgreSQL database, both at the same time (four windows, one
minute of wall time in .ci/run rather than two); every window stops at its deadline and
is killed if it overruns it, so the test is bounded.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import assert_history_is_a_chain, db_arg, open_store

SECONDS = 60
GRACE = 120  # start-up and shutdown of a window under load, past its deadline
ROOT = Path(__file__).resolve().parent.parent


def _targets(request: pytest.FixtureRequest, db_path: Path) -> list[object]:
    """The SQLite file, and a fresh PostgreSQL database when a server can run here (a
    missing server is a failure where .ci/run requires one: see the `pg_server` fixture)."""
    from infointerview_tui.core.dburl import parse_target, sqlite_target

    targets: list[object] = [sqlite_target(db_path)]
    try:
        server = request.getfixturevalue("pg_server")
    except pytest.skip.Exception:
        return targets
    name = server.create_database(template=request.getfixturevalue("pg_template"))
    request.addfinalizer(lambda: server.drop_database(name))
    targets.append(parse_target(server.url(name)))
    return targets


def _seed(target: object) -> None:
    store = open_store(target)
    try:
        for i in range(16):
            store.intents.add_contact(f"Person {i}", 1 + i % 3)
    finally:
        store.close()


def test_two_processes_pressing_random_board_keys_for_a_minute_keep_history_a_chain(
    request, db_path
):
    targets = _targets(request, db_path)
    for target in targets:
        _seed(target)
    windows = {
        (db_arg(target), seed): subprocess.Popen(
            [sys.executable, "-m", "tests.board_keys", db_arg(target), str(seed), str(SECONDS)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for target in targets
        for seed in (1, 2)
    }
    pressed: dict[tuple[str, int], int] = {}
    try:
        for key, window in windows.items():
            out, err = window.communicate(timeout=SECONDS + GRACE)
            assert window.returncode == 0, err[-2000:]
            pressed[key] = int(out.split()[-1])
    finally:
        for window in windows.values():
            if window.poll() is None:
                window.kill()
                window.communicate()
    print(f"keys pressed per window: {pressed}")  # shown with -s; the bar is below
    # A minute of keys each, even with four windows on two cores.
    assert min(pressed.values()) >= 100, f"keys pressed per window: {pressed}"
    for target in targets:
        check = open_store(target)
        try:
            (moves,) = check.query("SELECT count(*) FROM stage_event WHERE from_stage IS NOT NULL")[
                0
            ]
            assert moves >= 50, f"the windows moved {moves} cards on {db_arg(target)}"
            print(f"{moves} moves on {db_arg(target)}")
            assert_history_is_a_chain(check)
        finally:
            check.close()
