"""What the funnel and the time in stage read, per contact, kept by the database.

The insights' funnel (people who reached each stage in a period) and time in stage (the
median stay per stage) were counted from every stage move of the period, joined to its
contact and sorted twice: 0.8 s at 100,000 contacts (issue 16). Two derived tables make
them index ranges instead, with the figures' definitions unchanged (core/insights.py):

- `stage_reach`: one row per contact and stage s it has reached, by a move into s or a
  later stage or by standing at s or later now; `last_at` is its latest such move (NULL
  when only its current stage says so), `live` mirrors `not archived`. The funnel of a
  period counts the rows with `last_at` in it; of everything, every row.
- `stage_stay`: one row per stage move, the stay it began: its stage, when it began,
  `left_at` (the contact's next move by time then id; NULL while it lasts) and `live`.

Triggers on `contact` and `stage_event` rebuild a contact's rows (a handful) whenever its
moves, its stage or its archived flag change, in the same statement as the change, on
SQLite and PostgreSQL alike: every write path (intents, undo, imports, restore, merges,
deletions, cascades) keeps them, and there is no second place that could forget to.
`install` writes the triggers (new databases and migration 0013); `backfill` fills the
tables from what is there (the migration).
"""

from __future__ import annotations

from typing import Any

from .stages import STAGES

#: Each trigger and its table (PostgreSQL's DROP TRIGGER names both).
TRIGGER_TABLES = {
    "tr_stage_stats_event_insert": "stage_event",
    "tr_stage_stats_event_delete": "stage_event",
    "tr_stage_stats_event_update": "stage_event",
    "tr_stage_stats_contact_insert": "contact",
    "tr_stage_stats_contact_update": "contact",
    "tr_stage_stats_contact_delete": "contact",
}
TRIGGERS = tuple(TRIGGER_TABLES)
#: The columns of `contact` the rows depend on: only their changes rebuild them.
WATCHED_COLUMNS = ("stage", "archived")


def _numbers() -> str:
    """The stage numbers as a one-column table `s(n)`, on both engines."""
    return " UNION ALL ".join(f"SELECT {s.number} AS n" for s in STAGES)


def stay_days(start: str, end: str, dialect: str) -> str:
    """`end - start` in days (SQL; NULL when `end` is): insights' `days_between`, spelt
    as sqlfuncs.py spells it on each engine, so the stored length is the read one."""
    if dialect == "postgresql":
        return f"(EXTRACT(EPOCH FROM ({end} - {start})) / 86400.0)"
    return f"(julianday({end}) - julianday({start}))"


def _fill(who: str | None, dialect: str, lengths: bool = True) -> list[str]:
    """The statements that fill contact `who`'s rows (a SQL expression; None: everyone's).
    `lengths`: stage_stay has its `days` column (not before migration 0021)."""
    contact = "" if who is None else f" WHERE c.id = {who}"
    moves = "" if who is None else f" WHERE e.contact_id = {who}"
    stays = (
        "SELECT e.id AS event_id, e.contact_id, e.to_stage AS stage, e.at, "
        "(SELECT n.at FROM stage_event n "
        "WHERE n.contact_id = e.contact_id AND (n.at > e.at OR (n.at = e.at AND n.id > e.id)) "
        "ORDER BY n.at, n.id LIMIT 1) AS left_at, NOT c.archived AS live "
        "FROM stage_event e JOIN contact c ON c.id = e.contact_id" + moves
    )
    columns = "event_id, contact_id, stage, at, left_at, live"
    length = f", {stay_days('x.at', 'x.left_at', dialect)}" if lengths else ""
    return [
        "INSERT INTO stage_reach (contact_id, stage, last_at, live) "
        "SELECT c.id, s.n, (SELECT max(e.at) FROM stage_event e "
        "WHERE e.contact_id = c.id AND e.to_stage >= s.n), NOT c.archived "
        f"FROM contact c JOIN ({_numbers()}) s ON c.stage >= s.n OR EXISTS "
        "(SELECT 1 FROM stage_event e WHERE e.contact_id = c.id AND e.to_stage >= s.n)" + contact,
        f"INSERT INTO stage_stay ({columns}{', days' if lengths else ''}) "
        f"SELECT x.{columns.replace(', ', ', x.')}{length} FROM ({stays}) x",
    ]


def _forget(who: str) -> list[str]:
    return [
        f"DELETE FROM stage_reach WHERE contact_id = {who}",
        f"DELETE FROM stage_stay WHERE contact_id = {who}",
    ]


