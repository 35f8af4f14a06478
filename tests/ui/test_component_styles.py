"""The card columns' and line lists' component styles (widgets/component_styles.py):
resolved again when the theme changes, not rebuilt (as cyclic garbage for the next full
collection) each time a screen is shown again (issue 16)."""

from __future__ import annotations

from tests.conftest import make_app


async def test_returning_to_the_board_keeps_the_columns_component_styles(demo_store):
    from infointerview_tui.widgets.card_column import CardColumn

    app = make_app(demo_store)
    async with app.run_test(size=(140, 42)) as pilot:
        await pilot.pause()
        for key in ("1", "b", "q", "b"):  # first visits: Textual parses its CSS again
            await pilot.press(key)
            await pilot.pause()
        columns = list(app.screen.query(CardColumn))
        before = [dict(column._component_styles) for column in columns]
        for key in ("1", "b", "a", "b"):
            await pilot.press(key)
            await pilot.pause()
        after = [dict(column._component_styles) for column in columns]
        rebuilt = [
            name
            for kept, now in zip(before, after, strict=True)
            for name, styles in kept.items()
            if now[name] is not styles
        ]
        assert rebuilt == [], "a return to the board rebuilt the columns' component styles"


async def test_a_theme_change_recolours_the_cards(demo_store):
    from infointerview_tui.widgets.card_column import CardColumn
    from infointerview_tui.widgets.line_list import LineList

    app = make_app(demo_store)
    async with app.run_test(size=(140, 42)) as pilot:
        await pilot.pause()
        column = app.screen.query(CardColumn).first()
        dark = column.get_component_rich_style("card-column--name").color
        app.theme = "textual-light"
        await pilot.pause()
        await pilot.pause()
        light = column.get_component_rich_style("card-column--name").color
        assert light != dark
        await pilot.press("1")
        await pilot.pause()
        rows = app.screen.query(LineList).first()
        light_heading = rows.get_component_rich_style("line-list--heading").color
        app.theme = "textual-dark"
        await pilot.pause()
        await pilot.pause()
        assert rows.get_component_rich_style("line-list--heading").color != light_heading
