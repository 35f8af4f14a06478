"""Restoring an export: rows in file order, inserted in an order every engine accepts.

PostgreSQL checks a foreign key when each statement ends (ours are not DEFERRABLE), so
a row must follow what it points at; an export lists interviews before the questions
their answers came from, and a contact may name a referrer listed after it. Rows are
batched per table and every flush writes the tables in dependency order; a reference to
a row not read yet is written empty and filled in at the end (or, when the column cannot
be empty, the row waits for the end). Memory stays flat: one batch per table, the ids
seen so far of the tables something points at (a bit each), and the few references put
off.
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
        # Ids written so far, only of tables a foreign key points at (not stage events).
        self.seen: dict[str, IdSet] = {
            fk.column.table.name: IdSet()
            for t in SQLModel.metadata.sorted_tables
            for fk in t.foreign_keys
        }
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
        seen = self.seen.get(table.name)
        if seen is not None and row.get("id") is not None:
            seen.add(row["id"])
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


class IdSet:
    """A set of row ids: one bit per integer id from 0 to BITS (400,000 ids take 50 KB, a
    Python set of them ~20 MiB), anything else (a file's odd ids) in a set."""

    BITS = 1 << 26  # ids beyond take a set entry each, not 8 MiB of bits

    def __init__(self) -> None:
        self._bits = bytearray()
        self._other: set[Any] = set()

    def add(self, value: Any) -> None:
        if type(value) is int and 0 <= value < self.BITS:
            byte = value >> 3
            if byte >= len(self._bits):
                self._bits.extend(bytes(max(byte + 1 - len(self._bits), len(self._bits))))
            self._bits[byte] |= 1 << (value & 7)
        else:
            self._other.add(value)

    def __contains__(self, value: object) -> bool:
        if type(value) is int and 0 <= value < self.BITS:
            byte = value >> 3
            return byte < len(self._bits) and bool(self._bits[byte] >> (value & 7) & 1)
        return value in self._other
