"""Who referred you to how many people, kept by the database (the referral map's reads).

The map's header (how many people came through a referral, how many chains, the deepest,
widest and largest) and its roots' first page counted and walked every referred contact
on each open (~60 ms of CPU at 100,000 contacts, issue 16). Instead `referral_count`
holds one row per contact who referred at least one live person: `referrals` (how many
live people name them as `referred_by_id`), a copy of their own `referred_by_id` and
liveness (`live`: not archived; NULL when no such contact exists), and whether their
referrer is a live contact (`referrer_live`: false for someone you found yourself, or
whose referrer is archived or gone). The roots who referred someone are then one range
of an index, and the chains' walk reads these rows alone: it costs the people who
referred someone, and only those deeper than a root's people are walked. The same
triggers keep `live_people`, how many contacts are live (the header's first figure).

The rule for what counts lives here, once: a live contact with a referrer counts for its
referrer (`counts`). Triggers on `contact` keep the rows in the statement that changes a
contact's referrer or archived flag, inserts or deletes it (every write path: intents,
imports, restore, sync, merges, a foreign key setting a referrer to NULL), on SQLite and
PostgreSQL alike. `install` writes them (a new database, migration 0018), `backfill` fills
the table from the contacts (the migration, and `counters.counted_at_the_end` after a
bulk write).
"""

from __future__ import annotations

from typing import Any

#: Each trigger and its table (PostgreSQL's DROP TRIGGER names both).
TRIGGER_TABLES = {
    "tr_referral_count_insert": "contact",
    "tr_referral_count_delete": "contact",
    "tr_referral_count_update": "contact",
}
TRIGGERS = tuple(TRIGGER_TABLES)
#: The columns of `contact` the rows depend on: only their changes fire the update.
COLUMNS = ("referred_by_id", "archived")


def counts(row: str) -> str:
    """The contact `row` (NEW, OLD or an alias) counts for its referrer (as SQL)."""
    return f"{row}.referred_by_id IS NOT NULL AND NOT {row}.archived"


def _referrer_live(contact: str) -> str:
    """The contact whose id is `contact` has a live referrer (as SQL; false when none)."""
    return (
        "coalesce((SELECT NOT pp.archived FROM contact p JOIN contact pp "
        f"ON pp.id = p.referred_by_id WHERE p.id = {contact}), false)"
    )


def _add(row: str) -> str:
    """One more person for `row`'s referrer (its row made, with the referrer's own
    referrer and liveness, when it is the first)."""
    referrer = f"{row}.referred_by_id"
    return (
        "INSERT INTO referral_count "
        "(contact_id, referrals, referred_by_id, live, referrer_live) "
        f"SELECT {referrer}, 1, "
        f"(SELECT p.referred_by_id FROM contact p WHERE p.id = {referrer}), "
        f"(SELECT NOT p.archived FROM contact p WHERE p.id = {referrer}), "
        f"{_referrer_live(referrer)} "
        f"WHERE {counts(row)} "
        "ON CONFLICT (contact_id) DO UPDATE SET referrals = referral_count.referrals + 1"
    )


def _take(row: str) -> list[str]:
    """One person fewer for `row`'s referrer (its row gone at none)."""
    return [
        "UPDATE referral_count SET referrals = referrals - 1 "
        f"WHERE contact_id = {row}.referred_by_id AND {counts(row)}",
        f"DELETE FROM referral_count WHERE contact_id = {row}.referred_by_id AND referrals <= 0",
    ]


def _mirror(row: str) -> list[str]:
    """The contact `row`'s referrer and liveness copied into its row, if it has one, and
    its liveness into the rows of the people it referred (their `referrer_live`)."""
    return [
        f"UPDATE referral_count SET referred_by_id = {row}.referred_by_id, "
        f"live = NOT {row}.archived, "
        "referrer_live = coalesce((SELECT NOT p.archived FROM contact p "
        f"WHERE p.id = {row}.referred_by_id), false) "
        f"WHERE contact_id = {row}.id",
        f"UPDATE referral_count SET referrer_live = NOT {row}.archived "
        f"WHERE referred_by_id = {row}.id",
    ]


