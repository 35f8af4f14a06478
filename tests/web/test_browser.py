"""The whole app in a real browser: `serve`, headless Chromium; a card moved by a rebound
key, notes autosaved, the palette opened, all by keys in the page."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from sqlmodel import select

from infointerview_tui.core.demo import write_demo
from infointerview_tui.core.models import Contact, InterviewAnswer, StageEvent
from infointerview_tui.core.store import Store
from tests.web.serving import ScreenText, browser_missing, chromium_page, serving

# A developer without Chromium gets a skip that says why; CI (.ci/run installs it) never does.
MISSING = browser_missing()
if MISSING and os.environ.get("CI"):
    raise RuntimeError(f"the browser test must run in CI: {MISSING}")
pytestmark = pytest.mark.skipif(MISSING is not None, reason=str(MISSING))


def stages(db: Path) -> tuple[dict[int, int], int]:
    """Each contact's stage, and how many stage changes were recorded."""
    store = Store(db, create=False)
    try:
        with store.session() as session:
            by_contact = dict(session.exec(select(Contact.id, Contact.stage)).all())
            events = len(session.exec(select(StageEvent.id)).all())
    finally:
        store.close()
    return by_contact, events  # type: ignore[return-value]


def notes(db: Path) -> list[str]:
    store = Store(db, create=False)
    try:
        with store.session() as session:
            return list(session.exec(select(InterviewAnswer.notes)).all())
    finally:
        store.close()


def test_the_app_works_in_a_real_browser(tmp_path: Path) -> None:
    db = tmp_path / "demo $(touch pwned) 'db'.db"  # quoted into the served command, never run
    store = Store(db)
    write_demo(store, 12, seed=7)
    store.close()
    before, events_before = stages(db)
    config = tmp_path / "config.toml"
    config.write_text('[keys]\n"board.move_next" = "ctrl+l"\n')

    with serving(db, config) as (url, _process), chromium_page() as page:
        screen = ScreenText(page)
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(url)
        # The board, with the rebound key in its footer.
        screen.wait_for("Career field", "^l Move ▶", timeout=90)
        page.focus(".xterm-helper-textarea")  # where the terminal takes its keys
        page.keyboard.press("Control+l")  # the key rebound in config.toml

        deadline = time.monotonic() + 30
        while (after := stages(db)) == (before, events_before):
            assert time.monotonic() < deadline, "the move never reached the database"
            page.wait_for_timeout(200)

        # The note screen: typing is autosaved, as in a terminal. Let the board settle
        # after the move first (it redraws the moved card in its new column, and the
        # change watcher's reload follows), then walk as a person would, key by key.
        page.wait_for_timeout(1500)
        for key in ["h"] * 4 + ["l"] * 3 + ["i"]:  # to the Interview column, then take notes
            page.keyboard.press(key)
            page.wait_for_timeout(150)
        screen.wait_for("Next Q", timeout=30)
        page.keyboard.type("typed in a browser")
        deadline = time.monotonic() + 30
        while "typed in a browser" not in notes(db):
            assert time.monotonic() < deadline, "the notes never reached the database"
            page.wait_for_timeout(200)

        # And the command palette.
        page.keyboard.press("Control+p")
        screen.wait_for("Search for commands", timeout=30)

    # Everything the page loaded came from the local server: no fonts, nothing else.
    assert any(u.endswith("/static/css/xterm.css") for u in requested)
    assert all(u.startswith(("http://127.0.0.1:", "ws://127.0.0.1:")) for u in requested)
    by_contact, events_after = after
    moved = {cid: (before[cid], stage) for cid, stage in by_contact.items() if before[cid] != stage}
    assert len(moved) == 1 and events_after == events_before + 1
    [(old, new)] = moved.values()
    assert new == old + 1
    assert not (tmp_path / "pwned").exists() and not Path("pwned").exists()
