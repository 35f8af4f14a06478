"""Keys that arrive in one burst (a fast typist, `tmux send-keys`, a paste of keystrokes)
land where a slow typist's would: tab moves the focus before the next key is handed to
a field (issue 11: "Ann Lee<tab>Acme" left "Ann LeeAcme" in the Name field)."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from infointerview_tui.screens.form import FormScreen
from tests.conftest import make_app

SIZE = (140, 42)


def burst(app, text: str) -> None:
    """Hand the app every key of `text` at once, as the terminal driver does when a
    single read returns them all ("\t" is tab); nothing waits between keys."""
    for character in text:
        if character == "\t":
            app.post_message(events.Key("tab", None))
        else:
            app.post_message(events.Key(character, character))


async def settle(pilot) -> None:
    for _ in range(10):  # a burst is many messages: let every one be handled (bounded)
        await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_a_burst_with_tabs_fills_each_field_of_the_new_contact_form(demo_store):
    org = demo_store.contacts.people(0, 1)[0].organization
    assert org
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen)
        burst(app, f"Ann Lee\t{org[:3]}\tDesigner")
        await settle(pilot)
        assert form.query_one("#f-name", Input).value == "Ann Lee"
        assert form.query_one("#f-organization", Input).value == org[:3]
        assert form.query_one("#f-title", Input).value == "Designer"


async def test_a_burst_with_shift_tab_goes_back_a_field(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        burst(app, "Ann\tZed")
        app.post_message(events.Key("shift+tab", None))
        burst(app, " Lee")
        await settle(pilot)
        assert form.query_one("#f-name", Input).value == "Ann Lee"
        assert form.query_one("#f-organization", Input).value == "Zed"


async def test_a_burst_with_tabs_fills_the_contact_screen_fields(demo_store):
    contact = demo_store.contacts.people(0, 1)[0]
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_open_contact(contact.id)
        await settle(pilot)
        screen = app.screen
        first = screen.query(Input).first()
        first.focus()
        await pilot.pause()
        after = screen.focus_chain[screen.focus_chain.index(first) + 1]
        assert isinstance(after, Input)
        before_first, before_after = first.value, after.value
        burst(app, "X\tY")
        await settle(pilot)
        assert first.value == before_first + "X"
        assert after.value == before_after + "Y"


async def test_a_burst_accepting_a_suggestion_takes_the_stored_name(demo_store):
    """ "clea→" typed in one burst: → arrives before the suggester's worker answers; it
    still takes the stored name instead of creating an organization called "clea"."""
    org = demo_store.contacts.people(0, 1)[0].organization
    assert org and len(org) > 4
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        burst(app, "Ann Lee\t" + org[:4].lower())
        app.post_message(events.Key("right", None))
        burst(app, "\tDesigner")
        await settle(pilot)
        assert form.query_one("#f-organization", Input).value == org
        assert form.query_one("#f-title", Input).value == "Designer"
        field = form.query_one("#f-organization", Input)
        field.focus()
        field.value = org[:4]
        field.cursor_position = 1
        await pilot.press("right")  # not at the end: the cursor moves, nothing replaced
        assert field.value == org[:4] and field.cursor_position == 2
