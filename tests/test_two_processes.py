"""Two windows in two processes press random board keys on one database at once (as two
computers would): afterwards every contact's history is still a chain. On an SQLite file
and on a PostgreSQL database; ~10 s of keys each (bounded), part of the suite in .ci/run.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import assert_history_is_a_chain, open_store

SECONDS = 10
ROOT = Path(__file__).resolve().parent.parent


def test_two_processes_pressing_random_board_keys_keep_history_a_chain(db_target):
    seed = open_store(db_target)
    try:
        for i in range(16):
            seed.intents.add_contact(f"Person {i}", 1 + i % 3)
    finally:
        seed.close()
    where = str(db_target.path) if db_target.path is not None else db_target.url
    windows = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.board_keys", where, str(s), str(SECONDS)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for s in (1, 2)
    ]
    pressed = []
    for window in windows:
        out, err = window.communicate(timeout=SECONDS + 60)
        assert window.returncode == 0, err[-2000:]
        pressed.append(int(out.split()[-1]))
    assert min(pressed) >= 20, f"keys pressed per window: {pressed}"
    check = open_store(db_target)
    try:
        (moves,) = check.query("SELECT count(*) FROM stage_event WHERE from_stage IS NOT NULL")[0]
        assert moves >= 10, f"the windows moved {moves} cards"
        assert_history_is_a_chain(check)
    finally:
        check.close()
