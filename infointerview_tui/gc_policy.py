"""The cyclic garbage collector's policy for the app (issue 16: no full collection over
20 ms while the user interacts).

A full (generation 2) collection walks every tracked object the collector has not been
told to skip; the app's graph (Textual, SQLAlchemy, the models, every screen's widgets)
is ~300,000 objects, 100+ ms a walk. `gc.freeze()` moves objects to a permanent
generation the walk skips. So:

- start-up's graph is frozen when the app is mounted and again when it is ready (little
  of it is garbage: ~400 objects);
- after a full collection its survivors are frozen (a callback) once there are
  `FREEZE_FROM` of them: they were just found alive, and the next full walk covers only
  what was made since. Full collections come every `FULL_EVERY` young (generation 1)
  ones instead of CPython's 10, so each walks ~10,000-20,000 objects, not 50,000-300,000.

The cost: a frozen object that later turns into cyclic garbage (a list row a screen
replaced, a closed screen, and every line Textual rendered: its Strip keeps itself in its
own caches) is never collected while frozen. The bound: `clean()` unfreezes everything,
collects and freezes the survivors again: one full walk, 0.3-1 s at ~400,000 objects.
The app calls it when `GROWTH` objects were frozen since the last clean (or start-up)
and the user has been idle ten seconds, or `CAP` in any case: frozen garbage never
exceeds `CAP` objects (~120 bytes each, measured: ~60 MiB at worst), and after a pause
of ten seconds `GROWTH` (~12 MiB). Visiting every screen twice freezes ~130,000 live
objects and ~150,000 soon-dead ones.
"""

from __future__ import annotations

import gc
from typing import Any

FULL_EVERY = 2  # generation-1 collections between two full ones (CPython: 10)
FREEZE_FROM = 8_000  # survivors of a full collection frozen once at least this many
GROWTH = 100_000  # objects frozen since the last clean: clean once the user is idle
CAP = 500_000  # the same, clean even while the user is busy: the bound (~60 MiB)


class Collector:
    """Freeze what survives each full collection; clean when the frozen set has grown."""

    def __init__(
        self, growth: int = GROWTH, cap: int = CAP, freeze_from: int = FREEZE_FROM
    ) -> None:
        self.growth, self.cap, self.freeze_from = growth, cap, freeze_from
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

    def stop(self, unfreeze: bool = False) -> None:
        """Back to CPython's thresholds, the callback removed. What is frozen stays frozen
        unless `unfreeze`: the interpreter's last collection at exit would walk it all."""
        if self._after_collection in gc.callbacks:
            gc.callbacks.remove(self._after_collection)
        if self._threshold is not None:
            gc.set_threshold(*self._threshold)
            self._threshold = None
        if unfreeze:
            gc.unfreeze()

    def due(self, idle: bool) -> bool:
        """Whether enough was frozen since the last clean (or start-up) to be worth the
        full walk: `growth` objects when the user is idle, `cap` in any case."""
        return gc.get_freeze_count() - self.base > (self.growth if idle else self.cap)

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
        if phase != "stop" or info.get("generation") != 2 or self._cleaning:
            return
        # What this full collection left is alive. Frozen only once there is much of it
        # (a screen's widgets): a few thousand (last frame's render caches, soon replaced)
        # stay, collected by the next full collection rather than frozen as garbage.
        if len(gc.get_objects(2)) >= self.freeze_from:
            gc.freeze()
