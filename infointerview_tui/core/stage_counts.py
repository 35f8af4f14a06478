"""Live contacts per stage, kept by the database (the board's counts and the lists' sizes).

The board's counts (`SELECT stage, count(*) ... GROUP BY stage`), stage 3's list (stages
1-3) and stages 4 and 5 counted the live contacts of their stages on each read: ~800,000
SQLite VM steps for the board at 100,000 contacts (issue 16). Instead `stage_count` holds
one row per stage 1-5 with `live`, how many contacts at that stage are not archived, and
a read is five rows (`live_per_stage`, `live_at`: the one place that says how many live
contacts a stage has).

Triggers on `contact` keep the rows in the statement that inserts or deletes a contact
or changes its stage or archived flag (every write path: intents, imports, restore, sync,
merges, another program), on SQLite and PostgreSQL alike; an update that leaves both as
they were touches no row. `install` writes them (a new database, migration 0021),
`backfill` fills the rows from the contacts (the migration, and `counters.counted_at_the_end`
after a bulk write).

The trade-off: five hot rows that every contact write that adds, removes, moves,
archives or restores someone updates (~60 SQLite VM steps a move). On SQLite writes are
serialised anyway; on PostgreSQL two sessions adding contacts at the same stage at once
take turns on that stage's row: the second waits until the first commits. A move locks
its two stages' rows in stage order, so two single moves do not deadlock on them; one
transaction that writes many contacts (an import, a sync) holds the rows of every stage
it touched until it commits, and two such transactions at once can still deadlock, one
of them then failing as any conflicting write does.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Select, select

from .models import StageCount, table
from .stages import FIRST_STAGE, LAST_STAGE

#: Each trigger and its table (PostgreSQL's DROP TRIGGER names both).
TRIGGER_TABLES = {
    "tr_stage_count_insert": "contact",
    "tr_stage_count_delete": "contact",
    "tr_stage_count_update": "contact",
}
TRIGGERS = tuple(TRIGGER_TABLES)
#: The columns of `contact` the counts depend on: only their changes fire the update.
COLUMNS = ("stage", "archived")

_KEPT = table(StageCount)

#: The kept counts, one row per stage (the board's counts without a filter; quick_board
#: keeps this statement's text for the first read).
LIVE_PER_STAGE: Select[Any] = select(_KEPT.c.stage, _KEPT.c.live).order_by(_KEPT.c.stage)


def live_at(stage: int) -> Select[Any]:
    """How many live contacts `stage` has (a scalar select: one row of the kept counts)."""
    return select(_KEPT.c.live).where(_KEPT.c.stage == stage)


def live_per_stage(conn: Connection, stages: range | None = None) -> dict[int, int]:
    """Live (not archived) contacts per stage, every stage of `stages` (all five by
    default) present, 0 when it has none."""
    wanted = stages if stages is not None else range(FIRST_STAGE, LAST_STAGE + 1)
    counts = dict.fromkeys(wanted, 0)
    for stage, live in conn.execute(LIVE_PER_STAGE):
        if stage in counts:
            counts[int(stage)] = int(live)
    return counts


def _change(row: str, sign: str) -> str:
    """The contact `row` (NEW or OLD) joins (+) or leaves (-) its stage's live count."""
    return (
        f"UPDATE stage_count SET live = live {sign} 1 "
        f"WHERE stage = {row}.stage AND NOT {row}.archived"
    )


#: An update that moves, archives or restores someone (SQL over NEW and OLD).
_CHANGED = "(NEW.stage <> OLD.stage OR NEW.archived <> OLD.archived)"


def _sqlite() -> list[str]:
    columns = ", ".join(COLUMNS)
    return [
        "CREATE TRIGGER tr_stage_count_insert AFTER INSERT ON contact "
        f"BEGIN {_change('NEW', '+')}; END",
        "CREATE TRIGGER tr_stage_count_delete AFTER DELETE ON contact "
        f"BEGIN {_change('OLD', '-')}; END",
        f"CREATE TRIGGER tr_stage_count_update AFTER UPDATE OF {columns} ON contact "
        f"WHEN {_CHANGED} BEGIN {_change('OLD', '-')}; {_change('NEW', '+')}; END",
    ]


def _postgresql() -> list[str]:
    columns = ", ".join(COLUMNS)
    body = (
        # A move takes its two stages' rows in stage order: two sessions moving people
        # in opposite directions at once wait for each other instead of deadlocking.
        "IF TG_OP = 'UPDATE' THEN PERFORM 1 FROM stage_count "
        "WHERE stage IN (OLD.stage, NEW.stage) ORDER BY stage FOR UPDATE; END IF; "
        f"IF TG_OP <> 'INSERT' THEN {_change('OLD', '-')}; END IF; "
        f"IF TG_OP <> 'DELETE' THEN {_change('NEW', '+')}; END IF;"
    )
    return [
        "CREATE OR REPLACE FUNCTION stage_count_keep() RETURNS trigger LANGUAGE plpgsql "
        f"AS $$ BEGIN {body} RETURN NULL; END $$",
        "CREATE TRIGGER tr_stage_count_insert AFTER INSERT ON contact "
        "FOR EACH ROW EXECUTE FUNCTION stage_count_keep()",
        "CREATE TRIGGER tr_stage_count_delete AFTER DELETE ON contact "
        "FOR EACH ROW EXECUTE FUNCTION stage_count_keep()",
        f"CREATE TRIGGER tr_stage_count_update AFTER UPDATE OF {columns} ON contact "
        f"FOR EACH ROW WHEN {_CHANGED} EXECUTE FUNCTION stage_count_keep()",
    ]


def install(conn: Any) -> None:
    """Create the triggers that keep the counts (in the caller's transaction; the rows
    must be there: `backfill` first)."""
    statements = _postgresql() if conn.dialect.name == "postgresql" else _sqlite()
    for statement in statements:
        conn.exec_driver_sql(statement)


def backfill(conn: Any) -> None:
    """Fill the rows from the contacts as they are (a new database, the migration, a
    bulk write's end; tests' oracle): one per stage, each an index range count."""
    conn.exec_driver_sql("DELETE FROM stage_count")
    rows = ", ".join(f"({stage}, 0)" for stage in range(FIRST_STAGE, LAST_STAGE + 1))
    conn.exec_driver_sql(f"INSERT INTO stage_count (stage, live) VALUES {rows}")
    conn.exec_driver_sql(
        "UPDATE stage_count SET live = (SELECT count(*) FROM contact c "
        "WHERE c.archived = false AND c.stage = stage_count.stage)"
    )
