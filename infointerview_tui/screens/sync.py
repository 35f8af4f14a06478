"""Sync with the phone: runs the CalDAV/CardDAV sync in a worker thread, shows progress,
then the summary. Nothing here knows how syncing works; it calls core.sync."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import ProgressBar, Static

from ..faults import FaultBarrier

if TYPE_CHECKING:
    from ..app import InfoInterviewApp


SYNC_GROUP = "sync"


class SyncScreen(FaultBarrier, ModalScreen[bool]):
    """Progress and summary of one sync; escape closes (the sync goes on if running).
    When the sync took edits from the phone, every open screen is told to re-read."""

    BINDINGS = [Binding("escape,enter", "close", "Close", id="sync.close")]

    DEFAULT_CSS = """
    SyncScreen .dialog { width: 90; }
    SyncScreen #sync-status { margin: 1 0 0 0; }
    SyncScreen #sync-lines { height: auto; max-height: 16; }
    SyncScreen ProgressBar { margin: 1 0 0 0; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.changed_app = False
        self.finished = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Sync with your phone (CalDAV/CardDAV)", classes="screen-title")
            yield ProgressBar(total=None, show_eta=False, id="sync-bar")
            yield Static("connecting…", id="sync-status", markup=False)
            yield VerticalScroll(id="sync-lines")
            yield Static("escape closes", classes="hint")

    @property
    def iapp(self) -> InfoInterviewApp:
        return self.app  # type: ignore[return-value]

    def on_mount(self) -> None:
        # The app's worker, not the screen's: closing the screen lets the sync finish.
        self.app.run_worker(
            self.run_sync, thread=True, group=SYNC_GROUP, exit_on_error=False, name="sync"
        )

    def run_sync(self) -> None:
        from ..core.sync import check_settings, password_for, run_sync
        from ..core.sync.dav import SyncError

        app = self.iapp
        settings = app.config.sync
        try:
            check_settings(settings)
            report = run_sync(
                app.store,
                settings,
                password_for(settings),
                progress=lambda done, total, message: app.call_from_thread(
                    self._progress, done, total, message
                ),
            )
        except SyncError as exc:
            app.call_from_thread(self._finish, [f"Sync failed: {exc}"], False, True)
            return
        except Exception as exc:  # never a traceback in front of the user
            line = f"Sync failed: {type(exc).__name__}; nothing after the failure was changed"
            app.call_from_thread(self._finish, [line], False, True)
            return
        app.call_from_thread(self._finish, report.lines(), report.app_changes > 0, False)

    def _progress(self, done: int, total: int, message: str) -> None:
        if not self.is_attached:  # closed while the sync goes on
            return
        self.query_one(ProgressBar).update(total=total, progress=done)
        if message:
            self.query_one("#sync-status", Static).update(Content(message + "…"))

    def _finish(self, lines: list[str], changed_app: bool, failed: bool) -> None:
        self.finished = True
        self.changed_app = changed_app
        if changed_app:  # edits from the phone: every open screen re-reads
            self.iapp.data_changed()
        # Closed while the sync went on (or being closed as it ends): say how it ended.
        if not self.is_attached or self.app.screen is not self:
            self.app.notify(
                lines[0], markup=False, severity="error" if failed else "information", timeout=10
            )
            return
        bar = self.query_one(ProgressBar)
        bar.update(total=1, progress=0 if failed else 1)
        status = self.query_one("#sync-status", Static)
        status.update(Content(lines[0]))
        status.set_class(failed, "error")
        box = self.query_one("#sync-lines", VerticalScroll)
        box.mount_all(Static(Content(line)) for line in lines[1:])

    def action_close(self) -> None:
        self.dismiss(self.changed_app)
