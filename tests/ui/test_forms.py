"""Every form at 80x24 shows its save/cancel hint, and each of its fields is on screen
when it has the focus (issue 11: "forms show their values")."""

from __future__ import annotations

import pytest
from textual.widgets import Checkbox, Input, Select, TextArea

from infointerview_tui.screens.form import FormScreen
from tests.conftest import make_app

SMALL = (80, 24)

# How each form is opened from the keyboard, from the board.
FORMS = {
    "new contact": ("n",),
    "career field": ("1", "e"),
    "new career field": ("1", "n"),
    "organization": ("2", "e"),
    "merge": ("1", "J"),
    "new question": ("q", "n"),
    "template": ("3", "t"),
    "reply": ("3", "r"),
    "touch": ("5", "l"),
}


def inside(inner, outer) -> bool:
    return (
        inner.x >= outer.x
        and inner.y >= outer.y
        and inner.right <= outer.right
        and inner.bottom <= outer.bottom
    )


@pytest.mark.parametrize("name", list(FORMS))
async def test_a_form_at_80x24_shows_its_hint_and_every_field(demo_store, name):
    app = make_app(demo_store)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        for key in FORMS[name]:
            await pilot.press(key)
            await pilot.pause()
            await app.workers.wait_for_complete()  # a list loads off the loop: let it
            await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen), (name, form)
        screen_region = form.region
        hint = form.query_one(".form-hint")
        assert inside(hint.region, screen_region) and hint.region.height == 1
        assert "escape" in str(hint.render())
        fields = [
            w
            for w in form.query("Input, Select, Checkbox, TextArea")
            if isinstance(w, Input | Select | Checkbox | TextArea) and w.id and w.id[:2] == "f-"
        ]
        assert fields
        for widget in fields:
            widget.focus()
            box = form.query_one(".dialog").content_region
            for _ in range(20):  # the form scrolls the focused field into view: bounded
                await pilot.pause()
                box = form.query_one(".dialog").content_region
                if inside(widget.region, box) and not widget.region.overlaps(hint.region):
                    break
            region = widget.region
            assert region.height >= 1 and inside(region, box), (name, widget.id)
            assert not region.overlaps(hint.region)
