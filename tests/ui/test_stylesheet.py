"""The app's stylesheet (infointerview_tui/stylesheet.py): going back to a screen
rebuilds no component-class node and re-parses no CSS (each rebuild was cyclic garbage
for the full collection, issue 16), and a theme change still re-parses and restyles
everything, component classes included."""

from __future__ import annotations

from tests.conftest import make_app


async def visit(pilot, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def test_revisiting_screens_rebuilds_no_component_node_and_parses_no_rule(demo_store):
    from infointerview_tui.widgets.card_column import CardColumn

    app = make_app(demo_store)
    async with app.run_test(size=(140, 42)) as pilot:
        await pilot.pause()
        column = app.screen.query(CardColumn).first()
        nodes = {name: styles.node for name, styles in column._component_styles.items()}
        assert len(nodes) == len(CardColumn.COMPONENT_CLASSES)
        await visit(pilot, "3", "b", "q", "b")  # first visits: new widget classes' CSS
        rules = list(app.stylesheet.rules)
        await visit(pilot, "3", "b", "q", "b", "3", "b")
        assert app.screen.query(CardColumn).first() is column
        again = {name: styles.node for name, styles in column._component_styles.items()}
        assert all(again[name] is node for name, node in nodes.items()), "restyled in place"
        kept = {id(rule) for rule in app.stylesheet.rules}
        assert all(id(rule) in kept for rule in rules), "no rule parsed again"


async def test_a_theme_change_still_parses_and_restyles_everything(demo_store):
    from infointerview_tui.widgets.card_column import CardColumn

    app = make_app(demo_store)
    async with app.run_test(size=(140, 42)) as pilot:
        await pilot.pause()
        await visit(pilot, "3", "b")
        column = app.screen.query(CardColumn).first()
        dark = column.get_component_rich_style("card-column--due")
        rules = {id(rule) for rule in app.stylesheet.rules}
        app.theme = "textual-light"
        await pilot.pause()
        await pilot.pause()
        light = column.get_component_rich_style("card-column--due")
        assert light.color != dark.color
        assert light.color == column.get_component_styles("card-column--due").color.rich_color
        assert not rules & {id(rule) for rule in app.stylesheet.rules}, "parsed again"
        await visit(pilot, "3", "b")  # a screen restyled after the change
        assert column.get_component_rich_style("card-column--due") == light
        assert not any(id(rule) in rules for rule in app.stylesheet.rules)
