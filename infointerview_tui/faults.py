"""The one place where an unexpected error in the app becomes one line on screen.

Textual ends the app, printing a traceback, when any handler raises. Every screen,
dialog and widget of ours (and the App) derives from `FaultBarrier`, which wraps each of
its handlers (`on_*`, `action_*`, `watch_*`, `key_*`, `compose`, `reload`) and every
callback it schedules (timers, `call_later`, `call_next` — so the answer of a dialog
too) with `guarded`; `@on` handlers are guarded by using this module's `on` instead of
Textual's; workers run with `exit_on_error=False` and their failure arrives here through
`Worker.StateChanged`. The error becomes one notification with no personal data in it
(`core.errors.describe`), and the screen stays as it was, with everything typed in it.

Only public Textual API is used. A bug (not a fault of the disk or the database) still
fails loudly under a test harness, or with INFOINTERVIEW_DEBUG set.
"""

from __future__ import annotations

import functools
import inspect
import os
import time
from collections.abc import Callable
from typing import Any, TypeVar

from textual import on as textual_on
from textual.message_pump import MessagePump
from textual.timer import Timer, TimerCallback
from textual.worker import Worker, WorkerState

F = TypeVar("F", bound=Callable[..., Any])

# Handlers Textual calls by name; each is guarded when a FaultBarrier class defines it.
HANDLER_PREFIXES = ("on_", "action_", "watch_", "key_")
HANDLER_NAMES = frozenset({"compose", "reload", "check_action"})
# (A check_action whose read fails answers None: its keys show as unavailable.)
GUARDED = "__fault_guarded__"
LAST_FAULT = "_fault_last_line"  # (line, monotonic time) of the app's last fault line
REPEAT_QUIET = 3.0  # seconds in which the same fault line is not shown again


def report(node: MessagePump, exc: BaseException) -> None:
    """Show `exc` as one line on `node`'s app; re-raise a bug under a test harness."""
    from .core.errors import describe, is_fault
    from .core.validation import ValidationError

    app = node.app
    if isinstance(exc, ValidationError):  # a refused change: its message is for the user
        app.notify(str(exc), severity="warning", markup=False, timeout=8)
        return
    if not is_fault(exc) and (app.is_headless or os.environ.get("INFOINTERVIEW_DEBUG")):
        raise exc
    store = getattr(app, "store", None)
    path = getattr(store, "path", None)
    line = describe(exc, path)
    # One fault seen by many readers at once (a list drawing its lines, the footer
    # checking its keys, the detail pane) is one line, not one per reader.
    now = time.monotonic()
    last = getattr(app, LAST_FAULT, None)
    if last is not None and last[0] == line and now - last[1] < REPEAT_QUIET:
        return
    setattr(app, LAST_FAULT, (line, now))
    app.notify(line, severity="error", markup=False, timeout=10)


def _guard(function: F, node: MessagePump | None) -> F:
    """`function`, reporting instead of raising; `node` None means the first argument
    (a method's `self`)."""
    if getattr(function, GUARDED, False):
        return function

    def where(args: tuple[Any, ...]) -> MessagePump:
        if node is not None:
            return node
        first = args[0] if args else getattr(function, "__self__", None)
        assert isinstance(first, MessagePump), function
        return first

    wrapper: Callable[..., Any]
    if inspect.iscoroutinefunction(function):

        async def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return await function(*args, **kwargs)
            except Exception as exc:
                report(where(args), exc)
                return None

    elif inspect.isgeneratorfunction(function):

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                yield from function(*args, **kwargs)
            except Exception as exc:
                report(where(args), exc)

    else:

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return function(*args, **kwargs)
            except Exception as exc:
                report(where(args), exc)
                return None

    functools.update_wrapper(wrapper, function)
    setattr(wrapper, GUARDED, True)
    return wrapper  # type: ignore[return-value]


def guarded(function: F) -> F:
    """Decorate a method of a message pump: an error in it becomes one notification."""
    return _guard(function, None)


def on(message_type: type, selector: str | None = None, **kwargs: str) -> Callable[[F], F]:
    """Textual's `@on`, guarded: use this one in screens and widgets (a test checks)."""

    def decorator(method: F) -> F:
        return textual_on(message_type, selector, **kwargs)(guarded(method))  # type: ignore[arg-type]

    return decorator


class FaultBarrier:
    """Mixin for every screen, dialog and widget of the app (and the App itself)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name, value in list(vars(cls).items()):
            if not inspect.isfunction(value) or getattr(value, GUARDED, False):
                continue
            if name in HANDLER_NAMES or name.startswith(HANDLER_PREFIXES):
                setattr(cls, name, guarded(value))

    def _guarded_callback(self, callback: Callable[..., Any]) -> Callable[..., Any]:
        assert isinstance(self, MessagePump)
        return _guard(callback, self)

    # Callbacks scheduled by our code run later, outside any guarded handler.

    def set_timer(
        self,
        delay: float,
        callback: TimerCallback | None = None,
        *,
        name: str | None = None,
        pause: bool = False,
    ) -> Timer:
        guarded_callback = None if callback is None else self._guarded_callback(callback)
        return super().set_timer(delay, guarded_callback, name=name, pause=pause)  # type: ignore[misc, no-any-return]

    def set_interval(
        self,
        interval: float,
        callback: TimerCallback | None = None,
        *,
        name: str | None = None,
        repeat: int = 0,
        pause: bool = False,
    ) -> Timer:
        guarded_callback = None if callback is None else self._guarded_callback(callback)
        return super().set_interval(  # type: ignore[misc, no-any-return]
            interval, guarded_callback, name=name, repeat=repeat, pause=pause
        )

    def call_later(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> bool:
        return super().call_later(self._guarded_callback(callback), *args, **kwargs)  # type: ignore[misc, no-any-return]

    def call_after_refresh(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> bool:
        return super().call_after_refresh(self._guarded_callback(callback), *args, **kwargs)  # type: ignore[misc, no-any-return]

    def call_next(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        # A dialog's answer reaches the screen that opened it through call_next.
        super().call_next(self._guarded_callback(callback), *args, **kwargs)  # type: ignore[misc]

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker that failed (run with exit_on_error=False) says so in one line."""
        error = event.worker.error
        if event.state is WorkerState.ERROR and isinstance(error, Exception):
            assert isinstance(self, MessagePump)
            report(self, error)
