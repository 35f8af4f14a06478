"""The board filter against its definition, read the slow way: a live contact matches
when every typed word starts a word of its name, title, tags or organization's name (in
any case, with or without accents); a column counts its matches exactly up to the cap
("1,000+" beyond) and shows its first cards in board order. Random names with accents,
ties in position, archived contacts, one- and multi-word queries; whichever way the
filter reads (the rare word's matches, or each column walked), on SQLite and PostgreSQL.
"""

from __future__ import annotations

import random

import pytest
from sqlalchemy import insert

from infointerview_tui.core import board_filter, search
from infointerview_tui.core.contact_rows import MoreThan
from infointerview_tui.core.models import Contact, Organization

FIRST = ["Sami", "Samira", "Sámuel", "Sasha", "Saša", "José", "Jos", "Zoë", "Ömer", "Anna"]
LAST = ["Salo", "Smith", "Ångström", "Straße", "STRASSE", "Pärt", "Park", "O'Neil", "Zyl"]
TITLES = ["", "Sales lead", "Nurse", "Søren's aide", "Data analyst", "Project manager"]
TAGS = ["", "alumni", "sa-2024", "referral", "100%"]
ORGS = ["Samsung", "Park Hospital", "Straßenbahn AG", "Zyx Labs", "Acme"]
QUERIES = [
    "s", "S", "sa", "sam", "sami", "SÁM", "samu", "jose", "josé", "jos", "zo", "zoe",
    "strasse", "straße", "ang", "a", "p", "park", "100", "-", "qqq", "zyx",
    "sa p", "sam pa", "s s", "jos an", "a s z", "sales sa", "zyx s",
]  # fmt: skip


