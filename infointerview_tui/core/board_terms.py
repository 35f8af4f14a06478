"""`board_term`: each live contact's searchable words with its stage and position, kept by
the database (the board filter's index, issue 16).

The board filter counts, per column, the contacts a typed text matches (exact up to a
cap, "1,000+" beyond). From the search index alone (`search_term`: a word, a kind, a
record) a column's count meant walking the column card by card and probing each for the
word: at 100,000 contacts, "s" walked ~9,000 cards a column to find 1,001 matches, and
"sa" read all of its ~7,000 matches to sort them into columns (~9 ms of SQLite each, a
key). Here each live contact's words — its own (name, title, tags) and its
organization's name — are kept with its stage, keyed (stage, term, contact), and its
position: a column's matches for a word are one index range, so its count reads ~1,001
entries at most, and a page of them is sorted from the entries alone (`board_filter.py`).

Triggers keep it in the statement that writes what it derives from, on SQLite and
PostgreSQL alike: a word indexed or forgotten (`search_term`: a contact's own word, or
its organization's, for every live member), a contact added, deleted, moved, reordered,
archived or restored, or given another organization (its rows again, from its words and
its organization's). A word that a contact has twice (its name and its organization's, or
its name and title) is one row, dropped only when neither has it. `install` writes them
(a new database, migration 0024), `backfill` fills the table from the search index and
the contacts (the migration, and `counters.counted_at_the_end` after a bulk write, whose
search index is rebuilt inside it).

The trade-off: ~10 rows a contact (1.04 million at 100,000 contacts, ~35 MB), a move or
a reorder rewrites the contact's rows (~20 SQLite VM steps a row; renumbering a column,
which an old import's equal positions once need, rewrites all of its rows), and renaming
an organization rewrites its members' rows for its words.
"""

from __future__ import annotations

from typing import Any

#: Each trigger and its table (PostgreSQL's DROP TRIGGER names both).
TRIGGER_TABLES = {
    "tr_board_term_word_add": "search_term",
    "tr_board_term_word_drop": "search_term",
    "tr_board_term_contact_add": "contact",
    "tr_board_term_contact_drop": "contact",
    "tr_board_term_contact_change": "contact",
}
TRIGGERS = tuple(TRIGGER_TABLES)
#: The columns of `contact` its rows depend on: only their changes fire the rewrite.
COLUMNS = ("stage", "archived", "organization_id", "position")

_OWN = "('name', 'info')"  # search.py's CONTACT_KINDS, as SQL
_ORG = "'org'"  # search.py's ORG


def _words_of(contact: str) -> list[str]:
    """Insert the rows of the contact `contact` (NEW, or a table alias with id, stage,
    archived, organization_id): its own words and its organization's, if it is live."""
    return [
        "INSERT INTO board_term (stage, term, contact_id, position) "
        f"SELECT {contact}.stage, s.term, {contact}.id, {contact}.position FROM search_term s "
        f"WHERE s.kind IN {_OWN} AND s.record_id = {contact}.id AND NOT {contact}.archived "
        "ON CONFLICT DO NOTHING",
        "INSERT INTO board_term (stage, term, contact_id, position) "
        f"SELECT {contact}.stage, s.term, {contact}.id, {contact}.position FROM search_term s "
        f"WHERE s.kind = {_ORG} AND s.record_id = {contact}.organization_id "
        f"AND NOT {contact}.archived ON CONFLICT DO NOTHING",
    ]


def _forget(contact: str) -> str:
    return f"DELETE FROM board_term WHERE contact_id = {contact}.id"


def _word_added(row: str) -> list[str]:
    """A word indexed (`row`: the search_term row): for its contact, or for every live
    member of its organization."""
    return [
        "INSERT INTO board_term (stage, term, contact_id, position) "
        f"SELECT c.stage, {row}.term, c.id, c.position FROM contact c "
        f"WHERE {row}.kind IN {_OWN} AND c.id = {row}.record_id AND NOT c.archived "
        "ON CONFLICT DO NOTHING",
        "INSERT INTO board_term (stage, term, contact_id, position) "
        f"SELECT c.stage, {row}.term, c.id, c.position FROM contact c "
        f"WHERE {row}.kind = {_ORG} AND c.organization_id = {row}.record_id "
        "AND NOT c.archived ON CONFLICT DO NOTHING",
    ]


def _still_has(contact_id: str, term: str) -> str:
    """The contact still has the word, its own or its organization's."""
    return (
        f"(EXISTS (SELECT 1 FROM search_term s WHERE s.kind IN {_OWN} "
        f"AND s.term = {term} AND s.record_id = {contact_id}) "
        f"OR EXISTS (SELECT 1 FROM contact c JOIN search_term s ON s.kind = {_ORG} "
        f"AND s.term = {term} AND s.record_id = c.organization_id WHERE c.id = {contact_id}))"
    )


