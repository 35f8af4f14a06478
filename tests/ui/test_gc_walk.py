"""Memory and the garbage collector over a session (issue 16): a full collection walks
only what was made since the last one, however many screens were visited and revisited,
and the TUI never imports what only the CLI, the web server or sync use."""

from __future__ import annotations

import gc
import subprocess
import sys
import textwrap
import weakref
from pathlib import Path

from tests.conftest import make_app

WALK = ["1", "2", "3", "4", "5", "q", "a", "g", "m", "b"]
# Before, the screens' widgets were frozen only after each mode's first visit: a revisit
# rebuilt them unfrozen, and by the second round a full collection walked 50,000-90,000
# objects (100-300 ms). Now what survives a full collection is frozen as it goes.
MOST_UNFROZEN = 40_000


def unfrozen() -> int:
    return sum(len(gc.get_objects(generation)) for generation in range(3))


async def test_visits_and_revisits_leave_a_full_collection_little_to_walk(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=(140, 42)) as pilot:
        await pilot.pause()
        seen: dict[str, int] = {}
        for round_ in range(3):
            for key in WALK:
                await pilot.press(key)
                await pilot.pause()
                await app.workers.wait_for_complete()
                await pilot.pause()
                seen[f"{key} (round {round_ + 1})"] = unfrozen()
        assert gc.get_freeze_count() > 100_000  # Textual, SQLAlchemy, the screens
        worst = max(seen, key=seen.__getitem__)
        assert seen[worst] < MOST_UNFROZEN, f"{seen[worst]} objects unfrozen after {worst}"
    assert app.collector._after_collection not in gc.callbacks, "the policy ends with the app"


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


async def test_frozen_garbage_is_freed_once_the_user_pauses_not_while_typing(demo_store):
    from infointerview_tui.app import IDLE_CLEAN_AFTER

    now = [1_000.0]
    app = make_app(demo_store)
    app.idle_clock = lambda: now[0]
    async with app.run_test(size=(140, 42)) as pilot:
        await pilot.pause()
        rows = [Cycle() for _ in range(app.collector.growth + 20_000)]  # old rows
        watched = weakref.ref(rows[0])
        gc.freeze()  # frozen by a full collection while they were shown
        del rows  # replaced: garbage now, out of the collector's reach
        await pilot.press("down")  # the user is busy
        now[0] += IDLE_CLEAN_AFTER - 1
        app._clean_when_idle()
        assert watched() is not None, "no full walk while the user is typing"
        now[0] += 1
        app._clean_when_idle()
        assert watched() is None
