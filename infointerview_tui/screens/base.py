"""What every screen of the app shares: access to the Store and the app's clock."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, cast

from textual import events
from textual.actions import parse as parse_action
from textual.screen import Screen

from ..faults import FaultBarrier
from ..messages import OpenContact, StartInterview

if TYPE_CHECKING:
    from ..app import InfoInterviewApp
    from ..core.store import Store


class StoreScreen(FaultBarrier, Screen[None]):
    """A screen that talks to the app's Store."""

    _reload_queued = False

    def reload(self) -> None:
        """Re-read what the screen shows (screens with data override this)."""

    def queue_reload(self) -> None:
        """Reload once, however many triggers arrive together: a first visit to a mode
        brings on_mount and two ScreenResume events, which loaded every list 3 times."""
        if not self._reload_queued:
            self._reload_queued = True
            self.call_later(self._queued_reload)

    def _queued_reload(self) -> None:
        self._reload_queued = False
        self.reload()

    @property
    def iapp(self) -> InfoInterviewApp:
        return cast("InfoInterviewApp", self.app)

    @property
    def store(self) -> Store:
        return self.iapp.store

    def on_mount(self) -> None:
        # Textual calls this as well as a subclass's own on_mount (handlers follow the MRO).
        self.iapp.data_changed_signal.subscribe(self, self._data_changed)

    def on_unmount(self) -> None:
        # The app's signal keeps each subscriber's callback, which holds the screen; it
        # drops a closed screen only when it is next published (another window's write):
        # until then every contact or dialog closed stayed in memory with all its
        # widgets (~2.6 MiB a contact opened), past any collection.
        self.iapp.data_changed_signal.unsubscribe(self)

    def _data_changed(self, _: None) -> None:
        # Only the screen in front re-reads now; the others do when they come back
        # (ScreenResume), not every visited screen on every change.
        if self.is_mounted and self.is_current:
            self.queue_reload()

    def why_not(self, action: str, parameters: tuple[object, ...]) -> str | None:
        """Why a key of this screen does nothing right now (its action is disabled);
        None to stay silent. Screens override it for their own keys."""
        return None

    def on_key(self, event: events.Key) -> None:
        # A disabled key would otherwise do nothing at all: say why instead. Only for
        # this screen's own bindings, and only when nothing active (a focused input, a
        # list) binds the key: check_action hides a disabled binding from active_bindings.
        active = self.active_bindings.get(event.key)
        if active is not None and (active.node is not self or active.enabled):
            return
        from ..keymap import bindings_for_key

        for binding in bindings_for_key(type(self), event.key, self.iapp.keymap):
            _target, name, params = parse_action(binding.action)
            if self.check_action(name, params):
                return
            reason = self.why_not(name, params)
            if reason:
                event.stop()
                self.notify(reason, timeout=3)
                return

    def local_now(self) -> datetime:
        return self.iapp.local_now()

    def open_contact(self, contact_id: int) -> None:
        self.post_message(OpenContact(contact_id))

    def copy_text(self, text: str, what: str) -> None:
        """Hand `text` to the terminal's clipboard (OSC 52), which some terminals refuse
        silently: so it is also written to a private file beside the database, and the
        message says both rather than claiming a copy that may not have happened."""
        from ..core.interop.errors import InteropError
        from ..core.interop.files import write_atomically

        self.app.copy_to_clipboard(text)
        path = self.store.path.with_name(f"{self.store.path.stem}-clipboard.txt")
        try:
            write_atomically(path, text)
        except InteropError:
            self.notify(
                f"{what} sent to your terminal's clipboard. If pasting gives nothing, "
                "select the text on screen (shift+drag) instead.",
                timeout=8,
            )
            return
        self.notify(
            f"{what} sent to your terminal's clipboard. If pasting gives nothing, "
            f"it is also in {path}",
            markup=False,
            timeout=8,
        )

    def start_interview(self, contact_id: int) -> None:
        self.post_message(StartInterview(contact_id))
