"""The export's records, read in large batches straight from the DB-API cursor.

A select() on the models is compiled once and run on the driver's own cursor: rows
arrive as plain tuples, with none of SQLAlchemy's per-row work (Row objects, a type
processor per value, result partitions), which was most of `export json`'s time at
100,000 contacts. Each section gets its own record builder, made once from the
statement's columns: one dict display per row that also does what the driver left
undone (on SQLite datetimes are naive UTC text and booleans 0/1; PostgreSQL's driver
hands both over typed already).

Streaming: SQLite's cursor steps through the table as it is fetched; on PostgreSQL
the cursor is a named (server-side) one, so memory stays flat on both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from typing import Any

FETCH = 2000  # rows a fetch; one batch of records for the writer

Record = dict[str, Any]
Builder = Callable[[Sequence[Any]], Record]


def _kinds(conn: Any, stmt: Any) -> list[str]:
    """Per selected column: "datetime" / "boolean" where the driver's raw value needs
    turning into the model's (SQLite: naive UTC text, 0/1), else ""."""
    from sqlalchemy import Boolean, DateTime

    if conn.dialect.name != "sqlite":
        return [""] * len(stmt.selected_columns)
    kinds = []
    for column in stmt.selected_columns:
        kind = getattr(column.type, "impl", column.type)
        if isinstance(kind, DateTime):
            kinds.append("datetime")
        elif isinstance(kind, Boolean):
            kinds.append("boolean")
        else:
            kinds.append("")
    return kinds


def builder(
    names: Sequence[str],
    kinds: Sequence[str],
    *,
    start: int = 0,
    extra: tuple[str, dict[int, Any], Any] | None = None,
) -> Builder:
    """A function from a row to its record: {names[i]: row[start + i]} with each value
    converted as `kinds[start + i]` says; `extra` (name, by id, default) adds
    name: by_id.get(row[start], default) — a value derived from the record's id.

    Generated as one dict display (as collections.namedtuple generates its class): a
    dict(zip()) plus a fix-up per converted column costs twice as much per row."""
    convert = {"datetime": "_datetime", "boolean": "_bool"}
    items = []
    for i, name in enumerate(names):
        value = f"row[{start + i}]"
        kind = kinds[start + i]
        if kind:
            value = f"(None if {value} is None else {convert[kind]}({value}))"
        items.append(f"{name!r}: {value}")
    scope: dict[str, Any] = {"_datetime": datetime.fromisoformat, "_bool": bool}
    if extra is not None:
        extra_name, by_id, default = extra
        scope.update(_get=by_id.get, _default=default)
        items.append(f"{extra_name!r}: _get(row[{start}], _default)")
    function: Builder = eval("lambda row: {" + ", ".join(items) + "}", scope)  # noqa: S307
    return function


def raw_batches(conn: Any, stmt: Any) -> tuple[list[str], Iterator[list[tuple[Any, ...]]]]:
    """(per column, its kind for `builder`; the rows of `stmt` as lists of tuples,
    FETCH rows at a time). `stmt` is a select() with nothing to bind."""
    sql = str(stmt.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
    return _kinds(conn, stmt), _fetch(conn, sql)


def _fetch(conn: Any, sql: str) -> Iterator[list[tuple[Any, ...]]]:
    driver = conn.connection.driver_connection
    postgres = conn.dialect.name == "postgresql"
    # A named cursor is PostgreSQL's server-side one: rows come as they are fetched.
    cursor = driver.cursor(name="infointerview_export") if postgres else driver.cursor()
    try:
        cursor.execute(sql)
        while batch := cursor.fetchmany(FETCH):
            yield batch
    finally:
        cursor.close()
