"""The repositories and intents give the same answers on PostgreSQL as on SQLite.

Needs the private PostgreSQL server of tests/pgserver.py (the `pg_url` fixture); where
that is not part of the checkout yet, the test is skipped.
"""

from __future__ import annotations

import importlib.util

import pytest

from tests.conftest import frozen_clock, open_store

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("tests.pgserver") is None,
    reason="tests/pgserver.py (the private PostgreSQL server) is not in this checkout",
)


def _everything(store) -> dict[str, object]:
    """What the screens read, from every repository."""
    cards = {s: store.contacts.cards(s, 0, 100) for s in range(1, 6)}
    some = [c.id for s in (3, 4, 5) for c in cards[s][:3]]
    return {
        "counts": store.contacts.stage_counts(),
        "filtered": store.contacts.stage_counts("HOSP"),
        "filtered cards": store.contacts.cards(3, 0, 100, "hosp"),
        "cards": cards,
        "people": store.contacts.people(),
        "search": store.contacts.search("a"),
        "views": [store.contacts.view(i) for i in some],
        "history": [store.contacts.history(i) for i in some],
        "drafts": [store.contacts.draft_context(i) for i in some],
        "fields": store.catalog.career_fields(),
        "organizations": store.catalog.organizations(),
        "agenda": store.follow_ups.agenda(),
        "follow-up rows": store.follow_ups.rows(),
        "last touch": [store.follow_ups.last_touch(i) for i in some],
        "interview rows": store.interviews.rows(),
        "interviews": [
            store.interviews.state(r.interview_id)
            for r in store.interviews.rows()
            if r.interview_id is not None
        ],
        "people, the end read backwards": store.contacts.people(20, 200),
        "interview rows, a page": store.interviews.rows(5, 7),
        "agenda counts": store.follow_ups.agenda_counts(frozen_clock()),
        "agenda groups": [
            store.follow_ups.agenda_group(group, frozen_clock(), 0, 100, reverse)
            for group in ("Overdue", "Today", "This week", "Later")
            for reverse in (False, True)
        ],
        "lamp": store.lamp_list(frozen_clock()),
        "bank": store.questions.bank(),
        "bank search": store.questions.bank(search="ADVICE"),
    }


def _drive(store) -> None:
    """A few writes of each kind on top of the demo."""
    from infointerview_tui.core.demo import write_demo

    write_demo(store, 60, seed=7)
    intents = store.intents
    for card in store.contacts.cards(2)[:3]:
        intents.move_card(card.id, 2, 3)
    first = store.contacts.cards(3)[0]
    intents.reorder_card(first.id, 3, +1)
    intents.archive(store.contacts.cards(1)[0].id)
    question = store.questions.bank()[0]
    intents.move_question(question.id, +1)
    intents.toggle_favourite(question.id)
    item = next(a for a in store.follow_ups.agenda() if a.source == "follow_up")
    intents.snooze_follow_up(item.id, 2)


def test_the_demo_reads_back_identically_on_both_engines(db_path, pg_ready_url):
    from infointerview_tui.core.dburl import parse_target
    from infointerview_tui.core.store import Store

    store = Store(db_path, clock=frozen_clock)
    server = open_store(parse_target(pg_ready_url))
    try:
        assert len(server.questions.bank()) == len(store.questions.bank())
        _drive(store)
        _drive(server)
        # Every id too: SQLite's follow-up ids are never reused (r0011), like PostgreSQL's.
        on_sqlite = _everything(store)
        on_postgres = _everything(server)
        for key, value in on_sqlite.items():
            assert on_postgres[key] == value, key
        assert on_sqlite["counts"] != {1: 0, 2: 0, 3: 0, 4: 0, 5: 0}
    finally:
        server.close()
        store.close()
