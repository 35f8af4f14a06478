"""The App: modes, global bindings and wiring. Screens do the work."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import App
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.signal import Signal

from .core.dates import local_now
from .core.live import POLL_INTERVAL_S, ChangeWatcher
from .core.paths import read_settings, write_settings
from .core.settings import LoadedSettings, Settings
from .core.store import Store
from .faults import LAST_FAULT, FaultBarrier, guarded, on
from .frame_timer import install as install_frame_timer
from .gc_policy import IDLE_AFTER, Collector
from .messages import OpenContact, ScheduleInterview, StartInterview
from .strip_cycles import install as install_acyclic_strips
from .stylesheet import ReusingStylesheet

if TYPE_CHECKING:
    pass


def _stage_screen(number: int) -> Callable[[], object]:
    def make() -> object:
        from .screens.stage import make_stage_screen

        return make_stage_screen(number)

    return make


def _lazy(module: str, name: str) -> Callable[[], object]:
    def make() -> object:
        import importlib

        return getattr(importlib.import_module(module, __package__), name)()

    return make


WARM_UP_AFTER = 1.0  # seconds after mount: well past the first paint
COLLECT_CHECK_EVERY = 0.1  # seconds between two looks at whether a full collection is due
# Imported by the warm-up too, so that their modules are among what gc.freeze() moves out
# of the full collections' way (imported later, they made those collections 100+ ms).
SCREENS = (
    ".screens.contact",
    ".screens.dialogs",
    ".screens.stage_records",
    ".screens.stage_people",
    ".screens.stage_interviews",
    ".screens.stage_followup",
    ".screens.agenda",
    ".screens.questions",
)


def _lazy_provider() -> type:
    from .commands import RecordsProvider

    return RecordsProvider


class ChangedElsewhere(Message):
    """Another window or computer changed the data (posted from the watcher's thread)."""


class InfoInterviewApp(FaultBarrier, App[None]):
    """infointerview: the information-interview timeline in a terminal."""

    TITLE = "infointerview"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {_lazy_provider}

    MODES: ClassVar[dict[str, object]] = {  # type: ignore[misc, assignment]
        "board": _lazy(".screens.board", "BoardScreen"),
        "stage1": _stage_screen(1),
        "stage2": _stage_screen(2),
        "stage3": _stage_screen(3),
        "stage4": _stage_screen(4),
        "stage5": _stage_screen(5),
        "questions": _lazy(".screens.questions", "QuestionsScreen"),
        "agenda": _lazy(".screens.agenda", "AgendaScreen"),
        "insights": _lazy(".screens.insights", "InsightsScreen"),
        "referrals": _lazy(".screens.referral_map", "ReferralMapScreen"),
    }
    DEFAULT_MODE = "board"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("b", "switch_mode('board')", "Board", id="go.board"),
        Binding("1", "switch_mode('stage1')", "1 Field", show=False, id="go.stage1"),
        Binding("2", "switch_mode('stage2')", "2 Org", show=False, id="go.stage2"),
        Binding("3", "switch_mode('stage3')", "3 People", show=False, id="go.stage3"),
        Binding("4", "switch_mode('stage4')", "4 Interview", show=False, id="go.stage4"),
        Binding("5", "switch_mode('stage5')", "5 Follow-up", show=False, id="go.stage5"),
        Binding("q", "switch_mode('questions')", "Questions", show=False, id="go.questions"),
        Binding("a", "switch_mode('agenda')", "Agenda", id="go.agenda"),
        Binding("g", "switch_mode('insights')", "Insights", id="go.insights"),
        Binding("m", "switch_mode('referrals')", "Referral map", show=False, id="go.referrals"),
        Binding("question_mark,f1", "help", "Help", id="app.help"),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
        # Priority: the focus moves as the app reads the key, before the keys after it
        # are handed to a field. Else a burst ("Ann Lee<tab>Acme" from a fast typist or
        # tmux) is all handed to the field that had the focus when it arrived.
        Binding("tab", "focus_next", "Next field", show=False, priority=True, id="app.next"),
        Binding(
            "shift+tab",
            "focus_previous",
            "Previous field",
            show=False,
            priority=True,
            id="app.previous",
        ),
    ]

    def __init__(
        self,
        store: Store,
        *,
        clock: Callable[[], datetime] | None = None,
        timezone: tzinfo | None = None,
        settings: Path | None = None,
        watch_interval: float | None = None,
        config: LoadedSettings | None = None,
    ) -> None:
        super().__init__()
        # Drawn lines that do not cache themselves (strip_cycles.py: no cycle per line).
        install_acyclic_strips()
        # A change is painted within a frame of it, not two (frame_timer.py).
        install_frame_timer()
        # CSS re-parsed only when it changed (stylesheet.py: ~190 rule sets of cyclic
        # garbage per screen switch before); nothing has been read into it yet.
        self.stylesheet = ReusingStylesheet(variables=self.get_css_variables())
        self.store = store
        # The cyclic collector's policy (gc_policy.py): started on mount.
        self.collector = Collector()
        self.idle_clock: Callable[[], float] = time.monotonic  # injected in tests
        self._last_input = self.idle_clock()
        # Published when the data changed under the open screens (another window or
        # computer: the live watcher calls `app.call_from_thread(app.data_changed)`);
        # every screen with a `reload()` re-reads, keeping its selection.
        self.data_changed_signal: Signal[None] = Signal(self, "data-changed")
        # config.toml: the user's profile, goals and the method's numbers (defaults in tests).
        self.config: Settings = config.settings if config else Settings()
        self._config_problems = list(config.problems) if config else []
        # [keys]: checked against the real bindings first, so a clash never drops a key.
        self.keymap: dict[str, str] = {}
        if self.config.keys:
            from .keymap import check_keymap

            self.keymap, problems = check_keymap(self.config.keys)
            self._config_problems += problems
            self.set_keymap(self.keymap)
        self._watch_interval = watch_interval
        self._watcher: ChangeWatcher | None = None
        self._change_pending = False
        self._clock = clock
        self._tz = timezone
        store.configure(self.config, timezone)
        self.sub_title = store.path.name
        # Preferences (the theme) live beside, not in, the data; None in tests.
        self._settings_path = settings
        if settings is not None:
            theme = read_settings(settings).get("theme")
            if isinstance(theme, str) and theme in self.available_themes:
                self.theme = theme

    def on_mount(self) -> None:
        # The collector's policy (gc_policy.py) from here: the imports are in.
        self.collector.start()
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        # A bad settings file never stops the app: say what was wrong, once, and go on.
        for problem in self._config_problems:
            self.notify(problem, severity="warning", markup=False, timeout=12)
        if self.store.read_only:
            self.sub_title = f"{self.store.path.name} (read-only)"
            self.notify(
                f"{self.store.path} is read-only: you can look, but changes cannot be saved",
                markup=False,
                severity="warning",
                timeout=10,
            )
        self._start_watching()
        # After the first frame, load what the insights and map screens need (~1 s cold).
        self.set_timer(WARM_UP_AFTER, self._warm_up)

    def _warm_up(self) -> None:
        self.run_worker(
            self._import_for_insights, thread=True, group="warm-up", exit_on_error=False
        )

    def _import_for_insights(self) -> None:
        """Import the ORM, the insight queries and the chart widget off the event loop, so
        that `g` and `m` show their figures at once instead of waiting for imports; and
        compile the board filter's statements, so that its first key only runs them."""
        import importlib

        for module in (".core.report", ".screens.insights", ".screens.referral_map", *SCREENS):
            importlib.import_module(module, __package__)
        self.store.db.engine.connect().close()  # the engine and its first connection
        self.store.contacts.prepare_filter()
        self.collector.settled()  # what was imported lives as long as the app

    def clear_notifications(self) -> None:
        """Clear the lines shown; the next fault is shown even if it repeats the last."""
        setattr(self, LAST_FAULT, None)
        super().clear_notifications()

    def data_changed(self) -> None:
        """Tell every open screen that the data changed (call on the event loop)."""
        self.data_changed_signal.publish(None)

    @guarded
    def _remember_theme(self, theme: object) -> None:
        name = getattr(theme, "name", self.theme)
        path = self._settings_path
        if path is not None:
            saved = read_settings(path)
            if saved.get("theme") != name:
                write_settings(path, {**saved, "theme": name})

    def local_now(self) -> datetime:
        """Now in the user's timezone (injected in tests for a frozen clock)."""
        if self._clock is not None:
            now = self._clock()
            return now.astimezone(self._tz) if self._tz else now
        now = local_now()
        return now.astimezone(self._tz) if self._tz else now

    def get_system_commands(self, screen):  # noqa: ANN001, ANN201
        yield from super().get_system_commands(screen)
        from .commands import screen_commands

        yield from screen_commands(self)

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    @on(StartInterview)
    def _start_interview(self, message: StartInterview) -> None:
        self.action_interview(message.contact_id)

    @on(ScheduleInterview)
    async def _schedule_interview(self, message: ScheduleInterview) -> None:
        await self.switch_mode("stage4")
        await asyncio.sleep(0)  # let a newly made stage 4 mount before it is asked
        schedule_for = getattr(self.screen, "schedule_for", None)
        if schedule_for is not None:
            schedule_for(message.contact_id)

    @on(OpenContact)
    def _open_contact(self, message: OpenContact) -> None:
        self.action_open_contact(message.contact_id)

    async def action_switch_mode(self, mode: str) -> None:
        self.go(mode)

    def go(self, mode: str) -> None:
        """Switch to `mode`; a screen holding unsaved text asks first (its `leave`)."""
        leave = getattr(self.screen, "leave", None)
        if mode == self.current_mode or leave is None:
            self.switch_mode(mode)
        else:
            leave(lambda: self.switch_mode(mode))

    def action_interview(self, contact_id: int) -> None:
        from .screens.interview import InterviewScreen

        self.push_screen(InterviewScreen(contact_id))

    def show_archived(self) -> None:
        from .screens.archived import ArchivedScreen

        self.push_screen(ArchivedScreen())

    def action_open_contact(self, contact_id: int) -> None:
        from .screens.contact import ContactScreen

        self.push_screen(ContactScreen(contact_id))

    # -- import and export from the command palette ------------------------------

    def ask_import(self, kind: str) -> None:
        from .core.interop.formats import import_format
        from .screens.path_dialog import PathDialog

        def chosen(path: object) -> None:
            if path is not None:
                self._run_interop("import", kind, path)

        label = import_format(kind).label
        self.push_screen(PathDialog(f"Import a {label}", must_exist=True), chosen)

    def ask_export(self, kind: str) -> None:
        from .core.interop.formats import export_format
        from .screens.path_dialog import PathDialog

        def chosen(path: object) -> None:
            if path is not None:
                self._run_interop("export", kind, path)

        default = str(self.store.path.parent / export_format(kind).default_name)
        self.push_screen(PathDialog(f"Export ({kind}) to", default), chosen)

    def _run_interop(self, direction: str, kind: str, path: object, force: bool = False) -> None:
        from pathlib import Path

        store, target = self.store, Path(str(path))

        def work() -> tuple[str, str]:
            """(outcome, message): outcome is "ok", "error" or "exists"."""
            from .core.errors import describe
            from .core.interop.errors import InteropError
            from .core.interop.exports import export, run_import
            from .core.interop.files import OutputExists

            try:
                if direction == "import":
                    return "ok", run_import(store, kind, target)
                return "ok", export(store, kind, target, force=force)
            except OutputExists as exc:
                return "exists", str(exc.path)
            except (InteropError, OSError) as exc:
                return "error", str(exc)
            except Exception as exc:  # a database fault (disk full, read-only): one line
                return "error", describe(exc, store.path)

        def done(outcome: str, message: str) -> None:
            if outcome == "exists":
                from textual.content import Content

                from .screens.dialogs import ConfirmDialog

                def answered(yes: bool | None) -> None:
                    if yes:
                        self._run_interop(direction, kind, path, force=True)

                question = Content.from_markup("Replace $path?", path=message)
                self.push_screen(ConfirmDialog(question, "Replace"), answered)
                return
            failed = outcome == "error"
            self.notify(
                message,
                markup=False,
                timeout=8,
                severity="error" if failed else "information",
            )
            screen = self.screen
            if not failed and hasattr(screen, "refresh_board"):
                screen.refresh_board()  # type: ignore[attr-defined]
            elif not failed and hasattr(screen, "reload"):
                screen.reload()  # type: ignore[attr-defined]

        async def run() -> None:
            done(*await asyncio.to_thread(work))

        self.notify(f"{direction.capitalize()}ing {kind}…", timeout=2)
        self.run_worker(run(), exclusive=True, group="interop", exit_on_error=False)

    def on_ready(self) -> None:
        # What start-up built lives as long as the app: out of the cyclic collector's
        # reach; full collections run at the user's pauses (gc_policy.py: at 100,000
        # contacts full collections of 100+ ms had landed on a quarter of keys).
        self.collector.settled()
        self.set_interval(COLLECT_CHECK_EVERY, self._collect_when_idle)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown)):
            self._last_input = self.idle_clock()
        await super().on_event(event)

    def _collect_when_idle(self) -> None:
        """The full collection (gc_policy.py) while the user pauses, not between two keys
        (or past its bound, for a user who never pauses)."""
        idle_for = self.idle_clock() - self._last_input
        if self.collector.clean_due(idle_for):
            self.collector.clean()
        elif self.collector.due(idle=idle_for >= IDLE_AFTER):
            self.collector.collect(idle=idle_for >= IDLE_AFTER)

    # -- live: another window's or computer's changes show here -------------------

    def _start_watching(self) -> None:
        from .core.live import watch

        database = self.store.db
        if database.is_sqlite and not self.store.path.is_file():
            return  # nothing on disk to watch (a file deleted under us)
        self._watcher = watch(
            database.target,
            self._heard_change,
            source=database.source,
            interval=self._watch_interval or POLL_INTERVAL_S,
            own=database.own_writes,
        )

    def _heard_change(self) -> None:
        """On the watcher's thread: hand over to the event loop, at most one pending."""
        if not self._change_pending:
            self._change_pending = True
            # post_message is thread-safe and, unlike call_from_thread, never blocks the
            # watcher on an app that is shutting down.
            self.post_message(ChangedElsewhere())

    def on_changed_elsewhere(self, _message: ChangedElsewhere) -> None:
        self._change_pending = False
        self.data_changed()

    def action_sync(self) -> None:
        """Two-way sync with the phone's CalDAV/CardDAV account (config.toml [sync])."""
        from textual.worker import WorkerState

        from .screens.sync import SYNC_GROUP, SyncScreen

        running = (WorkerState.PENDING, WorkerState.RUNNING)
        if any(w.group == SYNC_GROUP and w.state in running for w in self.workers):
            self.notify("A sync is running already; its summary shows when it ends.")
            return

        self.push_screen(SyncScreen())

    def on_unmount(self) -> None:
        self.collector.stop()
        if self._watcher is not None:
            self._watcher.stop()
        self.store.close()
