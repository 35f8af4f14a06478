"""The cyclic garbage collector's policy for the app (issue 16: no full collection over
20 ms while the user interacts).

A full (generation 2) collection walks every tracked object the collector has not been
told to skip; the app's graph (Textual, SQLAlchemy, the models, every screen's widgets)
is ~300,000 objects, 100+ ms a walk. `gc.freeze()` moves objects to a permanent
generation the walk skips. So:

- start-up's graph is frozen when the app is ready (few of it is garbage: ~400 objects);
- after every full collection the objects that survived it are frozen (a callback): they
  were just found alive, so no garbage is frozen, and the next full walk covers only what
  was made since. Full collections come every `FULL_EVERY` young (generation 1) ones
  instead of CPython's 10, so each walks a few thousand objects, not tens of thousands.

The cost: a frozen object that later turns into cyclic garbage (a list row a screen
replaced, a closed screen) is never collected while frozen. The bound: `clean()`
unfreezes everything, collects and freezes the survivors again (one full walk, ~100+ ms).
The app calls it when the frozen set has grown past `GROWTH` times what the last clean
left and the user has been idle a few seconds, or past `CAP` times in any case: the
frozen set never holds more than `CAP` - 1 times the live graph in garbage, and after a
pause of a few seconds no more than `GROWTH` - 1 times.
"""

from __future__ import annotations

import gc
from typing import Any

FULL_EVERY = 2  # generation-1 collections between two full ones (CPython: 10)
GROWTH = 1.5  # clean, once the user is idle, when the frozen set grew this many times
CAP = 2.5  # clean even while the user is busy when it grew this many times: the bound


class Collector:
    """Freeze what survives each full collection; clean when the frozen set has grown."""

    def __init__(self, growth: float = GROWTH, cap: float = CAP) -> None:
        self.growth, self.cap = growth, cap
        self.base = 0  # objects frozen after start-up or the last clean
        self._cleaning = False
        self._threshold: tuple[int, int, int] | None = None

    def start(self) -> None:
        """Freeze what exists now (start-up's graph) and every full collection's survivors
        from now on."""
        gc.freeze()
        self.base = gc.get_freeze_count()
        if self._after_collection not in gc.callbacks:
            gc.callbacks.append(self._after_collection)
        if self._threshold is None:
            self._threshold = gc.get_threshold()
            young, middle, _old = self._threshold
            gc.set_threshold(young, middle, FULL_EVERY)

    def settled(self) -> None:
        """Start-up is over (the ORM and the screens' modules imported): freeze it, and
        measure growth from here."""
        gc.freeze()
        self.base = max(self.base, gc.get_freeze_count())

    def stop(self) -> None:
        """Back to CPython's defaults: nothing frozen, nothing installed."""
        if self._after_collection in gc.callbacks:
            gc.callbacks.remove(self._after_collection)
        if self._threshold is not None:
            gc.set_threshold(*self._threshold)
            self._threshold = None
        gc.unfreeze()

    def due(self, idle: bool) -> bool:
        """Whether enough was frozen since the last clean to be worth the full walk: past
        `growth` times what it left when the user is idle, past `cap` times in any case."""
        return gc.get_freeze_count() > (self.growth if idle else self.cap) * max(self.base, 1)

    def clean(self) -> int:
        """Collect everything, frozen or not, and freeze the survivors: the one long
        pause, for when the user is idle. Returns how many objects were garbage."""
        self._cleaning = True
        try:
            gc.unfreeze()
            found = gc.collect()
            gc.freeze()
        finally:
            self._cleaning = False
        self.base = gc.get_freeze_count()
        return found

    def _after_collection(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "stop" and info.get("generation") == 2 and not self._cleaning:
            gc.freeze()  # what this full collection left is alive: out of the next one's way
