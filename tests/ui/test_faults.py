"""No traceback from any screen: a database fault while a screen loads or saves is one
line on screen; the app keeps running and nothing typed is lost (issue 11)."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import sqlite3

import pytest
from textual.message_pump import MessagePump
from textual.widgets import Input, TextArea

import infointerview_tui.screens
import infointerview_tui.widgets
from infointerview_tui.faults import GUARDED, FaultBarrier
from tests.conftest import make_app

SIZE = (140, 42)
FAULT = "disk I/O error"


class Broken:
    """Make every read, every write, or both of `store` fail as a failing disk does:
    the driver's error, raised under SQLAlchemy as the real one would be."""

    def __init__(self, store) -> None:
        from sqlalchemy import event

        self.reads = self.writes = False

        def before(conn, _cursor, statement, *_args) -> None:  # noqa: ANN001
            writing = bool(conn.get_execution_options().get("write"))
            if (self.writes and writing) or (self.reads and not writing):
                raise sqlite3.OperationalError(FAULT)

        for engine in store.db.engines:
            event.listen(engine, "before_cursor_execute", before)


def fault_lines(app) -> list[str]:
    return [str(n.message) for n in app._notifications if FAULT in str(n.message)]


def assert_one_clean_line(app, names: list[str]) -> None:
    lines = fault_lines(app)
    assert lines, [str(n.message) for n in app._notifications]
    for line in lines:
        assert "\n" not in line and "Traceback" not in line
        assert not any(name in line for name in names)  # no personal data
    assert app.is_running


MODES = ("board", "stage1", "stage2", "stage3", "stage4", "stage5", "questions", "agenda")
SLOW_MODES = ("insights", "referrals")  # their loads run in worker threads


@pytest.mark.parametrize("mode", MODES + SLOW_MODES)
async def test_a_screen_whose_load_fails_says_so_in_one_line(demo_store, mode):
    names = [p.name for p in demo_store.contacts.people(0, 50)]
    assert names
    broken = Broken(demo_store)
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        if mode == "board":
            await pilot.press("1")  # leave the board, to come back to it broken
            await pilot.pause()
            # ... after another window's change: a return with nothing changed since
            # shows what the board had and reads nothing (screens/board_reads.py BOARD_KEPT).
            app.data_changed()
            await pilot.pause()
        broken.reads = True
        await app.switch_mode(mode)
        for _ in range(40):  # a worker's failure arrives as a message; bounded wait
            await pilot.pause(0.05)
            if fault_lines(app):
                break
        assert_one_clean_line(app, names)
        broken.reads = False
        app.data_changed()  # the disk is back: the screen reads again, still running
        await pilot.pause()
        assert app.is_running


async def test_the_contact_and_interview_screens_fail_to_load_in_one_line(demo_store):
    contact = demo_store.contacts.people(0, 1)[0]
    broken = Broken(demo_store)
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        broken.reads = True
        app.action_open_contact(contact.id)
        await pilot.pause()
        assert_one_clean_line(app, [contact.name])
        app.clear_notifications()
        app.action_interview(contact.id)
        await pilot.pause()
        assert_one_clean_line(app, [contact.name])


async def test_a_form_whose_save_fails_keeps_what_was_typed(demo_store):
    broken = Broken(demo_store)
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        await pilot.pause()
        broken.writes = True
        await pilot.press("n", *"Quantum gardening", "enter")
        await pilot.pause()
        assert_one_clean_line(app, ["Quantum gardening"])
        assert app.screen.query_one("#f-name", Input).value == "Quantum gardening"
        broken.writes = False
        await pilot.press("enter")  # the disk is back: the same form saves
        await pilot.pause()
    assert any(f["name"] == "Quantum gardening" for f in demo_store.catalog.career_fields())


async def test_a_contact_edit_whose_autosave_fails_keeps_the_text(demo_store):
    contact = demo_store.contacts.people(0, 1)[0]
    broken = Broken(demo_store)
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        app.action_open_contact(contact.id)
        await pilot.pause()
        broken.writes = True
        notes = app.screen.query_one("#f-notes", TextArea)
        notes.focus()
        await pilot.press("end", *" Likes tea")
        for _ in range(40):  # the autosave timer fires after a short quiet spell
            await pilot.pause(0.05)
            if fault_lines(app):
                break
        assert_one_clean_line(app, [contact.name])
        assert notes.text.endswith(" Likes tea")
        broken.writes = False
        await pilot.press("escape")
        await pilot.pause()
    assert (demo_store.contacts.view(contact.id).values["notes"] or "").endswith(" Likes tea")


