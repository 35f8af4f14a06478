"""A change is painted within a frame of it (infointerview_tui/frame_timer.py): a timer
resumed as a screen's is (paused at each tick, resumed on a change) ticks at the next
frame after a change, not one frame later (Textual's arithmetic skipped one tick more
than it missed: a filter's result waited 17-33 ms for its paint instead of 0-17)."""

from __future__ import annotations

import ast
import asyncio
import inspect
import textwrap
import time
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from textual.app import App

from infointerview_tui import frame_timer
from infointerview_tui.frame_timer import install, missed


@given(
    start=st.floats(0, 1e6),
    elapsed=st.floats(0, 1e4),
    interval=st.floats(1e-3, 10),
)
def test_the_tick_skipped_to_is_the_last_one_due(start: float, elapsed: float, interval: float):
    now = start + elapsed
    count = missed(start, now, interval)
    slack = 1e-9 * max(1.0, now)  # (float rounding)
    assert start + count * interval <= now + slack
    assert now < start + (count + 1) * interval + slack


INTERVAL = 0.2  # seconds: wide enough for a loaded machine's jitter


def test_a_change_soon_after_a_paint_waits_at_most_a_frame():
    """The timer runs a frame (INTERVAL), pauses at its tick as a screen's does, and is
    resumed 3.5 frames after it started: it ticks at once (the missed frame), then is
    resumed again just after. The next tick is due at the 4th frame, ~0.4 of a frame
    away; Textual's own arithmetic put it at the 5th, ~1.4 frames away."""
    install()
    ticks: list[float] = []

    class Timed(App[None]):
        pass

    async def run() -> float:
        app = Timed()
        async with app.run_test():
            timer = None

            def tick() -> None:
                ticks.append(time.monotonic())
                assert timer is not None
                timer.pause()

            timer = app.set_interval(INTERVAL, tick, pause=True)
            began = time.monotonic()
            timer.resume()  # the timer's start
            await asyncio.sleep(INTERVAL * 3.5)  # its first tick, then paused long
            timer.resume()  # a change: painted at once
            for _ in range(100):
                if len(ticks) == 2:
                    break
                await asyncio.sleep(0.01)
            assert len(ticks) == 2, ticks
            assert ticks[0] - began < INTERVAL * 1.5  # (the first, a frame after start)
            await asyncio.sleep(INTERVAL * 0.1)
            resumed = time.monotonic()
            timer.resume()  # another change, soon after that paint
            for _ in range(200):
                if len(ticks) == 3:
                    break
                await asyncio.sleep(0.01)
            timer.stop()
            assert len(ticks) == 3, ticks
            return ticks[2] - resumed

    waited = asyncio.run(run())
    assert waited < INTERVAL * 0.9, waited  # ~0.3 frame; Textual's: ~1.3


def _loop(function: ast.AsyncFunctionDef) -> str:
    """A function's code without its docstring and comments."""
    body = function.body[1:] if isinstance(function.body[0], ast.Expr) else function.body
    return "\n".join(ast.unparse(statement) for statement in body)


def test_textual_s_loop_is_the_one_copied_but_for_the_skip():
    """If Textual's timer loop changes, this fails: look at what changed, and copy it
    again or drop frame_timer.py if Textual fixed the skip."""
    from textual import timer

    source = Path(timer.__file__).read_text()
    assert frame_timer.TEXTUAL_SKIP in source
    theirs = next(
        node
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.AsyncFunctionDef) and node.name == "_run"
    )
    ours = ast.parse(textwrap.dedent(inspect.getsource(frame_timer._run))).body[0]
    assert isinstance(ours, ast.AsyncFunctionDef)
    expected = _loop(theirs).replace(frame_timer.TEXTUAL_SKIP, frame_timer.OUR_SKIP)
    assert _loop(ours) == expected
    frame_timer.install()
    assert timer.Timer._run is frame_timer._run
