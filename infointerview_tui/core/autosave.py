"""A background writer that keeps only the latest value per key: typing never waits.

The UI hands over snapshots (`put`); one thread writes them in order, coalescing
repeated keys so a burst of keystrokes becomes one UPDATE. `flush()` waits until all
that was put is on disk — used when switching question or leaving the screen.

A write that fails (disk full, database locked or read-only) is never dropped: the value
stays pending and is retried with a growing delay until it succeeds or a newer value
for the same key replaces it. `unsaved()` says whether anything is still not on disk.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Any

Write = Callable[[Any], None]

FIRST_RETRY = 0.5  # seconds; doubles after each failure of the same key
LAST_RETRY = 8.0


class Autosaver:
    def __init__(
        self,
        on_error: Callable[[BaseException], None] | None = None,
        *,
        first_retry: float = FIRST_RETRY,
        last_retry: float = LAST_RETRY,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._pending: dict[Hashable, tuple[Write, Any]] = {}
        # key -> (when to retry, current delay): keys whose last write failed.
        self._failing: dict[Hashable, tuple[float, float]] = {}
        self._cond = threading.Condition()
        self._busy = False
        self._closed = False
        self._stopped = False
        self._on_error = on_error
        self._first_retry = first_retry
        self._last_retry = last_retry
        self._now = monotonic
        self.errors: list[BaseException] = []
        self._tick = 0  # counts write attempts
        self._attempts: dict[Hashable, int] = {}  # key -> tick of its last attempt
        self._thread = threading.Thread(target=self._run, name="autosave", daemon=True)
        self._thread.start()

    def put(self, key: Hashable, write: Write, value: Any) -> None:
        """Queue `write(value)`; a newer put for the same key replaces an unwritten one."""
        with self._cond:
            if self._closed:
                raise RuntimeError("the autosaver is closed")
            self._pending.pop(key, None)  # re-insert so order follows the latest edit
            self._pending[key] = (write, value)
            if key in self._failing:  # new text: try it now, keep the back-off delay
                self._failing[key] = (self._now(), self._failing[key][1])
            self._cond.notify_all()

    def unsaved(self) -> bool:
        """Whether some value put is not on disk yet (queued, being written, or failing)."""
        with self._cond:
            return bool(self._pending) or self._busy

    def failing(self) -> bool:
        """Whether some value is waiting to be retried after a failed write."""
        with self._cond:
            return bool(self._failing)

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until everything put so far is written; False if it took too long or a
        write failed (the value is kept and retried; see `unsaved`). A failing value is
        tried once more now rather than waiting for its back-off."""
        with self._cond:
            start = self._tick
            for key, (_, delay) in list(self._failing.items()):
                self._failing[key] = (self._now(), delay)
            self._cond.notify_all()

            def settled() -> bool:
                # Done when nothing is being written and every value left has failed
                # again since this flush began.
                return not self._busy and all(
                    key in self._failing and self._attempts.get(key, -1) > start
                    for key in self._pending
                )

            self._cond.wait_for(settled, timeout)
            return not self._pending and not self._busy

    def pending_value(self, key: Hashable) -> Any | None:
        """The value put for `key` that is not on disk yet, or None: a screen that re-reads
        shows this rather than the older text on disk."""
        with self._cond:
            entry = self._pending.get(key)
            return None if entry is None else entry[1]

    def discard(self) -> None:
        """Drop every value not written yet (the user chose to lose it); a write already
        under way finishes."""
        with self._cond:
            self._pending.clear()
            self._failing.clear()
            self._cond.notify_all()

    def close(self) -> None:
        """Try to write what is pending and stop the thread; safe to call more than once.
        A value that still cannot be written is given up (the caller asked first)."""
        if self._stopped:
            return
        self.flush()
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._thread.join(timeout=5)
        self._stopped = True

    def _next(self) -> tuple[Hashable, Write, Any] | None:
        """The first pending key that is not waiting for a retry (under the lock)."""
        now = self._now()
        for key, (write, value) in self._pending.items():
            retry_at = self._failing.get(key, (0.0, 0.0))[0]
            if retry_at <= now:
                del self._pending[key]
                return key, write, value
        return None

    def _wait_time(self) -> float | None:
        if not self._pending:
            return None
        soonest = min(self._failing.get(k, (0.0, 0.0))[0] for k in self._pending)
        return max(soonest - self._now(), 0.0)

    def _run(self) -> None:
        while True:
            with self._cond:
                while True:
                    if self._closed and (not self._pending or self._failing):
                        return
                    job = self._next()
                    if job is not None:
                        break
                    self._cond.wait(self._wait_time())
                key, write, value = job
                self._busy = True
            failure: BaseException | None = None
            try:
                write(value)
            except BaseException as exc:  # kept and retried, and reported
                failure = exc
            with self._cond:
                self._busy = False
                self._tick += 1
                self._attempts[key] = self._tick
                if failure is None:
                    self._failing.pop(key, None)
                else:
                    self.errors.append(failure)
                    delay = self._failing.get(key, (0.0, self._first_retry / 2))[1] * 2
                    delay = min(max(delay, self._first_retry), self._last_retry)
                    self._failing[key] = (self._now() + delay, delay)
                    if key not in self._pending:  # a newer value is already queued
                        self._pending[key] = (write, value)
                self._cond.notify_all()
            if failure is not None and self._on_error is not None:
                self._on_error(failure)