# A keyboard action that writes, per screen: (mode, keys).
WRITES = {
    "stage 5 thank-you sent": ("stage5", ("t",)),
    "question favourite": ("questions", ("f",)),
    "question delete": ("questions", ("d", "y")),
    "stage 3 log as sent": ("stage3", ("s", "y")),
}


@pytest.mark.parametrize("name", list(WRITES))
async def test_a_screen_action_whose_write_fails_is_one_line(demo_store, name):
    mode, keys = WRITES[name]
    broken = Broken(demo_store)
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await app.switch_mode(mode)
        await pilot.pause()
        screen = app.screen
        broken.writes = True
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        assert_one_clean_line(app, [])
        assert app.screen is screen or app.screen.is_modal


async def test_a_board_move_whose_write_fails_is_one_line(demo_store):
    broken = Broken(demo_store)
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        broken.writes = True
        await pilot.press("shift+right")
        await pilot.pause()
        assert_one_clean_line(app, [])


def ui_classes() -> list[type]:
    found = []
    for package in (infointerview_tui.screens, infointerview_tui.widgets):
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            for _, cls in inspect.getmembers(module, inspect.isclass):
                if cls.__module__ == module.__name__ and issubclass(cls, MessagePump):
                    found.append(cls)
    from infointerview_tui.app import InfoInterviewApp

    return [*found, InfoInterviewApp]


def test_every_screen_widget_and_handler_is_behind_the_barrier():
    classes = [c for c in ui_classes() if not issubclass(c, __import__("textual").message.Message)]
    assert len(classes) > 20
    for cls in classes:
        assert issubclass(cls, FaultBarrier), cls
        for name, value in vars(cls).items():
            if inspect.isfunction(value) and hasattr(value, "_textual_on"):
                assert getattr(value, GUARDED, False), f"{cls.__name__}.{name}: use faults.on"


def test_every_worker_reports_its_failure_instead_of_ending_the_app():
    """Workers started with exit_on_error=True would end the app with a traceback."""
    import infointerview_tui

    root = infointerview_tui.__path__[0]
    for path in sorted(__import__("pathlib").Path(root).rglob("*.py")):
        if "/core/" in str(path):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name in ("work", "run_worker"):
                keywords = {k.arg: k.value for k in node.keywords}
                value = keywords.get("exit_on_error")
                assert isinstance(value, ast.Constant) and value.value is False, (
                    f"{path.name}:{node.lineno}"
                )


async def test_a_palette_search_that_fails_is_one_line_and_the_palette_stays(demo_store):
    names = [p.name for p in demo_store.contacts.people(0, 50)]
    assert names
    broken = Broken(demo_store)
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        broken.reads = True
        await pilot.press(*names[0][:3])
        for _ in range(40):  # the search waits for a pause in typing, then a thread
            await pilot.pause(0.05)
            if fault_lines(app):
                break
        assert_one_clean_line(app, names)
        broken.reads = False
        await pilot.press("backspace", *names[0][2])  # the disk is back: it finds again
        await pilot.pause(0.5)
        assert app.is_running


async def test_typing_a_name_while_lookups_fail_is_one_line_and_keeps_the_text(demo_store):
    from infointerview_tui.widgets.name_field import NameField

    names = [p.name for p in demo_store.contacts.people(0, 50)]
    broken = Broken(demo_store)
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")  # a new contact: its organization suggests stored names
        await pilot.pause()
        field = next(f for f in app.screen.query(NameField) if f.kind == "organization")
        field.focus()
        await pilot.pause()
        broken.reads = True
        await pilot.press(*"Clea")
        for _ in range(40):  # the suggestion runs in Textual's worker: bounded wait
            await pilot.pause(0.05)
            if fault_lines(app):
                break
        await pilot.pause(0.2)
        assert_one_clean_line(app, names)
        assert field.value == "Clea"


# Lists that fetch their pages while drawing (`render_line`) and while the footer asks
# which keys apply (`check_action`): outside every handler, so outside the barrier's
# wrapping. A read that fails there is one line; the list draws what it has.
LISTS = ("board", "stage3", "stage4", "agenda")  # (the demo's longer lists: same widgets)


