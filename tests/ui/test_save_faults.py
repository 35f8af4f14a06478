"""Faults in the app: a failed save keeps the text and asks before leaving; a read-only
database opens and says so; a database error in an action is one notification."""

from __future__ import annotations

import asyncio
import sqlite3

from textual.widgets import Static

from infointerview_tui.screens.dialogs import ConfirmDialog
from infointerview_tui.screens.interview import InterviewScreen
from tests.conftest import frozen_clock, make_app
from tests.ui.test_interview import SIZE, answers, open_interview


async def test_a_failed_save_keeps_the_text_retries_and_asks_before_leaving(app, demo_store):
    real = demo_store.intents.save_answer
    broken = {"on": True}

    def save_answer(*args: object):  # noqa: ANN202
        if broken["on"]:
            raise sqlite3.OperationalError("database or disk is full")
        return real(*args)  # type: ignore[arg-type]

    demo_store.intents.save_answer = save_answer  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        _, screen = await open_interview(pilot, app, demo_store)
        await pilot.press(*"Every word matters")
        await asyncio.sleep(0.8)
        await pilot.pause()
        status = str(screen.query_one("#status", Static).render())
        assert "NOT SAVED" in status and "disk is full" in status
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)  # asks; nothing is dropped silently
        await pilot.press("enter")  # the safe default: stay
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen)
        broken["on"] = False  # the disk has room again
        await pilot.press("escape")  # leaving flushes: the retry lands at once
        await pilot.pause()
        assert not isinstance(app.screen, InterviewScreen | ConfirmDialog)
        assert answers(demo_store, screen.interview_id)[0].notes == "Every word matters"


async def test_a_slow_save_still_ends_with_saved_on_screen(app, demo_store):
    """A write slower than the autosave's look (a busy machine, a slow disk): the status
    said "editing…" for good after the text reached the disk; it now says "saved"."""
    import time

    real = demo_store.intents.save_answer

    def slow_save_answer(*args: object):  # noqa: ANN202
        time.sleep(0.6)  # on the autosave thread, as a slow disk would
        return real(*args)  # type: ignore[arg-type]

    demo_store.intents.save_answer = slow_save_answer  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        _, screen = await open_interview(pilot, app, demo_store)
        await pilot.press(*"Slow but sure")
        status = ""
        for _ in range(50):  # bounded: 5 s
            await asyncio.sleep(0.1)
            await pilot.pause()
            status = str(screen.query_one("#status", Static).render())
            if status == "saved":
                break
        assert status == "saved"
        assert answers(demo_store, screen.interview_id)[0].notes == "Slow but sure"


async def test_a_read_only_database_opens_and_says_so(tmp_path):
    from infointerview_tui.core.demo import write_demo
    from infointerview_tui.core.store import Store

    path = tmp_path / "ro.db"
    writable = Store(path, clock=frozen_clock)
    write_demo(writable, 10, seed=3)
    writable.close()
    before = path.read_bytes()
    store = Store(path, clock=frozen_clock, read_only=True)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "read-only" in app.sub_title
        assert any("read-only" in str(n.message) for n in app._notifications)
        await pilot.press("shift+right")  # a board move is a write
        await pilot.pause()
        messages = [str(n.message) for n in app._notifications]
        assert any("is read-only: nothing can be changed" in m for m in messages), messages
        assert app.is_running  # one notification, not a crash
    assert path.read_bytes() == before


async def test_palette_export_asks_before_replacing_a_file(app, demo_store, tmp_path):
    from textual.widgets import Input

    out = tmp_path / "contacts.vcf"
    out.write_text("my own file")
    async with app.run_test(size=SIZE) as pilot:
        for answer, expected in (("n", "my own file"), ("y", None)):
            app.ask_export("vcard")
            await pilot.pause()
            app.screen.query_one(Input).value = str(out)
            await pilot.press("enter")
            for _ in range(50):  # the export runs in a thread; bounded wait
                await pilot.pause(0.05)
                if isinstance(app.screen, ConfirmDialog):
                    break
            assert isinstance(app.screen, ConfirmDialog)
            await pilot.press(answer)
            for _ in range(50):
                await pilot.pause(0.05)
                if expected is None and "BEGIN:VCARD" in out.read_text():
                    break
            if expected is not None:
                assert out.read_text() == expected
    assert "BEGIN:VCARD" in out.read_text()
    assert (out.stat().st_mode & 0o777) == 0o600


async def test_a_form_saved_on_a_read_only_database_keeps_its_values(tmp_path):
    from textual.widgets import Input

    from infointerview_tui.core.store import Store
    from infointerview_tui.screens.dialogs import NewContactDialog

    path = tmp_path / "ro.db"
    Store(path, clock=frozen_clock).close()
    store = Store(path, clock=frozen_clock, read_only=True)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NewContactDialog)
        await pilot.press(*"Ada Lovelace", "enter")
        await pilot.pause()
        assert isinstance(app.screen, NewContactDialog)  # still open, text kept
        assert app.screen.query_one("#f-name", Input).value == "Ada Lovelace"
        assert any("is read-only" in str(n.message) for n in app._notifications)


async def test_ctrl_s_asks_before_replacing_its_earlier_markdown(app, demo_store):
    async with app.run_test(size=SIZE) as pilot:
        _, screen = await open_interview(pilot, app, demo_store)
        await pilot.press(*"notes", "ctrl+s")
        await pilot.pause()
        written = [p for p in demo_store.path.parent.glob("*.md")]
        assert len(written) == 1 and (written[0].stat().st_mode & 0o777) == 0o600
        written[0].write_text("edited by hand")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert written[0].read_text() == "edited by hand"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert "notes" in written[0].read_text()
