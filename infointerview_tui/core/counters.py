"""Counts of live people per organization and per career field, kept by the database.

The LAMP ranking (stage 2, and the agenda's promotions) sorts organizations by their
Advocacy, and stages 1-2 show how many people each field and organization has. Counted
on each open, these read every contact (250 ms at 100,000). Instead `organization_count`
(people, advocacy) and `career_field_count` (contacts) are kept by triggers on
`contact`, `organization` and `career_field`: every write path (intents, imports,
restore, sync, merges, deletions, a foreign key setting a link to NULL) changes them in
the same statement, so there is no second place that could forget to. The rule for
who counts lives here, once: `ADVOCATE` (SQL over a contact row) and `LIVE`.

`install` writes the triggers for the connection's dialect (SQLite, PostgreSQL): on
a new database after the models' tables are created, and in migration 0012, which
also fills the counts with `backfill`. A bulk restore counts once at its end instead
of per row (`counted_at_the_end`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

#: How someone came to you when they can advocate for you there: your own contacts,
#: a referral, LinkedIn (Dalton's Advocacy); or anyone with a referrer.
ADVOCACY_SOURCES = ("contact", "contacts", "referral", "linkedin")
#: The columns of `contact` the counts depend on: only their changes fire the update.
COUNTED_COLUMNS = ("organization_id", "career_field_id", "archived", "referred_by_id", "how_found")
#: Each trigger and the table it is on.
TRIGGER_TABLES = {
    "tr_contact_counts_insert": "contact",
    "tr_contact_counts_delete": "contact",
    "tr_contact_counts_update": "contact",
    "tr_organization_count_add": "organization",
    "tr_organization_count_drop": "organization",
    "tr_career_field_count_add": "career_field",
    "tr_career_field_count_drop": "career_field",
}
TRIGGERS = tuple(TRIGGER_TABLES)


def advocate(row: str) -> str:
    """1 when the contact `row` (NEW, OLD or a table alias) is an advocate, else 0."""
    sources = ", ".join(f"'{s}'" for s in ADVOCACY_SOURCES)
    return (
        f"(CASE WHEN {row}.referred_by_id IS NOT NULL "
        f"OR lower({row}.how_found) IN ({sources}) THEN 1 ELSE 0 END)"
    )


def live(row: str) -> str:
    """The contact `row` is not archived (as SQL on both engines)."""
    return f"NOT {row}.archived"


def _change(row: str, sign: str) -> list[str]:
    """The statements adding (+) or taking away (-) the contact `row` from its counts."""
    return [
        f"UPDATE organization_count SET people = people {sign} 1, "
        f"advocacy = advocacy {sign} {advocate(row)} "
        f"WHERE organization_id = {row}.organization_id",
        f"UPDATE career_field_count SET contacts = contacts {sign} 1 "
        f"WHERE career_field_id = {row}.career_field_id",
    ]


def _sqlite() -> list[str]:
    add, take = _change("NEW", "+"), _change("OLD", "-")
    body = "; ".join
    columns = ", ".join(COUNTED_COLUMNS)
    return [
        f"CREATE TRIGGER tr_contact_counts_insert AFTER INSERT ON contact "
        f"WHEN {live('NEW')} BEGIN {body(add)}; END",
        f"CREATE TRIGGER tr_contact_counts_delete AFTER DELETE ON contact "
        f"WHEN {live('OLD')} BEGIN {body(take)}; END",
        # Two statements guarded each by its row's liveness: SQLite's WHEN is per trigger.
        f"CREATE TRIGGER tr_contact_counts_update AFTER UPDATE OF {columns} ON contact "
        f"BEGIN "
        + "; ".join(f"{s} AND {live('OLD')}" for s in take)
        + "; "
        + "; ".join(f"{s} AND {live('NEW')}" for s in add)
        + "; END",
        "CREATE TRIGGER tr_organization_count_add AFTER INSERT ON organization BEGIN "
        "INSERT INTO organization_count (organization_id, people, advocacy) "
        "VALUES (NEW.id, 0, 0); END",
        "CREATE TRIGGER tr_organization_count_drop AFTER DELETE ON organization BEGIN "
        "DELETE FROM organization_count WHERE organization_id = OLD.id; END",
        "CREATE TRIGGER tr_career_field_count_add AFTER INSERT ON career_field BEGIN "
        "INSERT INTO career_field_count (career_field_id, contacts) VALUES (NEW.id, 0); END",
        "CREATE TRIGGER tr_career_field_count_drop AFTER DELETE ON career_field BEGIN "
        "DELETE FROM career_field_count WHERE career_field_id = OLD.id; END",
    ]


def _postgresql() -> list[str]:
    add = "".join(f"{s}; " for s in _change("NEW", "+"))
    take = "".join(f"{s}; " for s in _change("OLD", "-"))
    columns = ", ".join(COUNTED_COLUMNS)

    def function(name: str, body: str) -> str:
        return (
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {body} RETURN NULL; END $$"
        )

    return [
        function(
            "contact_counts",
            f"IF TG_OP <> 'INSERT' AND {live('OLD')} THEN {take}END IF; "
            f"IF TG_OP <> 'DELETE' AND {live('NEW')} THEN {add}END IF;",
        ),
        function(
            "organization_count_keep",
            "IF TG_OP = 'INSERT' THEN INSERT INTO organization_count "
            "(organization_id, people, advocacy) VALUES (NEW.id, 0, 0); "
            "ELSE DELETE FROM organization_count WHERE organization_id = OLD.id; END IF;",
        ),
        function(
            "career_field_count_keep",
            "IF TG_OP = 'INSERT' THEN INSERT INTO career_field_count "
            "(career_field_id, contacts) VALUES (NEW.id, 0); "
            "ELSE DELETE FROM career_field_count WHERE career_field_id = OLD.id; END IF;",
        ),
        "CREATE TRIGGER tr_contact_counts_insert AFTER INSERT ON contact "
        "FOR EACH ROW EXECUTE FUNCTION contact_counts()",
        "CREATE TRIGGER tr_contact_counts_delete AFTER DELETE ON contact "
        "FOR EACH ROW EXECUTE FUNCTION contact_counts()",
        f"CREATE TRIGGER tr_contact_counts_update AFTER UPDATE OF {columns} ON contact "
        "FOR EACH ROW EXECUTE FUNCTION contact_counts()",
        "CREATE TRIGGER tr_organization_count_add AFTER INSERT ON organization "
        "FOR EACH ROW EXECUTE FUNCTION organization_count_keep()",
        "CREATE TRIGGER tr_organization_count_drop AFTER DELETE ON organization "
        "FOR EACH ROW EXECUTE FUNCTION organization_count_keep()",
        "CREATE TRIGGER tr_career_field_count_add AFTER INSERT ON career_field "
        "FOR EACH ROW EXECUTE FUNCTION career_field_count_keep()",
        "CREATE TRIGGER tr_career_field_count_drop AFTER DELETE ON career_field "
        "FOR EACH ROW EXECUTE FUNCTION career_field_count_keep()",
    ]


def install(conn: Any) -> None:
    """Create the triggers that keep the counts (in the caller's transaction)."""
    statements = _postgresql() if conn.dialect.name == "postgresql" else _sqlite()
    for statement in statements:
        conn.exec_driver_sql(statement)


def backfill(conn: Any) -> None:
    """Fill the counts from the tables as they are (the migration; tests' oracle)."""
    conn.exec_driver_sql("DELETE FROM organization_count")
    conn.exec_driver_sql("DELETE FROM career_field_count")
    conn.exec_driver_sql(
        "INSERT INTO organization_count (organization_id, people, advocacy) "
        "SELECT o.id, count(c.id), coalesce(sum(" + advocate("c") + "), 0) "
        "FROM organization o LEFT JOIN contact c "
        "ON c.organization_id = o.id AND " + live("c") + " GROUP BY o.id"
    )
    conn.exec_driver_sql(
        "INSERT INTO career_field_count (career_field_id, contacts) "
        "SELECT f.id, count(c.id) FROM career_field f LEFT JOIN contact c "
        "ON c.career_field_id = f.id AND " + live("c") + " GROUP BY f.id"
    )


def drop_triggers(conn: Any, triggers: dict[str, str]) -> None:
    """Drop these triggers ({name: its table}; PostgreSQL's DROP TRIGGER names both)."""
    postgres = conn.dialect.name == "postgresql"
    for name, table in triggers.items():
        conn.exec_driver_sql(
            f"DROP TRIGGER {name} ON {table}" if postgres else f"DROP TRIGGER {name}"
        )


#: Marks a connection inside `counted_at_the_end` (in its DB-API connection's info).
_COUNTING_AT_THE_END = "infointerview_counted_at_the_end"


@contextmanager
def counted_at_the_end(conn: Any) -> Iterator[None]:
    """Inside: no counting per row. For a bulk write in one transaction (a restore of
    100,000 contacts fired the counters' triggers 300,000 times, ~4 s, and the insights'
    (core/stage_stats.py), which rebuild a contact's rows per move, ~30 s of a 57 s
    import), the triggers of those, their day counts' (core/stage_days.py), the referral
    map's (core/referral_counts.py), the live contacts per stage's
    (core/stage_counts.py) and the board filter's words by stage (core/board_terms.py)
    are dropped, then installed again and everything recounted
    once (`backfill`) before the caller commits. DDL is transactional on both engines: if
    the write fails, its rollback brings the triggers back as they were. (PostgreSQL
    locks the tables against other writers meanwhile, as the restore does.) Nested (an
    import inside the demo's), the outer one does the counting."""
    from . import board_terms, referral_counts, stage_counts, stage_days, stage_stats

    if conn.info.get(_COUNTING_AT_THE_END):
        yield
        return
    kept = (
        (TRIGGER_TABLES, install, backfill),
        (stage_stats.TRIGGER_TABLES, stage_stats.install, stage_stats.backfill),
        (referral_counts.TRIGGER_TABLES, referral_counts.install, referral_counts.backfill),
        (stage_counts.TRIGGER_TABLES, stage_counts.install, stage_counts.backfill),
        # after stage_stats': counts the rows its backfill wrote
        (stage_days.TRIGGER_TABLES, stage_days.install, stage_days.backfill),
        # from the search index: a restore rebuilds it inside, before this ends
        (board_terms.TRIGGER_TABLES, board_terms.install, board_terms.backfill),
    )
    for triggers, _install, _backfill in kept:
        drop_triggers(conn, triggers)
    conn.info[_COUNTING_AT_THE_END] = True
    try:
        yield
    finally:
        conn.info.pop(_COUNTING_AT_THE_END, None)
    for _triggers, install_again, fill in kept:
        install_again(conn)
        fill(conn)
