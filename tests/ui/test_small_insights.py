"""The insights screen at 80x24: one column that scrolls from the keyboard, every panel
whole and every table line within the width (issue 11: "every screen is usable at 80x24")."""

from __future__ import annotations

from rich.cells import cell_len
from textual.widgets import Static

from infointerview_tui.screens.contact import ContactScreen
from tests.conftest import make_app
from tests.ui.test_insights import settle

SMALL = (80, 24)
TABLES = ("#funnel", "#outreach", "#air")  # lines that must not wrap (the prose may)


def lines_fit(widget: Static) -> bool:
    """Each line of the panel's text fits its width: no table row wraps."""
    width = widget.content_region.width
    return all(cell_len(line) <= width for line in str(widget.render()).splitlines())


async def open_insights(app, pilot):
    await pilot.press("g")
    await settle(app, pilot)
    return app.screen


async def test_insights_at_80x24_is_one_column_that_scrolls_from_the_keyboard(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_insights(app, pilot)
        body = screen.query_one("#insights-body")
        assert app.focused is body and body.scroll_y == 0
        panels = [
            screen.query_one(s) for s in (*TABLES, "#references", "#weekly", "#stages", "#stuck")
        ]
        # One column: every panel starts at the same x, and takes the width of the page.
        assert len({p.region.x for p in panels}) == 1
        assert all(p.region.width >= 70 for p in panels)
        funnel, outreach = screen.query_one("#funnel"), screen.query_one("#outreach")
        assert outreach.region.y > funnel.region.bottom  # stacked, not side by side
        for selector in TABLES:  # nothing cut: the whole text, at its own height
            widget = screen.query_one(selector, Static)
            assert lines_fit(widget), selector
            assert widget.region.height == len(str(widget.render()).splitlines()), selector
        assert "5 Follow-up" in str(funnel.render())
        assert "all messages" in str(outreach.render())
        await pilot.press("pagedown")
        await pilot.pause()
        assert body.scroll_y > 0
        await pilot.press("end")
        await pilot.pause()
        references = screen.query_one("#references")
        assert body.scroll_y == body.max_scroll_y > 0
        assert references.region.bottom <= body.content_region.bottom  # the last line shows
        await pilot.press("home")
        await pilot.pause()
        assert body.scroll_y == 0
        await pilot.press("down")
        await pilot.pause()
        assert body.scroll_y == 1


async def test_tab_reaches_the_people_waiting_longest_and_enter_opens_one(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_insights(app, pilot)
        stuck = screen.query_one("#stuck")
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is stuck
        body = screen.query_one("#insights-body")
        assert stuck.region.y >= body.region.y and stuck.region.bottom <= body.region.bottom
        key = stuck.selected_key
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ContactScreen) and app.screen.contact_id == key


async def test_insights_between_sizes_shortens_the_outreach_headings(demo_store):
    """At 120 columns the panels are side by side and narrower than the full table:
    shorter headings, rows within the panel, the split's key spelt out."""
    app = make_app(demo_store)
    async with app.run_test(size=(120, 34)) as pilot:
        screen = await open_insights(app, pilot)
        assert not screen.has_class("-narrow")
        funnel, outreach = screen.query_one("#funnel"), screen.query_one("#outreach")
        assert outreach.region.x > funnel.region.right  # two columns
        text = str(outreach.render())
        assert "b/o/c/e" in text and "boost/oblig" not in text and "boosters" in text
        assert lines_fit(outreach) and lines_fit(funnel)
        await pilot.resize_terminal(*SMALL)
        await pilot.pause()
        await pilot.pause()
        assert screen.has_class("-narrow")
        assert "boost/oblig/curm/early" in str(outreach.render())  # room for the full table
        assert lines_fit(outreach) and lines_fit(funnel)


async def test_insights_at_140x42_keeps_two_columns_and_the_list_focused(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=(140, 42)) as pilot:
        screen = await open_insights(app, pilot)
        assert not screen.has_class("-narrow")
        assert app.focused is screen.query_one("#stuck")
        assert not screen.query_one("#insights-body").can_focus  # no extra tab stop
        funnel, outreach = screen.query_one("#funnel"), screen.query_one("#outreach")
        assert outreach.region.x > funnel.region.right and outreach.region.y == funnel.region.y
        assert "boost/oblig/curm/early" in str(outreach.render())
