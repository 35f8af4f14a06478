"""80x24 beyond the board: `?` help keeps each description in its column, and a
contact's screen shows every field's value and its side's titles whole (issue 11)."""

from __future__ import annotations

from rich.cells import cell_len
from textual.widgets import Input, Label, Static

from infointerview_tui.screens.contact import ContactScreen
from infointerview_tui.screens.contact_form import FIELDS
from infointerview_tui.screens.help import KEY_CELLS, HelpScreen
from tests.conftest import make_app

SMALL = (80, 24)
KEYS = 2 + KEY_CELLS  # the indent and the keys' column


async def open_help(app, pilot, *keys: str) -> list[str]:
    await pilot.press(*keys, "question_mark")
    await pilot.pause()
    await pilot.pause()
    assert isinstance(app.screen, HelpScreen)
    text = app.screen.query_one("HelpScreen Static", Static)
    lines = str(text.render()).splitlines()
    assert all(cell_len(line) <= text.content_region.width for line in lines)
    return lines


async def test_help_at_80x24_wraps_a_long_description_under_itself(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SMALL) as pilot:
        lines = await open_help(app, pilot)
        at = next(i for i, line in enumerate(lines) if line.lstrip().startswith("^p "))
        assert "Command palette" in lines[at]
        follow = lines[at + 1]  # the rest of the description, in its column
        assert follow[:KEYS].strip() == "" and follow[KEYS:].strip().endswith("themes")
        box = app.screen.query_one("HelpScreen VerticalScroll")
        assert "esc" in str(box.border_subtitle)  # how to leave it, always in view
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_help_at_80x24_hangs_a_stage_bullet_under_its_text(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SMALL) as pilot:
        lines = await open_help(app, pilot, "3")
        at = next(i for i, line in enumerate(lines) if "Propose a specific" in line)
        assert lines[at].startswith("• ") and lines[at + 1].startswith("  ")
        assert lines[at + 1].strip() and not lines[at + 1].lstrip().startswith("•")


async def test_a_contact_at_80x24_shows_every_value_and_the_side_whole(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("l", "l", "l", "l", "enter")  # a follow-up contact, with history
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ContactScreen) and screen.has_class("-narrow")
        shown = 0
        for key, label in FIELDS:
            field = screen.query_one(f"#f-{key}", Input)
            value = field.value
            assert cell_len(value) <= field.content_region.width, (key, value)
            name = field.parent.query_one(Label)
            assert str(name.render()) == label  # the whole label, not cut
            assert name.region.width >= cell_len(label)
            shown += bool(value)
        assert shown >= 8  # the demo contact has most fields filled in
        side = screen.query_one("#side")
        for title in side.query(".side-title"):
            assert title.region.right <= side.content_region.right
            wrapped = title.region.width * title.region.height
            assert wrapped >= cell_len(str(title.render())), str(title.render())
        history = screen.query_one("#history", Static)
        lines = str(history.render()).splitlines()
        dated = [line for line in lines if line.startswith("  ") and "Sep" in line]
        assert dated and all(cell_len(line) <= history.content_region.width for line in dated)
        at = next(i for i, line in enumerate(lines) if line.startswith("    thank-you: "))
        assert "Thank them" in lines[at] and lines[at - 1].startswith("  · ")  # date above


async def test_a_contact_at_140x42_keeps_labels_beside_their_values(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=(140, 42)) as pilot:
        await pilot.press("l", "l", "l", "l", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ContactScreen) and not screen.has_class("-narrow")
        field = screen.query_one("#f-name", Input)
        label = field.parent.query_one(Label)
        assert label.region.y == field.region.y and label.region.right <= field.region.x


async def test_the_question_bank_at_80x24_wraps_a_question_under_itself(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("q")
        await pilot.pause()
        await pilot.pause()
        listing = app.screen.query_one("#bank")
        prompts = [str(o.prompt) for o in listing.options if o.id]
        wrapped = [p.splitlines() for p in prompts if "\n" in p]
        assert wrapped  # at 80 columns some questions take two lines
        for lines in wrapped:
            column = 10  # " ★ " "[I] " "In ": where the question's text starts
            assert lines[0][column] != " "
            assert all(len(line) - len(line.lstrip()) == column for line in lines[1:])
            assert all(cell_len(line) <= listing.content_region.width - 2 for line in lines)
        await pilot.resize_terminal(140, 42)
        await pilot.pause()
        await pilot.pause()
        assert all("\n" not in str(o.prompt) for o in listing.options if o.id)
