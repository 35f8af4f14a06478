"""Restoring an export: rows in file order, inserted in an order every engine accepts.

PostgreSQL checks a foreign key when each statement ends (ours are not DEFERRABLE), so
a row must follow what it points at; an export lists interviews before the questions
their answers came from, and a contact may name a referrer listed after it. Rows are
batched per table and every flush writes the tables in dependency order; a reference to
a row not read yet is written empty and filled in at the end (or, when the column cannot
be empty, the row waits for the end). Memory stays flat: one batch per table, the ids
seen so far, and the few references put off.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import Table
    from sqlalchemy.engine import Connection


class Restore:
    """Feed it (table, row) with `add`; `finish()` writes what is left and the put-off
    references. Everything runs on `conn`, inside the caller's transaction."""

    def __init__(self, conn: Connection, batch: int) -> None:
        from sqlmodel import SQLModel

        from . import models  # noqa: F401  (registers the tables)

        self.conn = conn
        self.batch = batch
        self.rank = {t.name: i for i, t in enumerate(SQLModel.metadata.sorted_tables)}
        self.pending: dict[Table, list[dict[str, Any]]] = {}
        self.seen: dict[str, set[Any]] = defaultdict(set)
        self.held: list[tuple[Table, dict[str, Any]]] = []
        # (table, column) -> [(row id, value)]: references written empty, filled at the end
        self.later: dict[tuple[Table, str], list[tuple[Any, Any]]] = defaultdict(list)
        self._refs: dict[Table, list[tuple[str, str, bool]]] = {}

    def _references(self, table: Table) -> list[tuple[str, str, bool]]:
        """(column, table it points at, may be empty) for each foreign key of `table`."""
        refs = self._refs.get(table)
        if refs is None:
            refs = [
                (column.name, fk.column.table.name, bool(column.nullable))
                for column in table.columns
                for fk in column.foreign_keys
            ]
            self._refs[table] = refs
        return refs

    def add(self, table: Table, row: dict[str, Any]) -> None:
        for name, target, nullable in self._references(table):
            value = row.get(name)
            if value is None or value in self.seen[target]:
                continue
            if nullable and row.get("id") is not None:
                self.later[(table, name)].append((row["id"], value))
                row = {**row, name: None}
            else:
                self.held.append((table, row))
                return
        self.pending.setdefault(table, []).append(row)
        if row.get("id") is not None:
            self.seen[table.name].add(row["id"])
        if len(self.pending[table]) >= self.batch:
            self.flush()

    def flush(self) -> None:
        """Write every pending batch, referenced tables first."""
        from sqlalchemy import insert

        for table in sorted(self.pending, key=lambda t: self.rank[t.name]):
            rows = self.pending[table]
            if rows:
                self.conn.execute(insert(table), rows)
                rows.clear()

    def finish(self) -> None:
        from sqlalchemy import bindparam, update

        self.flush()
        for table, row in sorted(self.held, key=lambda held: self.rank[held[0].name]):
            self.pending.setdefault(table, []).append(row)
            self.flush()
        for (table, name), pairs in self.later.items():
            self.conn.execute(
                update(table)
                .where(table.c.id == bindparam("row_id"))
                .values({name: bindparam("value")}),
                [{"row_id": row_id, "value": value} for row_id, value in pairs],
            )
