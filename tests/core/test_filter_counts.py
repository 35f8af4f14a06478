"""The board filter counts each column's matches up to a cap: exact at or below it,
"1,000+" (a MoreThan) beyond, never a wrong number; on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import insert

from infointerview_tui.core import search
from infointerview_tui.core.contact_queries import COUNT_CAP
from infointerview_tui.core.contact_rows import MoreThan, count_text, total_of
from infointerview_tui.core.models import Contact
from infointerview_tui.core.stages import PAGE_SIZE


def _truth(store, typed: str) -> dict[int, int]:
    """Each column's matches, counted by reading every matching card."""
    return {s: len(store.contacts.cards(s, 0, 10_000, typed)) for s in range(1, 6)}


def test_a_column_over_the_cap_says_more_and_one_at_or_under_it_is_exact(demo_store):
    typed = "a"
    truth = _truth(demo_store, typed)
    sizes = sorted(set(truth.values()) - {0})
    assert len(sizes) >= 2, truth  # the demo has columns of different sizes to cap
    cap = sizes[0]  # the smallest column is exactly at the cap: still exact
    for counts in (
        demo_store.contacts.stage_counts(typed, cap=cap),
        demo_store.contacts.filtered(typed, cap=cap)[0],
    ):
        for stage, n in truth.items():
            if n > cap:
                assert isinstance(counts[stage], MoreThan) and counts[stage] == cap
                assert count_text(counts[stage]) == f"{cap:,}+"
            else:
                assert not isinstance(counts[stage], MoreThan) and counts[stage] == n
                assert count_text(counts[stage]) == f"{n:,}"
    # A column over the cap still shows its first cards, in board order.
    counts, pages = demo_store.contacts.filtered(typed, limit=5, cap=cap)
    over = [s for s, n in counts.items() if isinstance(n, MoreThan)]
    assert over
    for stage in over:
        assert pages[stage] == demo_store.contacts.cards(stage, 0, 5, typed)


def test_without_a_filter_the_counts_are_exact_whatever_their_size(demo_store):
    counts = demo_store.contacts.stage_counts()
    assert not any(isinstance(n, MoreThan) for n in counts.values())
    assert sum(counts.values()) == 60


def test_the_default_cap_at_its_edge(store):
    """COUNT_CAP + 1 matches in one column: "1,000+"; COUNT_CAP in another: exact."""
    with store.db.write() as conn:
        now = store.now()
        rows = [
            {
                "name": f"Sam N{i:04d}",
                "stage": stage,
                "position": i,
                "created_at": now,
                "updated_at": now,
            }
            for stage, n in ((2, COUNT_CAP + 1), (3, COUNT_CAP))
            for i in range(n)
        ]
        rows.append(
            {"name": "Kim Other", "stage": 2, "position": 0, "created_at": now, "updated_at": now}
        )
        conn.execute(insert(Contact.__table__), rows)
        search.rebuild(conn)
    counts, pages = store.contacts.filtered("sam")
    assert counts == store.contacts.stage_counts("sam")
    assert isinstance(counts[2], MoreThan) and count_text(counts[2]) == "1,000+"
    assert counts[3] == COUNT_CAP and count_text(counts[3]) == "1,000"
    assert (counts[1], counts[4], counts[5]) == (0, 0, 0)
    assert count_text(total_of(counts)) == "2,000+"
    assert [c.name for c in pages[2]] == [f"Sam N{i:04d}" for i in range(PAGE_SIZE)]
    assert [c.name for c in pages[3]] == [f"Sam N{i:04d}" for i in range(PAGE_SIZE)]
    assert store.contacts.stage_counts() == {1: 0, 2: COUNT_CAP + 2, 3: COUNT_CAP, 4: 0, 5: 0}


def test_how_counts_read():
    assert count_text(7) == "7" and count_text(12_345) == "12,345"
    assert count_text(MoreThan(1000)) == "1,000+"
    assert total_of({1: 3, 2: 4}) == 7 and not isinstance(total_of({1: 3, 2: 4}), MoreThan)
    assert count_text(total_of({1: MoreThan(1000), 2: 200, 3: 0})) == "1,200+"
