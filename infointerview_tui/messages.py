"""Navigation messages: a screen asks to go somewhere, the App decides how to get there.

Screens post these (they bubble up to the App, which handles them); no screen calls
into another screen or into the App's methods to navigate.
"""

from __future__ import annotations

from textual.message import Message


class OpenContact(Message):
    """Show one contact's detail screen."""

    def __init__(self, contact_id: int) -> None:
        super().__init__()
        self.contact_id = contact_id


class StartInterview(Message):
    """Open the note-taking screen for a contact's current (or a new) interview."""

    def __init__(self, contact_id: int) -> None:
        super().__init__()
        self.contact_id = contact_id


class ScheduleInterview(Message):
    """Show stage 4 with this contact selected and the cursor in When."""

    def __init__(self, contact_id: int) -> None:
        super().__init__()
        self.contact_id = contact_id
