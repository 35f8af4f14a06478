"""Stages 1 and 2 with more organizations than a page: they read what they show."""

from __future__ import annotations

from infointerview_tui.widgets.line_list import LineList
from tests.conftest import make_app

SIZE = (140, 42)
ORGANIZATIONS = 450  # more than two of the list's pages (200)


def many_organizations(store) -> None:
    intents = store.intents
    field = intents.save_career_field(None, {"name": "Nursing"})
    for n in range(ORGANIZATIONS):
        intents.save_organization(None, {"name": f"Org {n:03}", "career_field": "Nursing"})
    intents.add_contact("Ann", 3, organization="Org 449", how_found="LinkedIn")
    intents.set_lamp(store.catalog.organizations(field)[0]["id"], motivation=3, posting=3)


async def test_stage2_reads_the_ranking_a_page_at_a_time(store):
    many_organizations(store)
    app = make_app(store)
    pages: list[tuple[int, int]] = []
    lamp_list = store.lamp_list

    def recorded(now, offset=0, limit=100):
        pages.append((offset, limit))
        return lamp_list(now, offset, limit)

    store.lamp_list = recorded  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        listing = app.screen.query_one(LineList)
        assert f"LAMP list {ORGANIZATIONS} / 40" in str(
            app.screen.query_one("#lamp-counter").render()
        )
        assert pages == [(0, 200)]  # the first page only, not every organization
        assert listing.total == ORGANIZATIONS
        first = listing.selected_key
        assert store.catalog.organizations(ids=[first])[0]["name"] == "Org 000"  # keyed M3 P3
        await pilot.press("end")
        await pilot.pause()
        # The last of the ranking (M0 P1 A0, by name), read from its own page.
        last = listing.selected_key
        assert store.catalog.organizations(ids=[last])[0]["name"] == "Org 448"
        assert (400, 200) in pages and (200, 200) not in pages
        assert "Org 448" in str(app.screen.query_one("#detail").render())


async def test_stage1_names_a_few_organizations_and_counts_the_rest(store):
    many_organizations(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        await pilot.pause()
        detail = str(app.screen.query_one("#detail").render())
        assert "Org 000" in detail and "Org 011" in detail and "Org 012" not in detail
        assert f"and {ORGANIZATIONS - 12} more (stage 2)" in detail
        row = app.screen.query_one(LineList).row(0)
        assert f"  {ORGANIZATIONS} org · 1 people" in [text for text, _tone in row.parts]
