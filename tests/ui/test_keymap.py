"""[keys] in config.toml: a rebound key works, shows in the footer and help; bad entries
are named at start-up and the default kept."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from infointerview_tui.core.settings import LoadedSettings, Settings
from infointerview_tui.keymap import binding_ids, binding_scopes, check_keymap, own_bindings
from infointerview_tui.screens.board import BoardScreen
from infointerview_tui.screens.interview import InterviewScreen
from infointerview_tui.widgets.key_footer import KeyFooter
from tests.conftest import frozen_clock
from tests.ui.test_interview import SIZE, open_interview

ROOT = Path(__file__).parent.parent.parent


def app_with_keys(store, keys: dict[str, str]):
    from datetime import UTC

    from infointerview_tui.app import InfoInterviewApp

    config = LoadedSettings(Settings(keys=keys), Path("config.toml"))
    return InfoInterviewApp(store, clock=frozen_clock, timezone=UTC, config=config)


def warnings(app) -> list[str]:
    return [n.message for n in app._notifications]


def current_card(app) -> tuple[int, int]:
    board = app.screen
    assert isinstance(board, BoardScreen)
    card = board.current.selected_card
    assert card is not None
    return card.id, board.stage


def stage_of(store, contact_id: int) -> int:
    view = store.contacts.view(contact_id)
    assert view is not None
    return view.values["stage"]


def test_every_binding_has_an_id_and_the_readme_lists_it():
    readme = (ROOT / "README.md").read_text()
    for scope, cls in binding_scopes().items():
        for binding in own_bindings(cls):
            assert binding.id, f"{scope}: {binding.key} -> {binding.action} has no id="
    missing = [i.id for i in binding_ids() if f"`{i.id}`" not in readme]
    assert not missing, f"README's [keys] list lacks {missing}"


async def test_a_rebound_key_moves_the_card_and_the_footer_shows_it(demo_store):
    app = app_with_keys(demo_store, {"board.move_next": "ctrl+l"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(KeyFooter)
        assert "^l Move ▶" in footer.render().plain
        assert "shift+→ Move ▶" not in footer.render().plain
        contact, stage = current_card(app)
        await pilot.press("L")  # the default is replaced, not added to
        await pilot.pause()
        assert stage_of(demo_store, contact) == stage
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert stage_of(demo_store, contact) == stage + 1
        assert not warnings(app)


async def test_help_shows_the_rebound_key(demo_store):
    app = app_with_keys(demo_store, {"board.move_next": "ctrl+l", "go.agenda": "A"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        lines = str(app.screen.query_one("HelpScreen Static", Static).render()).splitlines()
        keys_of = {line[18:].strip(): line[:18].strip() for line in lines if len(line) > 18}
        assert keys_of["Move ▶"] == "^l"
        assert keys_of["Agenda"] == "A"
        assert keys_of["◀ Move"] == "⇧left / H"  # not rebound: the default


async def test_unknown_ids_and_clashes_are_named_and_the_defaults_kept(demo_store):
    keys = {"board.nope": "x", "board.new": "d", "board.undo": "question_mark"}
    app = app_with_keys(demo_store, keys)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        said = "\n".join(warnings(app))
        assert "'board.nope': no such binding id" in said
        assert "'board.new' = 'd' clashes with 'board.archive'" in said
        assert "'board.undo' = '?' clashes with 'app.help'" in said
        footer = app.screen.query_one(KeyFooter).render().plain
        assert " n New" in footer and " d Archive" in footer  # both defaults kept
        await pilot.press("question_mark")  # still help, not undo
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"


def test_a_swap_is_not_a_clash_and_a_typo_is_refused():
    keymap, problems = check_keymap({"board.new": "d", "board.archive": "n"})
    assert keymap == {"board.new": "d", "board.archive": "n"} and not problems
    keymap, problems = check_keymap({"board.new": "ctrl+nn", "board.archive": "hyperr+x"})
    assert keymap == {} and len(problems) == 2
    assert all("is not a key name" in p and "default kept" in p for p in problems)
    keymap, _ = check_keymap({"board.new": "+", "board.filter": "f5, alt+full_stop"})
    assert keymap == {"board.new": "plus", "board.filter": "f5,alt+full_stop"}


async def test_alt_arrows_move_between_questions_beside_ctrl_arrows(app, demo_store):
    async with app.run_test(size=SIZE) as pilot:
        _, screen = await open_interview(pilot, app, demo_store)
        assert isinstance(screen, InterviewScreen)
        first = screen.current
        await pilot.press("alt+down")
        assert screen.current == first + 1
        await pilot.press("alt+up")
        assert screen.current == first
