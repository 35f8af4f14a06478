"""The palette's sync command: a worker thread, a progress bar, then the summary."""

from __future__ import annotations

from pathlib import Path

from infointerview_tui.core.settings import LoadedSettings, Settings, SyncSettings

from . import phone, radicale


async def test_palette_sync_runs_in_a_worker_and_shows_the_summary(
    demo_store, server, sync_env, phone_client
):
    from textual.widgets import ProgressBar, Static

    from infointerview_tui.app import InfoInterviewApp
    from infointerview_tui.screens.sync import SyncScreen

    from ..conftest import frozen_clock

    config = LoadedSettings(
        Settings(sync=SyncSettings(url=server.url, username=radicale.USER)), Path("c.toml")
    )
    app = InfoInterviewApp(demo_store, clock=frozen_clock, config=config)
    async with app.run_test(size=(140, 42)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"Sync with phone")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SyncScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert screen.finished
        status = str(screen.query_one("#sync-status", Static).render())
        assert status.startswith("sync: sent ")
        bar = screen.query_one(ProgressBar)
        assert bar.percentage == 1.0
        assert radicale.PASSWORD not in status
        await pilot.press("escape")
        assert not isinstance(app.screen, SyncScreen)
    assert len(phone.cards(phone_client)) == 60


async def test_sync_without_an_account_says_how_to_set_one(demo_store):
    from textual.widgets import Static

    from infointerview_tui.app import InfoInterviewApp

    from ..conftest import frozen_clock

    app = InfoInterviewApp(demo_store, clock=frozen_clock)
    async with app.run_test(size=(140, 42)) as pilot:
        app.action_sync()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        status = app.screen.query_one("#sync-status", Static)
        assert "no sync account: set url and username under [sync]" in str(status.render())
        assert status.has_class("error")


async def test_closing_the_screen_mid_sync_still_reports_the_end(
    demo_store, server, sync_env, monkeypatch
):
    import threading

    from infointerview_tui.app import InfoInterviewApp
    from infointerview_tui.core import sync as sync_package
    from infointerview_tui.screens.sync import SyncScreen

    from ..conftest import frozen_clock

    # Hold the sync until the screen is closed: on a quiet machine it can end first.
    closed = threading.Event()
    real_run_sync = sync_package.run_sync

    def run_sync_after_close(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        assert closed.wait(30), "the test never closed the screen"
        return real_run_sync(*args, **kwargs)

    monkeypatch.setattr(sync_package, "run_sync", run_sync_after_close)

    config = LoadedSettings(
        Settings(sync=SyncSettings(url=server.url, username=radicale.USER)), Path("c.toml")
    )
    app = InfoInterviewApp(demo_store, clock=frozen_clock, config=config)
    async with app.run_test(size=(140, 42)) as pilot:
        app.action_sync()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SyncScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, SyncScreen)
        closed.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.finished
        assert any(n.message.startswith("sync: sent ") for n in app._notifications)
