"""A change is painted within one frame, not two (issue 16: a filter's result waited
20-28 ms for its frame, at any size).

Textual paints a screen on a timer of 1/60 s that pauses once a frame is painted and
resumes when something changes. When it resumes after a pause, the frame comes at once;
the timer then skips the frames it missed while paused, and its arithmetic skips one
more than it missed (`count = int((now - start) / interval + 1)`): the next frame is
1-2 frame periods away instead of 0-1. So a change that comes soon after a paint
(the filter's result, read on a worker a few ms after the key's echo was painted; a
screen's rows after its first frame) waited 17-33 ms for its frame instead of 0-17:
measured with a logging launcher in tmux after visiting every screen, 20-28 ms between
the result and its paint, at 10 contacts as at 100,000.

`install()` gives `Timer._run` the same loop, skipping to the frame just missed
(`missed`), if Textual's is still the loop it replaces (Textual 8.2; else Textual's
stays). tests/test_frame_timer.py runs a timer paused and resumed as a screen's is, on a
clock of its own, through both loops; checks the arithmetic; and fails if Textual's
loop changed.
"""

from __future__ import annotations

import inspect

from textual import _time
from textual._time import sleep
from textual.timer import EventTargetGone, Timer

_installed: list[bool] = []
#: Textual's own loop, as it was before `install()`.
textual_run = Timer._run
#: The line of Textual's loop that `_run` changes.
TEXTUAL_SKIP = "count = int((now - start) / _interval + 1)"
OUR_SKIP = "count = max(count + 1, missed(start, now, _interval))"


def missed(start: float, now: float, interval: float) -> int:
    """The count of the last tick due at or before `now` (ticks due every `interval`
    after `start`): the next is due after `now`, less than one interval later."""
    return int((now - start) / interval)


async def _run(self: Timer) -> None:
    """Textual's `Timer._run` (8.2) with `missed` where it skipped one tick more."""
    count = 0
    _repeat = self._repeat
    _interval = self._interval
    self._active  # noqa: B018  (made in this thread, as Textual's does)
    await self._active.wait()
    start = _time.get_time()

    while _repeat is None or count <= _repeat:
        next_timer = start + ((count + 1) * _interval)
        now = _time.get_time()
        if self._skip and next_timer < now:
            count = max(count + 1, missed(start, now, _interval))  # (max: when rounded)
            continue
        now = _time.get_time()
        wait_time = max(0, next_timer - now)
        await sleep(wait_time)
        count += 1
        await self._active.wait()
        if self._reset:
            start = _time.get_time()
            count = 0
            self._reset = False
            continue
        try:
            await self._tick(next_timer=next_timer, count=count)
        except EventTargetGone:
            break


def install() -> None:
    """Patch `Timer._run` (once per process), if it is the loop `_run` copies."""
    if _installed:
        return
    _installed.append(True)
    if TEXTUAL_SKIP in inspect.getsource(Timer._run):
        Timer._run = _run  # type: ignore[method-assign]
