"""The funnel's and time in stage's rows counted per day, kept by the database.

`stage_reach` and `stage_stay` (core/stage_stats.py) made the funnel and time in stage
index ranges, but ranges as long as the period: a first visit of insights at 100,000
contacts still read ~125,000 reach rows and sorted ~105,000 stays' lengths (4.4 M SQLite
steps, issue 16). These two tables count those rows per UTC day instead, so a period
reads a row per day (and stage, and length), plus its first, partial day's rows:

- `stage_reach_day`: live `stage_reach` rows per stage and day of `last_at`
  (`NO_DAY` when it is NULL: reached only by the current stage, which counts for
  "everything" alone, and no period's first day comes before it);
- `stage_stay_day`: live stays per stage, day they began and whole days they lasted
  (the floor of `stage_stay.days`; -1 while they last).

Triggers on the two tables add or take one per row inserted, deleted or updated, in the
statement that changes it — the stage_stats triggers rebuild a contact's rows there, so
every write path keeps these too, on SQLite and PostgreSQL alike. `install` writes them
(a new database, migration 0022), `backfill` counts the tables anew (the migration, and
`counters.counted_at_the_end` after a bulk write: it runs after stage_stats' backfill).
"""

from __future__ import annotations

from datetime import date
from typing import Any

#: The day of a reach row with no move (its current stage alone): before any period.
NO_DAY = date(1, 1, 1)

#: Each trigger and its table (PostgreSQL's DROP TRIGGER names both).
TRIGGER_TABLES = {
    "tr_stage_reach_day_insert": "stage_reach",
    "tr_stage_reach_day_delete": "stage_reach",
    "tr_stage_reach_day_update": "stage_reach",
    "tr_stage_stay_day_insert": "stage_stay",
    "tr_stage_stay_day_delete": "stage_stay",
    "tr_stage_stay_day_update": "stage_stay",
}
TRIGGERS = tuple(TRIGGER_TABLES)


def day(column: str, dialect: str) -> str:
    """The UTC day of a stored (naive UTC) timestamp, `NO_DAY` for NULL (as SQL). On
    SQLite the text's first ten characters: the same order as the text comparisons the
    queries make, with no rounding of the time (julianday() keeps milliseconds)."""
    if dialect == "postgresql":
        return f"coalesce(CAST({column} AS date), DATE '{NO_DAY.isoformat()}')"
    return f"coalesce(substr({column}, 1, 10), '{NO_DAY.isoformat()}')"


def _keys(table: str, row: str, dialect: str) -> tuple[list[str], list[str]]:
    """The key columns of `table` and their values for the source `row` (NEW or OLD)."""
    if table == "stage_reach_day":
        return ["stage", "day"], [f"{row}.stage", day(f"{row}.last_at", dialect)]
    return ["stage", "day", "whole_days"], [
        f"{row}.stage",
        day(f"{row}.at", dialect),
        whole_days(f"{row}.days", dialect),
    ]


def whole_days(days: str, dialect: str) -> str:
    """The whole days of a stay's `days` (>= 0), -1 for NULL (a stay still going): the
    length L whose stays are `L <= days < L + 1`, a range of ix_stage_stay_length."""
    if dialect == "postgresql":
        return f"coalesce(CAST(floor({days}) AS integer), -1)"
    return f"coalesce(CAST({days} AS INTEGER), -1)"  # (CAST truncates: floor, as >= 0)


def _add(table: str, row: str, dialect: str) -> str:
    names, values = _keys(table, row, dialect)
    return (
        f"INSERT INTO {table} ({', '.join(names)}, n) "
        f"SELECT {', '.join(values)}, 1 WHERE {row}.live "
        f"ON CONFLICT ({', '.join(names)}) DO UPDATE SET n = {table}.n + 1"
    )


def _take(table: str, row: str, dialect: str) -> list[str]:
    names, values = _keys(table, row, dialect)
    match = " AND ".join(f"{n} = {v}" for n, v in zip(names, values, strict=True))
    return [
        f"UPDATE {table} SET n = n - 1 WHERE {match} AND {row}.live",
        f"DELETE FROM {table} WHERE {match} AND n <= 0",
    ]


SOURCES = {"stage_reach": "stage_reach_day", "stage_stay": "stage_stay_day"}


def _sqlite() -> list[str]:
    statements = []
    for source, table in SOURCES.items():
        name = f"tr_{table}"
        add, take = _add(table, "NEW", "sqlite"), _take(table, "OLD", "sqlite")
        statements += [
            f"CREATE TRIGGER {name}_insert AFTER INSERT ON {source} BEGIN {add}; END",
            f"CREATE TRIGGER {name}_delete AFTER DELETE ON {source} BEGIN "
            + "".join(f"{s}; " for s in take)
            + "END",
            f"CREATE TRIGGER {name}_update AFTER UPDATE ON {source} BEGIN "
            + "".join(f"{s}; " for s in take)
            + f"{add}; END",
        ]
    return statements


def _postgresql() -> list[str]:
    statements = []
    for source, table in SOURCES.items():
        take = "".join(f"{s}; " for s in _take(table, "OLD", "postgresql"))
        body = (
            f"IF TG_OP <> 'INSERT' THEN {take}END IF; "
            f"IF TG_OP <> 'DELETE' THEN {_add(table, 'NEW', 'postgresql')}; END IF;"
        )
        statements.append(
            f"CREATE OR REPLACE FUNCTION {table}_keep() RETURNS trigger LANGUAGE plpgsql "
            f"AS $$ BEGIN {body} RETURN NULL; END $$"
        )
        statements += [
            f"CREATE TRIGGER tr_{table}_{op.lower()} AFTER {op} ON {source} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_keep()"
            for op in ("INSERT", "DELETE", "UPDATE")
        ]
    return statements


def install(conn: Any) -> None:
    """Create the triggers that keep the counts (in the caller's transaction)."""
    statements = _postgresql() if conn.dialect.name == "postgresql" else _sqlite()
    for statement in statements:
        conn.exec_driver_sql(statement)


def backfill(conn: Any) -> None:
    """Count both tables anew from `stage_reach` and `stage_stay` as they are."""
    dialect = conn.dialect.name
    for source, table in SOURCES.items():
        names, values = _keys(table, "r", dialect)
        conn.exec_driver_sql(f"DELETE FROM {table}")
        conn.exec_driver_sql(
            f"INSERT INTO {table} ({', '.join(names)}, n) "
            f"SELECT {', '.join(values)}, count(*) FROM {source} r WHERE r.live "
            f"GROUP BY {', '.join(values)}"
        )
