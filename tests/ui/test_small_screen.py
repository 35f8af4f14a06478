"""80x24: what matters on stage 3 (the composer and what its checks found) and on the
note-taking screen (coverage and the clock) is in view without scrolling, and whole
(issue 11: "every screen is usable at 80x24")."""

from __future__ import annotations

from datetime import timedelta

import pytest
from rich.cells import cell_len
from textual.widgets import Static, TextArea

from infointerview_tui.screens.help import HelpScreen
from tests.conftest import FROZEN, make_app
from tests.ui.test_interview import open_interview

SMALL = (80, 24)


def inside(inner, outer) -> bool:
    return (
        inner.x >= outer.x
        and inner.y >= outer.y
        and inner.right <= outer.right
        and inner.bottom <= outer.bottom
    )


def text_of(widget: Static) -> list[str]:
    return str(widget.render()).splitlines()


def shown_whole(widget: Static) -> bool:
    """Every line of the widget's text fits its width, and all its lines its height."""
    lines = text_of(widget)
    width, height = widget.content_region.width, widget.content_region.height
    return all(cell_len(line) <= width for line in lines) and len(lines) <= height


async def test_stage3_at_80x24_shows_the_composer_and_every_failed_check(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("3")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        side = screen.query_one("#stage-side")
        message = screen.query_one("#message", TextArea)
        checks = screen.query_one("#checks", Static)
        assert "checks pass" in str(checks.render())
        message.focus()
        message.text = "Hi. Could you refer me for an opening on your team? Thanks."
        await pilot.pause()
        failed = [line for line in text_of(checks) if line.startswith("✗")]
        assert len(failed) >= 3  # a job request, no time, no place, no connection...
        assert side.scroll_y == 0  # nothing had to scroll into view
        for widget in (message, checks):  # (a check too long for a line wraps: in view)
            assert inside(widget.region, side.region), widget


async def test_stage3_guidance_moved_to_help_when_narrow(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("3")
        await pilot.pause()
        assert not screen_guidance_visible(app.screen)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one(Static).render())
        assert "This stage" in text and "not asking for a job" in text


def screen_guidance_visible(screen) -> bool:
    return any(g.display and g.region.height for g in screen.query(".guidance"))


async def test_stage3_at_140x42_keeps_the_guidance_and_every_check_listed(demo_store):
    app = make_app(demo_store)
    async with app.run_test(size=(140, 42)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        assert screen_guidance_visible(app.screen)
        checks = app.screen.query_one("#checks", Static)
        assert len(text_of(checks)) >= 8 and "checks pass" not in str(checks.render())


async def test_the_interview_line_at_80x24_shows_coverage_and_clock_whole(demo_store):
    now = [FROZEN]
    demo_store.db.clock = lambda: now[0]  # the store's clock: moved, never slept on
    app = make_app(demo_store)
    async with app.run_test(size=SMALL) as pilot:
        _, screen = await open_interview(pilot, app, demo_store)
        coverage = screen.query_one("#coverage", Static)
        timer = screen.query_one("#timer", Static)

        def both_whole() -> bool:
            return shown_whole(coverage) and shown_whole(timer)

        assert "not started" in str(timer.render()) and "TIARA" in str(coverage.render())
        assert both_whole()
        await pilot.press("ctrl+g")  # started: the clock
        await pilot.pause()
        assert "/ 30:00" in str(timer.render()) and both_whole()
        now[0] = FROZEN + timedelta(minutes=31)  # over time
        screen._tick_timer()
        await pilot.pause()
        assert "time's up" in str(timer.render()) and both_whole()
        await pilot.press("ctrl+f")  # finish: done, with when
        await pilot.pause()
        if app.screen is not screen:  # finishing may ask first (no referral yet)
            await pilot.press("enter")
            await pilot.pause()
        assert both_whole()


@pytest.mark.parametrize("number", [1, 2, 3, 4, 5])
async def test_every_stage_at_80x24_shows_the_selected_record_first(demo_store, number):
    """The guidance (a dozen lines at this width) would push the selected record's
    details below the fold: it is in ? help instead."""
    app = make_app(demo_store)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press(str(number))
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert not screen_guidance_visible(screen)
        side = screen.query_one("#stage-side")
        shown = [w for w in side.children if w.display and w.region.height]
        assert shown and shown[0].region.y == side.content_region.y  # details on top