def _word_dropped(row: str) -> list[str]:
    """A word forgotten (`row`: the search_term row, already gone): from its contact, or
    from its organization's members, unless they still have it another way."""
    return [
        f"DELETE FROM board_term WHERE {row}.kind IN {_OWN} "
        f"AND contact_id = {row}.record_id AND term = {row}.term "
        f"AND NOT {_still_has(f'{row}.record_id', f'{row}.term')}",
        f"DELETE FROM board_term WHERE {row}.kind = {_ORG} AND term = {row}.term "
        f"AND contact_id IN (SELECT m.id FROM contact m WHERE m.organization_id = {row}.record_id) "
        f"AND NOT {_still_has('board_term.contact_id', f'{row}.term')}",
    ]


#: An update that moves, reorders, archives or restores someone, or changes their
#: organization.
_CHANGED = (
    "(NEW.stage <> OLD.stage OR NEW.archived <> OLD.archived OR NEW.position <> OLD.position "
    "OR NEW.organization_id IS DISTINCT FROM OLD.organization_id)"
)


def _sqlite() -> list[str]:
    body = "; ".join
    changed = _CHANGED.replace("IS DISTINCT FROM", "IS NOT")
    return [
        "CREATE TRIGGER tr_board_term_word_add AFTER INSERT ON search_term "
        f"BEGIN {body(_word_added('NEW'))}; END",
        "CREATE TRIGGER tr_board_term_word_drop AFTER DELETE ON search_term "
        f"BEGIN {body(_word_dropped('OLD'))}; END",
        "CREATE TRIGGER tr_board_term_contact_add AFTER INSERT ON contact "
        f"BEGIN {body(_words_of('NEW'))}; END",
        "CREATE TRIGGER tr_board_term_contact_drop AFTER DELETE ON contact "
        f"BEGIN {_forget('OLD')}; END",
        f"CREATE TRIGGER tr_board_term_contact_change AFTER UPDATE OF {', '.join(COLUMNS)} "
        f"ON contact WHEN {changed} BEGIN {_forget('OLD')}; {body(_words_of('NEW'))}; END",
    ]


def _postgresql() -> list[str]:
    def function(name: str, statements: list[str]) -> str:
        body = " ".join(f"{s};" for s in statements)
        return (
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql "
            f"AS $$ BEGIN {body} RETURN NULL; END $$"
        )

    row = "FOR EACH ROW EXECUTE FUNCTION"
    return [
        function("board_term_word_add", _word_added("NEW")),
        function("board_term_word_drop", _word_dropped("OLD")),
        function("board_term_contact_add", _words_of("NEW")),
        function("board_term_contact_drop", [_forget("OLD")]),
        function("board_term_contact_change", [_forget("OLD"), *_words_of("NEW")]),
        f"CREATE TRIGGER tr_board_term_word_add AFTER INSERT ON search_term {row} "
        "board_term_word_add()",
        f"CREATE TRIGGER tr_board_term_word_drop AFTER DELETE ON search_term {row} "
        "board_term_word_drop()",
        f"CREATE TRIGGER tr_board_term_contact_add AFTER INSERT ON contact {row} "
        "board_term_contact_add()",
        f"CREATE TRIGGER tr_board_term_contact_drop AFTER DELETE ON contact {row} "
        "board_term_contact_drop()",
        f"CREATE TRIGGER tr_board_term_contact_change AFTER UPDATE OF {', '.join(COLUMNS)} "
        f"ON contact FOR EACH ROW WHEN {_CHANGED} EXECUTE FUNCTION board_term_contact_change()",
    ]


def install(conn: Any) -> None:
    """Create the triggers that keep the table (in the caller's transaction)."""
    statements = _postgresql() if conn.dialect.name == "postgresql" else _sqlite()
    for statement in statements:
        conn.exec_driver_sql(statement)


def backfill(conn: Any) -> None:
    """Fill the table from the search index and the contacts as they are (the migration,
    a bulk write's end; tests' oracle): two statements, whatever the size."""
    conn.exec_driver_sql("DELETE FROM board_term")
    conn.exec_driver_sql(
        "INSERT INTO board_term (stage, term, contact_id, position) "
        "SELECT c.stage, s.term, c.id, c.position FROM search_term s "
        "JOIN contact c ON c.id = s.record_id "
        f"WHERE s.kind IN {_OWN} AND NOT c.archived ON CONFLICT DO NOTHING"
    )
    conn.exec_driver_sql(
        "INSERT INTO board_term (stage, term, contact_id, position) "
        "SELECT c.stage, s.term, c.id, c.position FROM search_term s "
        "JOIN contact c ON c.organization_id = s.record_id "
        f"WHERE s.kind = {_ORG} AND NOT c.archived ON CONFLICT DO NOTHING"
    )
