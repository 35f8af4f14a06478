"""What the method's read-side parts of the Store (method, lamp, advice, templates, goals,
tiara, logbook) use: the Store provides each of these; this names them for the type
checker. Their writes are intents (core/method_intents.py)."""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlmodel import Session

    from .database import Database


class StorePart:
    """A mixin of the Store; the Store's own attributes come first in its MRO."""

    db: Database

    def now(self) -> datetime:
        raise NotImplementedError

    def session(self) -> AbstractContextManager[Session]:
        raise NotImplementedError
