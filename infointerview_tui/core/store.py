"""The Store: the database, its repositories (reads) and the intents (every write).

One object the UI and CLI hold. Reads: `store.contacts.cards(...)`,
`store.follow_ups.agenda()`... Writes: `store.intents.move_card(...)`.

Opening a store checks and prepares the database with the standard library only; the
repositories (SQLAlchemy Core on the models) are imported on first use, so the app can
paint its first frame while `load()` imports them on a worker thread.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from . import db
from .advice import AdviceQueries
from .database import Database
from .goals import GoalQueries
from .lamp import LampQueries
from .logbook import LogbookQueries
from .method import MethodQueries
from .templates import TemplateQueries
from .tiara import TiaraQueries

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine, Row
    from sqlmodel import Session

    from .catalog import Catalog
    from .contact_rows import Card
    from .contacts import Contacts
    from .dburl import DbTarget
    from .followups import FollowUps
    from .intents import Intents
    from .interviews import Interviews
    from .outreach import OutreachLog
    from .questions import Questions
    from .quick_board import QuickBoard


T = TypeVar("T")


class repository(Generic[T]):  # noqa: N801 - used as a decorator, like cached_property
    """A repository made on first use, once, under the store's import lock.

    Not functools.cached_property: on Python 3.11 it holds one lock per property for
    every instance while it computes, so a key wanting `store.catalog` on the event loop
    (holding that lock, waiting for the import lock) and `load()` on a worker (holding
    the import lock, wanting that property) waited for each other forever."""

    def __init__(self, make: Callable[[Any], T]) -> None:
        self.make = make
        self.name = make.__name__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> repository[T]: ...
    @overload
    def __get__(self, obj: object, owner: type | None = None) -> T: ...
    def __get__(self, obj: object | None, owner: type | None = None) -> T | repository[T]:
        if obj is None:
            return self
        with obj._importing:  # type: ignore[attr-defined]
            made = obj.__dict__.get(self.name)
            if made is None:
                made = obj.__dict__[self.name] = self.make(obj)
        return made  # type: ignore[no-any-return]


class Store(
    MethodQueries,
    LogbookQueries,
    LampQueries,
    AdviceQueries,
    TemplateQueries,
    GoalQueries,
    TiaraQueries,
):
    """The database at `path`, prepared (created, migrated, seeded) on construction.

    With `engine` (a server database), `path` is only what is shown for it. The method's
    reads (responsiveness, the LAMP list, advice, templates, the weekly goal, TIARA
    coverage) are mixed in; their writes are intents like every other.
    """

    def __init__(
        self,
        path: Path | str,
        *,
        clock: Callable[[], datetime] = db.utcnow,
        create: bool = True,
        read_only: bool = False,
        engine: Engine | None = None,
    ) -> None:
        self.db = Database(path, clock=clock, create=create, read_only=read_only, engine=engine)
        self._loaded = False
        self._quick: QuickBoard | None = None  # the board's reads before load() (SQLite)
        self._board_sql: Path | None = None  # where load() keeps their compiled text
        # Held while load() imports: a key that needs a repository meanwhile waits for
        # it, instead of importing the same modules from a second thread in another order.
        self._importing = threading.RLock()

    # -- repositories and intents, imported on first use -----------------------------

    @repository
    def contacts(self) -> Contacts:
        with self._importing:
            from .contacts import Contacts

            return Contacts(self.db)

    @repository
    def catalog(self) -> Catalog:
        with self._importing:
            from .catalog import Catalog

            return Catalog(self.db)

    @repository
    def interviews(self) -> Interviews:
        with self._importing:
            from .interviews import Interviews

            return Interviews(self.db)

    @repository
    def outreach(self) -> OutreachLog:
        with self._importing:
            from .outreach import OutreachLog

            return OutreachLog(self.db)

    @repository
    def follow_ups(self) -> FollowUps:
        with self._importing:
            from .followups import FollowUps

            return FollowUps(self.db)

    @repository
    def questions(self) -> Questions:
        with self._importing:
            from .questions import Questions

            return Questions(self.db)

    @repository
    def intents(self) -> Intents:
        with self._importing:
            from .intents import Intents

            return Intents(self.db)

    def load(self) -> bool:
        """Import SQLAlchemy, the models and every repository, and open the engine: the
        slow part of a cold start, for a worker thread after the first frame painted.

        Returns whether what the board read before (`use_board_sql`) must be read again:
        the kept SQL no longer matched what the board's statements compile to."""
        with self._importing:
            for name in ("contacts", "catalog", "interviews", "outreach", "follow_ups"):
                getattr(self, name)
            self.questions, self.intents  # noqa: B018
            self.db.load()
            self.contacts.prepare_card_reads()  # here, on a worker: not on the first key
        stale = False
        if self._board_sql is not None and self.db.is_sqlite:
            from .quick_board import refresh

            used = self._quick.statements if self._quick is not None else None
            stale = refresh(self._board_sql, used)
        self._loaded = True
        self._quick = None
        return stale

    # -- the board's first read, before SQLAlchemy is in (see quick_board.py) --------

    def use_board_sql(self, cache: Path) -> None:
        """Read the board with the SQL text kept at `cache` until `load()` ran, and keep
        there what the board's statements compile to once it has (SQLite files only)."""
        if not self.db.is_sqlite:
            return
        from .quick_board import QuickBoard, read_cached

        self._board_sql = cache
        statements = read_cached(cache)
        if statements is not None:
            self._quick = QuickBoard(lambda: self.db.conn, statements)

    @property
    def board_ready(self) -> bool:
        """Whether the board can be read without waiting for `load()`."""
        return self.loaded or self._quick is not None

    def board_counts(self, text_filter: str = "") -> dict[int, int]:
        """Live contacts per stage (of those `text_filter` matches): Contacts.stage_counts."""
        quick = self._quick
        if quick is not None and not text_filter and not self._loaded:
            try:
                return quick.stage_counts()
            except sqlite3.Error:
                self._quick = None  # a kept text the file no longer fits: the repository
        return self.contacts.stage_counts(text_filter)

    def board_cards(
        self,
        stage: int,
        offset: int,
        limit: int,
        text_filter: str = "",
        total: int | None = None,
    ) -> list[Card]:
        """One page of a column's cards in board order: Contacts.cards (before load(),
        always read forwards: a deep page then skips rows, for those first moments)."""
        quick = self._quick
        if quick is not None and not text_filter and not self._loaded:
            try:
                return quick.cards(stage, offset, limit)
            except sqlite3.Error:
                self._quick = None
        return self.contacts.cards(stage, offset, limit, text_filter, total)

    @property
    def loaded(self) -> bool:
        """Whether reads can run without first importing SQLAlchemy (`load()` ran, or a
        repository already worked)."""
        return self._loaded or (self.db.has_engine and "contacts" in self.__dict__)

    @property
    def path(self) -> Path:
        return self.db.path

    @property
    def read_only(self) -> bool:
        """The file cannot be written (or was opened read-only): every write is refused."""
        return self.db.read_only

    def now(self) -> datetime:
        """The store's idea of now (aware UTC); injected in tests."""
        return self.db.now()

    def close(self) -> None:
        self.db.close()

    # -- raw access (tests, the SQLite backup) ---------------------------------------

    @property
    def conn(self) -> sqlite3.Connection:
        return self.db.conn

    def query(self, sql: str, params: Any = ()) -> list[Row[Any]]:
        """One SQL text read on either engine (tests, diagnostics): see Database.query."""
        return self.db.query(sql, params)

    def session(self) -> AbstractContextManager[Session]:
        return self.db.session()


def open_target(
    target: DbTarget, *, create: bool = True, clock: Callable[[], datetime] = db.utcnow
) -> Store:
    """The store on an SQLite file or a server database, prepared (created, migrated,
    seeded); a wrong URL, password or unreachable server is one StoreError line."""
    if target.path is not None:
        return Store(target.path, create=create, clock=clock)
    from .pg import open_engine, prepare

    engine = open_engine(target)
    try:
        prepare(engine, target)
    except BaseException:
        engine.dispose()
        raise
    return Store(Path(target.title), engine=engine, clock=clock)
