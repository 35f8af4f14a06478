"""The app shell: every mode opens from its key, with its title, focus on its main list."""

from __future__ import annotations

import pytest
from textual.widgets import Input, TextArea

from infointerview_tui.core.stages import STAGES
from tests.conftest import make_app

SIZE = (140, 42)


def screen_text(app) -> str:
    """Everything the screen shows, as plain text."""
    from textual.widgets import Static

    parts = []
    for widget in app.screen.query("*"):
        if isinstance(widget, Static):
            parts.append(str(widget.render()))
    return "\n".join(parts)


@pytest.mark.parametrize("stage", STAGES, ids=lambda s: f"stage{s.number}")
async def test_stage_keys_open_their_screens(app, stage):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(str(stage.number))
        await pilot.pause()
        assert app.current_mode == f"stage{stage.number}"
        text = screen_text(app)
        assert stage.name in text
        assert stage.guidance[0] in text
        assert not isinstance(app.focused, (Input, TextArea))


@pytest.mark.parametrize(("key", "mode"), [("q", "questions"), ("a", "agenda"), ("b", "board")])
async def test_other_modes(app, key, mode):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", key)
        await pilot.pause()
        assert app.current_mode == mode
        assert not isinstance(app.focused, (Input, TextArea))


async def test_header_names_the_database(app, demo_store):
    async with app.run_test(size=SIZE):
        assert app.sub_title == demo_store.path.name
        assert app.title == "infointerview"


async def test_help_lists_the_keys_and_closes(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app)
        assert "Move" in text and "Agenda" in text and "Command palette" in text
        await pilot.press("escape")
        assert app.current_mode == "board" and app.screen.__class__.__name__ == "BoardScreen"


async def test_ctrl_q_quits(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


async def test_command_palette_jumps_to_a_contact(app, demo_store):
    async with app.run_test(size=SIZE) as pilot:
        name = demo_store.contacts.cards(3)[0].name
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*name)
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "ContactScreen"
        assert name in screen_text(app)


async def test_empty_database_opens(store):
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()

        def drawn(column: str) -> str:
            widget = app.screen.query_one(column)
            return "".join(
                str(line.text) for line in widget.render_lines(widget.region.reset_offset)
            )

        # The first column says where a newcomer starts; the others how to add someone.
        assert "start here: press 1" in drawn("#cards-1")
        assert "empty · n adds a contact" in drawn("#cards-2")


async def test_palette_import_and_export(app, demo_store, tmp_path):
    from pathlib import Path

    fixture = Path(__file__).parent.parent / "fixtures" / "linkedin" / "Connections.csv"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"Import LinkedIn")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*str(fixture), "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert demo_store.query("SELECT 1 FROM contact WHERE name = 'Grace Hopper'")
        assert app.screen.query_one("#cards-3").total == demo_store.contacts.stage_counts()[3]
        app.ask_export("ics")
        await pilot.pause()
        box = app.screen.query_one("#f-path")
        box.value = str(tmp_path / "plan.ics")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        assert (tmp_path / "plan.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")


async def test_theme_choice_is_remembered(demo_store, tmp_path):
    from infointerview_tui.app import InfoInterviewApp

    settings = tmp_path / "config" / "settings.json"
    app = InfoInterviewApp(demo_store, settings=settings)
    async with app.run_test(size=SIZE) as pilot:
        app.theme = "textual-light"
        await pilot.pause()
    assert '"theme": "textual-light"' in settings.read_text()
    again = InfoInterviewApp(demo_store, settings=settings)
    async with again.run_test(size=SIZE):
        assert again.theme == "textual-light"
    settings.write_text("{not json")
    broken = InfoInterviewApp(demo_store, settings=settings)  # a bad file is not fatal
    async with broken.run_test(size=SIZE):
        assert broken.theme == "textual-dark"


async def test_palette_searches_off_the_event_loop_one_read_at_a_time(app, demo_store, monkeypatch):
    """Each key searches at once (no pause to wait for: its results came ~125 ms after
    it, now ~30), in a thread, and never two reads at once however fast the typing."""
    import threading
    import time

    searched: list[str] = []
    running: list[int] = [0, 0]  # now, most at once
    original = demo_store.contacts.search

    def search(text: str, limit: int = 20):
        if threading.current_thread() is threading.main_thread():
            raise AssertionError("the palette searched on the event loop")
        running[0] += 1
        running[1] = max(running)
        try:
            time.sleep(0.15)  # a slow disk: keys come faster than reads end
            searched.append(text)
            return original(text, limit)
        finally:
            running[0] -= 1

    monkeypatch.setattr(demo_store.contacts, "search", search)
    async with app.run_test(size=SIZE) as pilot:
        name = demo_store.contacts.cards(3)[0].name
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*name)
        for _ in range(40):  # (bounded: 2 s)
            await pilot.pause(0.05)
            if searched and searched[-1] == name:
                break
        assert searched[-1] == name, searched
        assert running[1] == 1, "two reads ran at once"
        assert len(searched) < len(name), "a search cancelled before its read began ran"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "ContactScreen"


async def test_palette_echoes_keys_while_a_search_is_held_and_marks_archived(
    app, demo_store, monkeypatch
):
    """A search that takes its time (SQL on a busy disk) never holds the keys back; a
    stale one is dropped; archived contacts are offered, marked as archived."""
    import threading

    from textual.command import CommandInput

    gone = demo_store.contacts.cards(2)[0]
    demo_store.intents.archive(gone.id)
    release = threading.Event()
    original = demo_store.contacts.search

    on_loop: list[bool] = []

    def held(text: str, limit: int = 20):
        on_loop.append(threading.current_thread() is threading.main_thread())
        release.wait(5)
        return original(text, limit)

    monkeypatch.setattr(demo_store.contacts, "search", held)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        first = gone.name.split()[0]
        await pilot.press(*first[:2])
        await pilot.pause(0.3)  # past the pause in typing: a search is now held in SQL
        assert on_loop == [False]
        await pilot.press(*first[2:], "space", *gone.name.split()[-1])
        assert app.screen.query_one(CommandInput).value == f"{first} {gone.name.split()[-1]}"
        release.set()
        await pilot.pause(0.5)
        assert on_loop[-1] is False
        options = app.screen.query_one("CommandList")
        texts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any(gone.name in t and "Archived contact" in t for t in texts), texts