def _sqlite(lengths: bool) -> list[str]:
    def _rebuild(who: str) -> list[str]:
        return _forget(who) + _fill(who, "sqlite", lengths)

    def body(statements: list[str]) -> str:
        return "BEGIN " + "".join(f"{s}; " for s in statements) + "END"

    columns = ", ".join(WATCHED_COLUMNS)
    return [
        "CREATE TRIGGER tr_stage_stats_event_insert AFTER INSERT ON stage_event "
        + body(_rebuild("NEW.contact_id")),
        "CREATE TRIGGER tr_stage_stats_event_delete AFTER DELETE ON stage_event "
        + body(_rebuild("OLD.contact_id")),
        "CREATE TRIGGER tr_stage_stats_event_update AFTER UPDATE ON stage_event "
        + body(_rebuild("OLD.contact_id") + _rebuild("NEW.contact_id")),
        "CREATE TRIGGER tr_stage_stats_contact_insert AFTER INSERT ON contact "
        + body(_rebuild("NEW.id")),
        f"CREATE TRIGGER tr_stage_stats_contact_update AFTER UPDATE OF {columns}, id "
        "ON contact " + body(_forget("OLD.id") + _rebuild("NEW.id")),
        "CREATE TRIGGER tr_stage_stats_contact_delete AFTER DELETE ON contact "
        + body(_forget("OLD.id")),
    ]


def _postgresql(lengths: bool) -> list[str]:
    def _rebuild(who: str) -> list[str]:
        return _forget(who) + _fill(who, "postgresql", lengths)

    def function(name: str, body: str, argument: str = "", returns: str = "trigger") -> str:
        end = "RETURN NULL; " if returns == "trigger" else ""
        return (
            f"CREATE OR REPLACE FUNCTION {name}({argument}) RETURNS {returns} "
            f"LANGUAGE plpgsql AS $$ BEGIN {body} {end}END $$"
        )

    columns = ", ".join(WATCHED_COLUMNS)
    return [
        function(
            "stage_stats_rebuild",
            "".join(f"{s}; " for s in _rebuild("who")),
            argument="who integer",
            returns="void",
        ),
        function(
            "stage_stats_on_event",
            "IF TG_OP <> 'INSERT' THEN PERFORM stage_stats_rebuild(OLD.contact_id); END IF; "
            "IF TG_OP <> 'DELETE' THEN PERFORM stage_stats_rebuild(NEW.contact_id); END IF;",
        ),
        function(
            "stage_stats_on_contact",
            "IF TG_OP <> 'INSERT' THEN "
            + "".join(f"{s}; " for s in _forget("OLD.id"))
            + "END IF; IF TG_OP <> 'DELETE' THEN PERFORM stage_stats_rebuild(NEW.id); END IF;",
        ),
        "CREATE TRIGGER tr_stage_stats_event_insert AFTER INSERT ON stage_event "
        "FOR EACH ROW EXECUTE FUNCTION stage_stats_on_event()",
        "CREATE TRIGGER tr_stage_stats_event_delete AFTER DELETE ON stage_event "
        "FOR EACH ROW EXECUTE FUNCTION stage_stats_on_event()",
        "CREATE TRIGGER tr_stage_stats_event_update AFTER UPDATE ON stage_event "
        "FOR EACH ROW EXECUTE FUNCTION stage_stats_on_event()",
        "CREATE TRIGGER tr_stage_stats_contact_insert AFTER INSERT ON contact "
        "FOR EACH ROW EXECUTE FUNCTION stage_stats_on_contact()",
        f"CREATE TRIGGER tr_stage_stats_contact_update AFTER UPDATE OF {columns}, id "
        "ON contact FOR EACH ROW EXECUTE FUNCTION stage_stats_on_contact()",
        "CREATE TRIGGER tr_stage_stats_contact_delete AFTER DELETE ON contact "
        "FOR EACH ROW EXECUTE FUNCTION stage_stats_on_contact()",
    ]


def install(conn: Any, lengths: bool = True) -> None:
    """Create the triggers that keep the tables (in the caller's transaction).
    `lengths=False`: for stage_stay as migration 0013 made it (no `days`)."""
    postgres = conn.dialect.name == "postgresql"
    statements = _postgresql(lengths) if postgres else _sqlite(lengths)
    for statement in statements:
        conn.exec_driver_sql(statement)


def backfill(conn: Any, lengths: bool = True) -> None:
    """Fill both tables from the contacts and moves as they are (the migration; tests)."""
    conn.exec_driver_sql("DELETE FROM stage_reach")
    conn.exec_driver_sql("DELETE FROM stage_stay")
    for statement in _fill(None, conn.dialect.name, lengths):
        conn.exec_driver_sql(statement)