@pytest.mark.parametrize("mode", LISTS)
async def test_a_list_whose_page_fails_to_load_while_drawing_is_one_line(
    demo_store, mode, monkeypatch
):
    from infointerview_tui.widgets.card_column import CardColumn
    from infointerview_tui.widgets.paged_lines import PagedLines

    for kind in (PagedLines, CardColumn):  # a long list: pages beyond the first
        monkeypatch.setattr(kind, "PAGE", 5)
    names = [p.name for p in demo_store.contacts.people(0, 60)]
    broken = Broken(demo_store)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:  # small: rows below the fold
        await app.switch_mode(mode)
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        lists = sorted(app.screen.query(PagedLines), key=lambda w: -w.total)
        assert lists and lists[0].total > lists[0].visible_items, mode  # to scroll into
        if mode == "board":
            app.screen.set_stage(lists[0].stage)  # the column the keys move in
        else:
            lists[0].focus()
        await pilot.pause()
        before = app.screen
        broken.reads = True
        from textual import events

        target = lists[0]
        # The wheel, half a screen: the rows below are on pages read while drawn.
        for _ in range(max(1, target.visible_items // 2)):
            target.post_message(events.MouseScrollDown(target, 1, 1, 0, 1, 0, False, False, False))
        for _ in range(5):
            await pilot.pause()
        assert_one_clean_line(app, names)
        assert len(fault_lines(app)) <= 2  # one line, not one per line drawn
        assert app.screen is before
        # The list draws what it has: the screen renders (a read failing inside a draw
        # used to abort the whole screen's update), with the rows it could read.
        picture = app.export_screenshot()
        assert any(name.split()[0] in picture for name in names)
        broken.reads = False
        app.data_changed()  # the disk is back: the list reads and draws again
        await app.workers.wait_for_complete()
        for _ in range(5):
            await pilot.pause()
        item = lists[0].item(lists[0].total - 1)
        assert item is not None


async def test_a_check_action_whose_read_fails_is_one_line_and_its_key_unavailable(demo_store):
    """The footer asks every screen which of its keys apply (`check_action`), outside any
    handler: a read that fails there is one line, and the key shows as unavailable."""
    from textual.app import ComposeResult
    from textual.binding import Binding
    from textual.screen import Screen
    from textual.widgets import Footer

    class Reads(FaultBarrier, Screen[None]):
        BINDINGS = [Binding("x", "thing", "Thing")]

        def compose(self) -> ComposeResult:
            yield Footer()

        def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
            if action == "thing":
                raise sqlite3.OperationalError(FAULT)  # as a read of the selection would
            return True

        def action_thing(self) -> None:
            raise AssertionError("an unavailable key ran")

    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.push_screen(Reads())
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert_one_clean_line(app, [])
        assert isinstance(app.screen, Reads)


async def test_a_stage2_merge_that_fails_midway_is_one_line_and_nothing_half_merged(demo_store):
    """J on stage 2: the people are moved, then deleting the merged organization fails
    (a failing disk): one line, and everyone is still where they were."""
    from sqlalchemy import event

    from infointerview_tui.screens.stage_records import OrganizationsScreen

    demo_store.intents.save_organization(None, {"name": "Quill A"})
    demo_store.intents.save_organization(None, {"name": "Quill B"})
    ada = demo_store.intents.add_contact("Ada Quill", 3, organization="Quill A")
    ids = {o["name"]: o["id"] for o in demo_store.catalog.organizations()}
    moved: list[str] = []

    def before(_conn, _cursor, statement, *_args) -> None:  # noqa: ANN001
        text = " ".join(statement.split()).upper()
        if text.startswith("UPDATE CONTACT"):
            moved.append(statement)  # the people were moved (inside the transaction)
        if text.startswith("DELETE FROM ORGANIZATION") and moved:
            raise sqlite3.OperationalError(FAULT)

    def snapshot() -> list[tuple]:
        return [
            tuple(r)
            for r in demo_store.query(
                "SELECT c.id, c.organization_id, c.version FROM contact c ORDER BY c.id"
            )
        ] + [tuple(r) for r in demo_store.query("SELECT id, name FROM organization ORDER BY id")]

    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        app.screen.reload(select=ids["Quill A"])
        await pilot.pause()
        before_merge = snapshot()
        for engine in demo_store.db.engines:
            event.listen(engine, "before_cursor_execute", before)
        await pilot.press("J")
        await pilot.pause()
        await pilot.press(*"quill b", "enter")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        for engine in demo_store.db.engines:
            event.remove(engine, "before_cursor_execute", before)
        assert moved  # it failed midway, after moving the people
        assert_one_clean_line(app, ["Ada Quill", "Quill A", "Quill B"])
        assert isinstance(app.screen, OrganizationsScreen)
        assert snapshot() == before_merge  # nothing half-merged
        assert demo_store.contacts.view(ada).organization == "Quill A"


def test_a_taken_name_points_to_the_key_that_merges(demo_store):
    from infointerview_tui.core.validation import ValidationError
    from infointerview_tui.screens.stage_records import OrganizationsScreen

    demo_store.intents.save_organization(None, {"name": "Quill A"})
    with pytest.raises(ValidationError) as refused:
        demo_store.intents.save_organization(None, {"name": "quill a"})
    merge_keys = [b.key for b in OrganizationsScreen.BINDINGS if b.action == "merge"]
    assert merge_keys and f"({merge_keys[0]} " in refused.value.errors["name"]
