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
    for name in ("sparse_pages", "dense_pages"):
        real = getattr(board_filter, name)

        def spy(*args, _real=real, _name=name):
            ways.append(f"{_name} {args[1][0]}" if _name == "sparse_pages" else _name)
            return _real(*args)

        monkeypatch.setattr(board_filter, name, spy)
    for typed, way in (
        ("s", "dense_pages"),
        ("omer", "sparse_pages omer"),
        ("s omer", "sparse_pages omer"),
        ("omer s", "sparse_pages omer"),
        ("a s", "dense_pages"),
    ):
        ways.clear()
        store.contacts.filtered(typed, cap=2)
        assert ways == [way], typed
