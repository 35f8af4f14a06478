"""A change is painted within a frame of it (infointerview_tui/frame_timer.py): a timer
resumed as a screen's is (paused at each tick, resumed on a change) ticks at the next
frame after a change, not one frame later (Textual's arithmetic skipped one tick more
than it missed: a filter's result waited 17-33 ms for its paint instead of 0-17)."""

from __future__ import annotations

import ast
import asyncio
import inspect
import textwrap
from pathlib import Path
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st
from textual import timer as textual_timer
from textual.timer import Timer

from infointerview_tui import frame_timer
from infointerview_tui.frame_timer import missed


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


class _Target:
    """What the timer would send its events to (our tick sends none)."""


async def _frames(run, monkeypatch) -> list[float]:  # noqa: ANN001
    """When a screen-like timer (a frame a second, paused at each tick) ticks, on a
    clock of our own, running the loop `run`: started at 0, resumed at 3.5 (a change
    after a long pause: painted at once), resumed again just after (another change)."""
    clock = [0.0]

    async def sleep(seconds: float) -> None:
        clock[0] += max(0.0, seconds)
        await asyncio.sleep(0)

    fake = SimpleNamespace(get_time=lambda: clock[0])
    for module in (frame_timer, textual_timer):
        monkeypatch.setattr(module, "_time", fake)
        monkeypatch.setattr(module, "sleep", sleep)
    ticks: list[float] = []
    target = _Target()  # (the timer keeps a weak reference to it)
    timer = Timer(target, 1.0, name="frames", pause=True)  # type: ignore[arg-type]

    async def tick(*, next_timer: float, count: int) -> None:
        ticks.append(clock[0])
        timer.pause()

    timer._tick = tick  # type: ignore[method-assign]

    async def settle() -> None:
        for _ in range(20):
            await asyncio.sleep(0)

    task = asyncio.ensure_future(run(timer))
    await settle()
    timer.resume()  # the start
    await settle()  # its first frame at 1, then waiting
    clock[0] = 3.5
    timer.resume()  # a change long after: painted at once
    await settle()
    timer.resume()  # a change right after that paint
    await settle()
    task.cancel()
    return ticks


def test_a_change_right_after_a_paint_waits_at_most_a_frame(monkeypatch):
    """Our loop paints the second change at 4, the next frame; Textual's at 5, a frame
    later (this fails once Textual's own arithmetic is right: then drop frame_timer.py)."""
    ours = asyncio.run(_frames(frame_timer._run, monkeypatch))
    theirs = asyncio.run(_frames(frame_timer.textual_run, monkeypatch))
    assert ours == [1.0, 3.5, 4.0]
    assert theirs == [1.0, 3.5, 5.0]


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
