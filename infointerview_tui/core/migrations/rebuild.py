"""Rebuild a SQLite table as an AUTOINCREMENT one (its ids never given again), for the
migrations that do (r0015, r0016).

Alembic copies a table as SQLAlchemy reflects it, and that misses the ON DELETE of a
reference written inline (`contact_id INTEGER REFERENCES contact(id) ON DELETE
CASCADE`, as files from before Alembic have it), so each reference gets its action from
`actions` ({column: "CASCADE" | "SET NULL"}; a column not named: none). The rows and
their ids are kept, and the highest id the table ever gave. Triggers on the table go
with the old copy: the caller installs them again. Run with foreign keys off
(db._migrate), so that dropping the old copy does not reach the rows pointing at it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


def autoincrement(bind: sa.Connection, table: str, actions: dict[str, str]) -> None:
    given = _highest_id_given(bind, table)
    shape = sa.Table(table, sa.MetaData(), autoload_with=bind)
    for reference in shape.foreign_key_constraints:
        (column,) = reference.column_keys
        reference.ondelete = actions.get(column)
    with op.batch_alter_table(
        table,
        recreate="always",
        copy_from=shape,
        table_kwargs={"sqlite_autoincrement": True},
    ):
        pass
    if given:  # the copy counted only the rows there now
        bind.exec_driver_sql(
            "UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?", (given, table)
        )


def _highest_id_given(bind: sa.Connection, table: str) -> int:
    """What an AUTOINCREMENT table remembers giving (0 if it is not one yet)."""
    if not bind.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'"
    ).first():
        return 0
    seq = bind.exec_driver_sql("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).scalar()
    return int(seq or 0)
