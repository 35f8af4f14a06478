"""A background writer that keeps only the latest value per key: typing never waits.

The UI hands over snapshots (`put`); one thread writes them in order, coalescing
repeated keys so a burst of keystrokes becomes one UPDATE. `flush()` waits until all
that was put is on disk — used when switching question or leaving the screen.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any

Write = Callable[[Any], None]


class Autosaver:
    def __init__(self, on_error: Callable[[BaseException], None] | None = None) -> None:
        self._pending: dict[Hashable, tuple[Write, Any]] = {}
        self._cond = threading.Condition()
        self._busy = False
        self._closed = False
        self._on_error = on_error
        self.errors: list[BaseException] = []
        self._thread = threading.Thread(target=self._run, name="autosave", daemon=True)
        self._thread.start()

    def put(self, key: Hashable, write: Write, value: Any) -> None:
        """Queue `write(value)`; a newer put for the same key replaces an unwritten one."""
        with self._cond:
            if self._closed:
                raise RuntimeError("the autosaver is closed")
            self._pending.pop(key, None)  # re-insert so order follows the latest edit
            self._pending[key] = (write, value)
            self._cond.notify_all()

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until everything put so far is written; False if it took too long."""
        with self._cond:
            return self._cond.wait_for(lambda: not self._pending and not self._busy, timeout)

    def close(self) -> None:
        """Write what is pending and stop the thread; safe to call more than once."""
        if self._closed:
            return
        self.flush()
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._pending or self._closed)
                if not self._pending and self._closed:
                    return
                key = next(iter(self._pending))
                write, value = self._pending.pop(key)
                self._busy = True
            try:
                write(value)
            except BaseException as exc:  # reported, never silently dropped
                self.errors.append(exc)
                if self._on_error is not None:
                    self._on_error(exc)
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()
