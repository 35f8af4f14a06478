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


@pytest.mark.parametrize("way", ["chosen", "longest", "shortest", "walk"])
def test_the_filter_finds_what_its_definition_says(any_store, monkeypatch, way):
    contacts = _fill(any_store, seed=16, contacts=400)
    if way == "longest":  # the matches of the longest word read, the others checked
        monkeypatch.setattr(board_filter, "_driver", lambda conn, words, cap: words[0])
    elif way == "shortest":  # ... of the shortest
        monkeypatch.setattr(board_filter, "_driver", lambda conn, words, cap: words[-1])
    elif way == "walk":  # each column walked in board order
        monkeypatch.setattr(board_filter, "_driver", lambda conn, words, cap: None)
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


def test_the_choice_follows_how_common_the_rarest_word_is(store, monkeypatch):
    """A rare word reads its matches, a common one walks the columns (a small cap: a walk
    stops at 3 matches a column); a multi-word query is driven by its rarest word."""
    _fill(store, seed=3, contacts=400)
    ways: list[str] = []  # which read ran (and its driving word)
    for name in ("sparse_rows", "dense_pages"):
        real = getattr(board_filter, name)

        def spy(*args, _real=real, _name=name):
            ways.append(f"{_name} {args[1][0]}" if _name == "sparse_rows" else _name)
            return _real(*args)

        monkeypatch.setattr(board_filter, name, spy)
    for typed, way in (
        ("s", "dense_pages"),
        ("omer", "sparse_rows omer"),
        ("s omer", "sparse_rows omer"),
        ("omer s", "sparse_rows omer"),
        ("a s", "dense_pages"),
    ):
        ways.clear()
        store.contacts.filtered(typed, cap=2)
        assert ways == [way], typed


@pytest.mark.parametrize("way", ["chosen", "walk"])
def test_typed_one_key_at_a_time_the_filter_finds_the_same(any_store, monkeypatch, way):
    """Each key read right after the one before it, as the board reads them: a word made
    longer is picked from what the shorter one read (only its matches can match), and
    finds exactly what the definition says."""
    contacts = _fill(any_store, seed=29, contacts=400)
    if way == "walk":  # the shorter word walked the columns: nothing kept to pick from
        monkeypatch.setattr(board_filter, "_driver", lambda conn, words, cap: None)
    for query in ("samira", "josé", "straße", "zoe", "100%", "sa p", "ångström"):
        any_store.contacts.filter_closed()
        for n in range(1, len(query) + 1):
            typed = query[:n]
            for cap, limit in ((6, 4), (1000, 40)):
                want_counts, want_pages = _brute(contacts, typed, cap, limit)
                counts, pages = any_store.contacts.filtered(typed, limit=limit, cap=cap)
                assert counts == want_counts, (typed, cap)
                assert {s: [c.id for c in page] for s, page in pages.items()} == want_pages


def test_a_longer_word_reads_no_matches_again_until_something_is_written(
    any_store, db_target, monkeypatch
):
    """ "sam" after "sa" reads no index range (only its pages' cards); after a write (a
    contact added, one moved; in this window or another) it reads again and shows it."""
    from tests.conftest import open_store

    store = any_store
    _fill(store, seed=5, contacts=200)
    reads: list[list[str]] = []
    real = board_filter.sparse_rows

    def spy(conn, words):
        reads.append(words)
        return real(conn, words)

    monkeypatch.setattr(board_filter, "sparse_rows", spy)
    monkeypatch.setattr(board_filter, "_driver", lambda conn, words, cap: words[0])
    store.contacts.filtered("sa")
    store.contacts.filtered("sam")
    assert reads == [["sa"]]  # "sam" picked from "sa"'s matches
    newcomer = store.intents.add_contact("Samwise Gamgee", 2)
    after, pages = store.contacts.filtered("samw")
    assert reads == [["sa"], ["samw"]]  # a write since: read again
    assert after[2] >= 1 and newcomer in [card.id for card in pages[2]]
    store.intents.move_card(newcomer, 2, 4)
    moved, pages = store.contacts.filtered("samwi")
    assert reads[-1] == ["samwi"]
    assert newcomer in [card.id for card in pages[4]]
    assert newcomer not in [card.id for card in pages.get(2, [])]
    other = open_store(db_target)  # another window
    try:
        other.intents.move_card(newcomer, 4, 5)
    finally:
        other.close()
    _, pages = store.contacts.filtered("samwis")
    assert reads[-1] == ["samwis"]
    assert [card.id for card in pages[5]] == [newcomer] and 4 not in pages
    _, again = store.contacts.filtered("samwise")
    assert reads[-1] == ["samwis"] and again == pages  # nothing written: picked
