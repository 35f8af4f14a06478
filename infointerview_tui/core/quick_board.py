"""The board's first read before SQLAlchemy is imported (SQLite files only).

Importing SQLAlchemy, SQLModel, pydantic and the models costs ~0.4 s of CPU, twice what
a bare Textual app needs to start, and a thread does not hide it (imports hold the GIL).
So that the board paints its cards without waiting for them, the SQL that SQLAlchemy
compiles for the board's two reads (live contacts per stage, built once in
stage_counts.py, and a page of a column, in contact_queries.py) is kept in the user's
cache directory, and the first read replays that text through the sqlite3 driver.
Nothing here defines a query: the text is what the statements compiled to the last time
the app ran, and every run checks it again once SQLAlchemy is in (`refresh`) — a text
that no longer matches is replaced, and the caller re-reads the board through the
repository.

Without a cached text (the first start, a server database) the board reads through the
repository as before, once SQLAlchemy has loaded.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .contact_rows import Card, card_from_row
from .stages import FIRST_STAGE, LAST_STAGE

FORMAT = 1  # of the cache file; a file of another format is ignored
ARGUMENTS = ("stage", "limit", "offset")  # the card query's parameters, given per read

# One parameter of a compiled statement: ("arg", name) given per read, or ("const", value)
# a literal SQLAlchemy bound when it built the statement (e.g. the status 'planned').
Parameter = tuple[str, Any]


@dataclass(frozen=True)
class Compiled:
    """One statement's SQL text for SQLite with its `?` parameters in order."""

    sql: str
    parameters: tuple[Parameter, ...]

    def values(self, arguments: dict[str, Any]) -> list[Any]:
        return [arguments[v] if kind == "arg" else v for kind, v in self.parameters]


@dataclass(frozen=True)
class BoardStatements:
    """The compiled counts and cards statements."""

    counts: Compiled
    cards: Compiled

    def to_json(self) -> str:
        def one(c: Compiled) -> dict[str, Any]:
            return {"sql": c.sql, "parameters": [list(p) for p in c.parameters]}

        return json.dumps({"format": FORMAT, "counts": one(self.counts), "cards": one(self.cards)})


def read_cached(path: Path) -> BoardStatements | None:
    """The statements a previous run kept at `path`, or None (missing, unreadable, of
    another format: the board then reads through the repository)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            return None
        return BoardStatements(_compiled(data["counts"]), _compiled(data["cards"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _compiled(data: dict[str, Any]) -> Compiled:
    sql = data["sql"]
    parameters = tuple((str(kind), value) for kind, value in data["parameters"])
    if not isinstance(sql, str) or any(
        kind not in ("arg", "const") or (kind == "arg" and value not in ARGUMENTS)
        for kind, value in parameters
    ):
        raise ValueError("not a board statement")
    return Compiled(sql, parameters)


def compile_statements() -> BoardStatements:
    """What the repository's statements compile to for SQLite now (imports SQLAlchemy)."""
    from sqlalchemy.dialects import sqlite

    from .contact_queries import _CARDS
    from .stage_counts import LIVE_PER_STAGE

    def one(statement: Any) -> Compiled:
        compiled = statement.compile(dialect=sqlite.dialect())
        parameters: list[Parameter] = []
        for name in compiled.positiontup or ():
            if name in ARGUMENTS:
                parameters.append(("arg", name))
                continue
            value = compiled.params[name]
            if not isinstance(value, str | int | float) and value is not None:
                raise TypeError(f"{name}: a {type(value).__name__} cannot be kept as text")
            parameters.append(("const", value))
        return Compiled(str(compiled), tuple(parameters))

    return BoardStatements(one(LIVE_PER_STAGE), one(_CARDS))


def refresh(path: Path, used: BoardStatements | None) -> bool:
    """Keep at `path` what the statements compile to now; returns whether `used` (what
    the first read ran) differed from it, i.e. whether the board must be read again.
    A cache that cannot be written (read-only home) only costs the next start its speed."""
    current = compile_statements()
    if current != used:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            scratch = path.with_name(f".{path.name}.{os.getpid()}")
            scratch.write_text(current.to_json(), encoding="utf-8")
            os.replace(scratch, path)
        except OSError:
            pass
    return used is not None and current != used


class QuickBoard:
    """The board's reads without a filter, on this thread's sqlite3 connection."""

    def __init__(
        self, connection: Callable[[], sqlite3.Connection], statements: BoardStatements
    ) -> None:
        self._connection = connection
        self.statements = statements

    def stage_counts(self) -> dict[int, int]:
        """Number of live contacts per stage, all five stages present."""
        counts = dict.fromkeys(range(FIRST_STAGE, LAST_STAGE + 1), 0)
        statement = self.statements.counts
        for stage, count in self._connection().execute(statement.sql, statement.values({})):
            counts[stage] = count
        return counts

    def cards(self, stage: int, offset: int, limit: int) -> list[Card]:
        """One page of a column's cards, in board order."""
        statement = self.statements.cards
        values = statement.values({"stage": stage, "limit": limit, "offset": offset})
        return [card_from_row(row) for row in self._connection().execute(statement.sql, values)]
