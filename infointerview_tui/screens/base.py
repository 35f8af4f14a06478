"""What every screen of the app shares: access to the Store and the app's clock."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, cast

from textual.screen import Screen

from ..messages import OpenContact, StartInterview

if TYPE_CHECKING:
    from ..app import InfoInterviewApp
    from ..core.store import Store


class StoreScreen(Screen[None]):
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

    def _data_changed(self, _: None) -> None:
        # Only the screen in front re-reads now; the others do when they come back
        # (ScreenResume), not every visited screen on every change.
        if self.is_mounted and self.is_current:
            self.queue_reload()

    def local_now(self) -> datetime:
        return self.iapp.local_now()

    def open_contact(self, contact_id: int) -> None:
        self.post_message(OpenContact(contact_id))

    def start_interview(self, contact_id: int) -> None:
        self.post_message(StartInterview(contact_id))
