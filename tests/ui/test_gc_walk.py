"""Memory and the garbage collector over a session (issue 16): no full collection while
keys are coming, however many screens were visited and revisited, one at the first
pause that frees the old garbage, and the TUI never imports what only the CLI, the web
server or sync use."""

from __future__ import annotations

import gc
import subprocess
import sys
import textwrap
import weakref
from pathlib import Path

from tests.conftest import make_app

WALK = ["1", "2", "3", "4", "5", "q", "a", "g", "m", "b"]


async def test_walking_every_screen_runs_no_full_collection_until_the_user_pauses(demo_store):
    """Before, CPython started full collections between keys (100-300 ms at 100,000
    contacts, a quarter of keys); now the app runs them while the user reads, and none
    walks more than the policy's limit: a walk through the screens makes more than that
    (the screens' widgets and lines, alive), which is frozen unwalked (100-250 ms of
    walking at the first pause before)."""
    from infointerview_tui import gc_policy
    from infointerview_tui.app import IDLE_AFTER

    now = [1_000.0]
    full: list[bool] = []
    walked: list[int] = []

    def watch(phase: str, info: dict) -> None:
        if phase == "start" and info.get("generation") == 2:
            full.append(gc_policy.state["idle"])
            walked.append(sum(len(gc.get_objects(g)) for g in range(3)))

    app = make_app(demo_store)
    app.idle_clock = lambda: now[0]
    async with app.run_test(size=(140, 42)) as pilot:
        await pilot.pause()
        app.collector.busy_limit = 1 << 30  # the bound is test_gc_policy's
        gc.callbacks.append(watch)
        try:
            for _round in range(3):
                for key in WALK:
                    await pilot.press(key)
                    await pilot.pause()
                    await app.workers.wait_for_complete()
                    await pilot.pause()
                    app._collect_when_idle()  # the interval's look, between two keys
            assert full == [], "a full collection ran while keys were coming"
            assert app.collector.pending() > 0, "the walk did move objects to the old generation"
            made = sum(len(gc.get_objects(g)) for g in range(3))
            assert made > gc_policy.WALK_LIMIT, "the walk made more than one pause may walk"
            now[0] += IDLE_AFTER + 0.01
            app._collect_when_idle()
            assert sum(len(gc.get_objects(g)) for g in range(3)) < made / 10, "frozen"
            now[0] += 0.1
            app._collect_when_idle()  # the young collection counted as one: due again
            assert full in ([], [True])
            assert all(n <= gc_policy.WALK_LIMIT for n in walked), walked
            assert app.collector.pending() == 0
        finally:
            gc.callbacks.remove(watch)
        assert gc.get_freeze_count() > 100_000  # Textual, SQLAlchemy, the screens


def test_the_tui_never_imports_the_cli_server_or_sync_libraries(tmp_path: Path):
    """Each of these is MiBs of resident memory the board would carry for nothing (a new
    file's migrations use Alembic: the file is made here, as `demo` would)."""
    from infointerview_tui.core.demo import write_demo
    from infointerview_tui.core.store import Store

    made = Store(tmp_path / "a.db")
    write_demo(made, 20, seed=3)
    made.close()
    heavy = ["alembic", "caldav", "icalendar", "lxml", "psycopg", "textual_serve", "vobject"]
    script = textwrap.dedent(
        f"""
        import asyncio, sys
        from pathlib import Path
        from infointerview_tui.app import InfoInterviewApp
        from infointerview_tui.core.store import Store

        store = Store(Path({str(tmp_path / "a.db")!r}))

        async def walk():
            app = InfoInterviewApp(store)
            async with app.run_test(size=(140, 42)) as pilot:
                for key in {WALK!r}:
                    await pilot.press(key)
                    await pilot.pause()
                    await app.workers.wait_for_complete()
                await pilot.press("ctrl+p", "e", "x")
                await pilot.pause(0.5)

        asyncio.run(walk())
        print(sorted(m for m in {heavy!r} if m in sys.modules))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"


class Cycle:
    def __init__(self) -> None:
        self.me = self


async def test_old_garbage_is_freed_once_the_user_pauses_not_while_typing(demo_store):
    from infointerview_tui.app import IDLE_AFTER

    now = [1_000.0]
    app = make_app(demo_store)
    app.idle_clock = lambda: now[0]
    async with app.run_test(size=(140, 42)) as pilot:
        await pilot.pause()
        rows = [Cycle() for _ in range(5_000)]  # a list's rows, shown a while
        watched = weakref.ref(rows[0])
        gc.collect(1)  # they outlived the young collections: in the old generation
        del rows  # replaced: garbage now
        await pilot.press("down")  # the user is busy
        now[0] += IDLE_AFTER / 2
        app._collect_when_idle()
        assert watched() is not None, "no full collection while the user is typing"
        now[0] += IDLE_AFTER / 2 + 0.01
        app._collect_when_idle()
        assert watched() is None


async def test_what_was_frozen_and_died_is_freed_at_a_long_pause(demo_store):
    from infointerview_tui.gc_policy import CLEAN_AFTER, IDLE_AFTER

    now = [1_000.0]
    app = make_app(demo_store)
    app.idle_clock = lambda: now[0]
    async with app.run_test(size=(140, 42)) as pilot:
        await pilot.pause()
        app.collector.growth = 10_000
        rows = [Cycle() for _ in range(20_000)]  # shown while the user paused: frozen
        watched = weakref.ref(rows[0])
        await pilot.press("down")
        now[0] += IDLE_AFTER + 0.01
        app._collect_when_idle()
        del rows  # replaced later: garbage, but frozen
        now[0] += CLEAN_AFTER / 2
        app._collect_when_idle()
        assert watched() is not None, "a short pause walks only what is new"
        now[0] += CLEAN_AFTER / 2 + 0.01
        app._collect_when_idle()
        assert watched() is None, "the long pause's clean freed it"


async def test_a_closed_screen_is_freed_with_its_widgets(demo_store):
    """Each screen of the store subscribes to the app's data-changed signal, whose
    callback holds the screen: a contact or dialog closed stayed alive, widgets and all
    (~2.6 MiB a contact opened and closed), since the signal drops a closed subscriber
    only when it is next published. Now nothing holds it once it is closed: the next
    full collection frees it."""
    from textual.screen import Screen

    made: list[weakref.ref[Screen]] = []
    app = make_app(demo_store)
    async with app.run_test(size=(140, 42)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        board = app.screen
        for opening in ("enter", "n", "question_mark", "enter"):
            await pilot.press(opening)
            await pilot.pause()
            await app.workers.wait_for_complete()
            assert app.screen is not board, opening
            made.append(weakref.ref(app.screen))
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is board, opening
        await pilot.pause()
        gc.unfreeze()  # (the policy froze them while they were shown)
        gc.collect()
        alive = [type(ref()).__name__ for ref in made if ref() is not None]
        assert alive == []