def _fill(store, seed: int, contacts: int) -> list[dict]:
    """Random contacts (some archived, some at an organization, ties in position)."""
    rnd = random.Random(seed)
    now = store.now()
    with store.db.write() as conn:
        org_ids = [
            conn.execute(
                insert(Organization).values(name=name, created_at=now).returning(Organization.id)
            ).scalar_one()
            for name in ORGS
        ]
        rows = [
            {
                "name": f"{rnd.choice(FIRST)} {rnd.choice(LAST)}",
                "title": rnd.choice(TITLES),
                "tags": rnd.choice(TAGS),
                "organization_id": rnd.choice([None, None, *org_ids]),
                "stage": rnd.choice([1, 2, 3, 3, 3, 4, 5]),
                "position": rnd.randrange(contacts // 3),
                "archived": rnd.random() < 0.1,
                "created_at": now,
                "updated_at": now,
            }
            for _ in range(contacts)
        ]
        conn.execute(insert(Contact), rows)
        search.rebuild(conn)
        listed = conn.exec_driver_sql(
            "SELECT c.id, c.name, c.title, c.tags, coalesce(o.name, ''), c.stage, c.position,"
            " c.archived FROM contact c LEFT JOIN organization o ON o.id = c.organization_id"
        ).all()
    return [
        {
            "id": r[0],
            "words": search.terms(r[1]) | search.terms(f"{r[2]} {r[3]}") | search.terms(r[4]),
            "stage": r[5],
            "place": (r[6], r[0]),
            "archived": bool(r[7]),
        }
        for r in listed
    ]


def _brute(contacts: list[dict], typed: str, cap: int, limit: int):
    """Counts and first pages (ids) by the definition, every contact read."""
    words = search.query_words(typed)
    counts, pages = {}, {}
    for stage in range(1, 6):
        found = sorted(
            c["place"]
            for c in contacts
            if c["stage"] == stage
            and not c["archived"]
            and words
            and all(any(term.startswith(w) for term in c["words"]) for w in words)
        )
        counts[stage] = MoreThan(cap) if len(found) > cap else len(found)
        if found:
            pages[stage] = [contact_id for _, contact_id in found[:limit]]
    return counts, pages


def _always(monkeypatch, way: str) -> None:
    """Every column's first page read one way: from its matches (sorted into board
    order), or by walking the column; "chosen": as the count says."""
    if way == "matches":
        monkeypatch.setattr(board_filter, "_walked_page", board_filter._matches_page)
    elif way == "walk":
        monkeypatch.setattr(board_filter, "_matches_page", board_filter._walked_page)


@pytest.mark.parametrize("way", ["chosen", "matches", "walk"])
def test_the_filter_finds_what_its_definition_says(any_store, monkeypatch, way):
    contacts = _fill(any_store, seed=16, contacts=400)
    _always(monkeypatch, way)
    capped = 0
    for typed in QUERIES:
        for cap, limit in ((6, 4), (1000, 40), (2, 5)):
            want_counts, want_pages = _brute(contacts, typed, cap, limit)
            counts, pages = any_store.contacts.filtered(typed, limit=limit, cap=cap)
            assert counts == want_counts, (typed, cap)
            assert any_store.contacts.stage_counts(typed, cap=cap) == want_counts, (typed, cap)
            assert {s: [card.id for card in page] for s, page in pages.items()} == want_pages, (
                typed,
                cap,
                limit,
            )
            capped += sum(isinstance(n, MoreThan) for n in counts.values())
    assert capped > 20  # the caps were reached, and not only by one key


def test_a_column_over_the_cap_is_walked_one_within_it_reads_its_matches(store, monkeypatch):
    """A column's count reads at most cap + 1 of its matches; its page then comes from
    the column walked in board order when they are more than the cap (many: a short
    walk), else from the matches themselves (few)."""
    _fill(store, seed=3, contacts=400)
    ways: list[str] = []
    for name in ("_matches_page", "_walked_page"):
        real = getattr(board_filter, name)

        def spy(n, _real=real, _name=name):
            ways.append(_name)
            return _real(n)

        monkeypatch.setattr(board_filter, name, spy)
    for typed, cap in (("s", 2), ("omer", 2), ("s omer", 2), ("a s", 2), ("s", 10_000)):
        ways.clear()
        counts, _pages = store.contacts.filtered(typed, cap=cap)
        want = ["_walked_page" if isinstance(n, MoreThan) else "_matches_page"
                for n in counts.values() if n]  # fmt: skip
        assert ways == want and ways, typed


def test_typed_one_key_at_a_time_the_filter_finds_the_same(any_store):
    """Each key read right after the one before it, as the board reads them, finds
    exactly what the definition says."""
    contacts = _fill(any_store, seed=29, contacts=400)
    for query in ("samira", "josé", "straße", "zoe", "100%", "sa p", "ångström"):
        for n in range(1, len(query) + 1):
            typed = query[:n]
            for cap, limit in ((6, 4), (1000, 40)):
                want_counts, want_pages = _brute(contacts, typed, cap, limit)
                counts, pages = any_store.contacts.filtered(typed, limit=limit, cap=cap)
                assert counts == want_counts, (typed, cap)
                assert {s: [c.id for c in page] for s, page in pages.items()} == want_pages


def test_what_was_written_shows_at_the_next_key(any_store, db_target):
    """A contact added, moved here, moved in another window: the next key finds it where
    it is now (the index of words by stage is written with the contact)."""
    from tests.conftest import open_store

    store = any_store
    _fill(store, seed=5, contacts=200)
    store.contacts.filtered("sa")
    newcomer = store.intents.add_contact("Samwise Gamgee", 2)
    after, pages = store.contacts.filtered("samw")
    assert after[2] >= 1 and newcomer in [card.id for card in pages[2]]
    store.intents.move_card(newcomer, 2, 4)
    moved, pages = store.contacts.filtered("samwi")
    assert newcomer in [card.id for card in pages[4]]
    assert newcomer not in [card.id for card in pages.get(2, [])]
    other = open_store(db_target)  # another window
    try:
        other.intents.move_card(newcomer, 4, 5)
    finally:
        other.close()
    _, pages = store.contacts.filtered("samwis")
    assert [card.id for card in pages[5]] == [newcomer] and 4 not in pages
    _, again = store.contacts.filtered("samwise")
    assert again == pages


def test_the_rarest_word_of_a_column_drives_its_read(store):
    """Of "ma sa", the word with fewer entries in the column is read first (each of its
    contacts probed for the other): per column, whatever order it was typed in."""
    for i in range(12):
        store.intents.add_contact(f"Mark Manning {i}", 2)
    store.intents.add_contact("Sam Mann", 2)
    store.intents.add_contact("Sasha Salo", 3)
    store.intents.add_contact("Max Madsen", 3)
    store.intents.add_contact("Mary Mayer", 3)
    with store.db.read() as conn:
        assert board_filter._rarest_first(conn, ["ma", "sa"], 2) == ["sa", "ma"]
        assert board_filter._rarest_first(conn, ["sa", "ma"], 2) == ["sa", "ma"]
        assert board_filter._rarest_first(conn, ["ma", "sa"], 3) == ["sa", "ma"]
        assert board_filter._rarest_first(conn, ["sam"], 2) == ["sam"]
    counts, pages = store.contacts.filtered("ma sa")
    assert counts[2] == 1 and counts[3] == 0 and [c.name for c in pages[2]] == ["Sam Mann"]