_GONE = [
    # A deleted referrer: no such contact any more (its people, if a foreign key does not
    # clear their referrer, still count for it, as a recount would have them).
    "UPDATE referral_count SET referred_by_id = NULL, live = NULL, referrer_live = false "
    "WHERE contact_id = OLD.id",
    "DELETE FROM referral_count WHERE contact_id = OLD.id AND referrals <= 0",
    "UPDATE referral_count SET referrer_live = false WHERE referred_by_id = OLD.id",
]


def _people(sign: str, row: str) -> str:
    """`row` (live) joins (+) or leaves (-) the live people."""
    return f"UPDATE live_people SET people = people {sign} 1 WHERE NOT {row}.archived"


#: An update that archives or restores someone: they leave or join the live people.
_PEOPLE_MOVED = (
    "UPDATE live_people SET people = people + CASE WHEN NEW.archived THEN -1 ELSE 1 END "
    "WHERE NEW.archived <> OLD.archived"
)


def _sqlite() -> list[str]:
    columns = ", ".join(COLUMNS)
    return [
        "CREATE TRIGGER tr_referral_count_insert AFTER INSERT ON contact BEGIN "
        + "; ".join([_add("NEW"), *_mirror("NEW"), _people("+", "NEW")])
        + "; END",
        "CREATE TRIGGER tr_referral_count_delete AFTER DELETE ON contact BEGIN "
        + "; ".join([*_take("OLD"), *_GONE, _people("-", "OLD")])
        + "; END",
        f"CREATE TRIGGER tr_referral_count_update AFTER UPDATE OF {columns} ON contact BEGIN "
        + "; ".join([*_take("OLD"), _add("NEW"), *_mirror("NEW"), _PEOPLE_MOVED])
        + "; END",
    ]


def _postgresql() -> list[str]:
    def run(statements: list[str]) -> str:
        return "".join(f"{s}; " for s in statements)

    columns = ", ".join(COLUMNS)
    body = (
        f"IF TG_OP <> 'INSERT' THEN {run(_take('OLD'))}END IF; "
        f"IF TG_OP = 'DELETE' THEN {run([*_GONE, _people('-', 'OLD')])}"
        f"ELSE {run([_add('NEW'), *_mirror('NEW')])}END IF; "
        f"IF TG_OP = 'INSERT' THEN {run([_people('+', 'NEW')])}END IF; "
        f"IF TG_OP = 'UPDATE' THEN {run([_PEOPLE_MOVED])}END IF;"
    )
    return [
        "CREATE OR REPLACE FUNCTION referral_count_keep() RETURNS trigger LANGUAGE plpgsql "
        f"AS $$ BEGIN {body} RETURN NULL; END $$",
        "CREATE TRIGGER tr_referral_count_insert AFTER INSERT ON contact "
        "FOR EACH ROW EXECUTE FUNCTION referral_count_keep()",
        "CREATE TRIGGER tr_referral_count_delete AFTER DELETE ON contact "
        "FOR EACH ROW EXECUTE FUNCTION referral_count_keep()",
        f"CREATE TRIGGER tr_referral_count_update AFTER UPDATE OF {columns} ON contact "
        "FOR EACH ROW EXECUTE FUNCTION referral_count_keep()",
    ]


def install(conn: Any) -> None:
    """Create the triggers that keep the rows (in the caller's transaction; `live_people`
    must have its row: `backfill` first)."""
    statements = _postgresql() if conn.dialect.name == "postgresql" else _sqlite()
    for statement in statements:
        conn.exec_driver_sql(statement)


def backfill(conn: Any) -> None:
    """Fill the rows from the contacts as they are (the migration; tests' oracle)."""
    conn.exec_driver_sql("DELETE FROM live_people")
    conn.exec_driver_sql(
        "INSERT INTO live_people (id, people) SELECT 1, count(*) FROM contact WHERE NOT archived"
    )
    conn.exec_driver_sql("DELETE FROM referral_count")
    conn.exec_driver_sql(
        "INSERT INTO referral_count "
        "(contact_id, referrals, referred_by_id, live, referrer_live) "
        f"SELECT k.referrer, k.n, p.referred_by_id, NOT p.archived, {_referrer_live('k.referrer')} "
        "FROM "
        "(SELECT c.referred_by_id AS referrer, count(*) AS n FROM contact c "
        f"WHERE {counts('c')} GROUP BY c.referred_by_id) k "
        "LEFT JOIN contact p ON p.id = k.referrer"
    )
