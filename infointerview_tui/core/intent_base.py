"""What every family of intents relies on: `Intents` (core/intents.py) provides the
database, the clock, the write transaction and the change hook; each mixin
(imports, outreach, interviews, records' lives, the method, typed links) derives from
this so the contract is written once."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from .database import Database


class IntentBase:
    db: Database
    now: Callable[[], datetime]
    _write: Callable[[], AbstractContextManager[Connection]]
    on_change: Callable[[], None] | None
