"""The cyclic garbage collector's policy for the app (issue 16: no full collection over
20 ms while the user interacts).

A full (generation 2) collection walks every tracked object not frozen; after visiting
every screen that is ~140,000 objects of start-up (Textual, SQLAlchemy, the models) and
~140,000 of screens, 100+ ms a walk, and CPython starts one on its own, between any two
keys. So:

- start-up's graph is frozen (`gc.freeze()`) when the app is mounted and again when it is
  ready: it lives as long as the app, and no full collection walks it again;
- CPython never starts a full collection by itself (its generation-2 threshold is set
  out of reach); the young generations are collected as before (most cycles die young:
  a frame's rendered lines);
- the app runs the full collection itself once the user has been idle `IDLE_AFTER`
  seconds (a key or click resets the clock) — while they read the screen, not between
  two keys — and freezes what it found alive (the screens' widgets, found alive while
  nothing was being drawn), so the next one walks only what was made since;
- a full collection walks at most `WALK_LIMIT` objects (~1-1.5 µs each: a walk of
  100,000, after a burst of first visits, had been 100-250 ms at a pause, and a key
  pressed then waited for it). Past it, the young generations are collected (bounded by
  CPython's thresholds) and the old one frozen unwalked: it is nearly all alive (the
  screens just built, the lines they drew); what little of it is cyclic garbage waits
  for the next clean. (The garbage itself was cut at its sources: stylesheet.py,
  strip_cycles.py — a walk through every screen had left ~120,000 objects of it frozen,
  now ~25,000);
- the bound, for a user who never pauses: after `BUSY_LIMIT` young (generation 1)
  collections without a full one, one runs anyway (the log says it was busy), walking at
  most `BUSY_WALK_LIMIT` objects (~20 ms), or else freezing as above.

The cost: an object frozen that dies later in a cycle (a replaced screen's widgets) is
out of the collector's reach (one that dies of its last reference is freed at once,
frozen or not). A *clean* (unfreeze, collect everything, freeze again: one walk of the
whole graph, ~300-500 ms) frees it: once `GROWTH` objects were frozen since start-up or
the last clean and the user has been idle `CLEAN_AFTER` seconds, or at `CAP` at the next
pause of `CAP_CLEAN_AFTER` (the bound on what is kept).
Cyclic garbage that outlived the young generations waits for the next pause.
INFOINTERVIEW_GC_LOG (gc_pauses.py) marks each full collection idle or busy.
"""

from __future__ import annotations

import gc

IDLE_AFTER = 0.3  # seconds without a key or click before the full collection may run
WALK_LIMIT = 20_000  # objects a full collection at a pause may walk (~20-35 ms)
BUSY_LIMIT = 200  # generation-1 collections since the last full one: run it anyway
BUSY_WALK_LIMIT = 12_000  # objects the busy one may walk (~15-20 ms)
CLEAN_AFTER = 30.0  # seconds idle before a clean may run (past GROWTH)
GROWTH = 200_000  # objects frozen since the last clean: clean at the next long pause
CAP = 600_000  # ... clean at the next pause of CAP_CLEAN_AFTER, whatever it costs (~70 MiB)
CAP_CLEAN_AFTER = 2.0  # seconds idle before a clean past CAP
NEVER = 1 << 30  # CPython's generation-2 threshold, out of reach

# Read by gc_pauses.py's log: whether the full collection under way was started at idle.
state = {"idle": False}


class Collector:
    """Start-up frozen; full collections at the user's pauses (or past a bound)."""

    def __init__(
        self,
        busy_limit: int = BUSY_LIMIT,
        growth: int = GROWTH,
        cap: int = CAP,
        walk_limit: int = WALK_LIMIT,
        busy_walk_limit: int = BUSY_WALK_LIMIT,
    ) -> None:
        self.busy_limit, self.growth, self.cap = busy_limit, growth, cap
        self.walk_limit, self.busy_walk_limit = walk_limit, busy_walk_limit
        # Objects frozen at pauses since start-up or the last clean: counted as they are
        # frozen (gc.get_freeze_count() walks the whole frozen list: ~10-40 ms at
        # 300,000 objects, too slow to ask ten times a second).
        self.grown = 0
        self._threshold: tuple[int, int, int] | None = None

    def start(self) -> None:
        """Freeze what exists now (start-up's graph); CPython stops starting full
        collections by itself."""
        gc.freeze()
        if self._threshold is None:
            self._threshold = gc.get_threshold()
            young, middle, _old = self._threshold
            gc.set_threshold(young, middle, NEVER)

    def settled(self) -> None:
        """Start-up is over (the ORM and the screens' modules imported): freeze it too."""
        gc.freeze()

    def stop(self, unfreeze: bool = False) -> None:
        """Back to CPython's thresholds. What is frozen stays frozen unless `unfreeze`:
        the interpreter's last collection at exit would walk it all."""
        if self._threshold is not None:
            gc.set_threshold(*self._threshold)
            self._threshold = None
        if unfreeze:
            gc.unfreeze()

    @staticmethod
    def pending() -> int:
        """Generation-1 collections since the last full one (what it would find grows
        with them)."""
        return gc.get_count()[2]

    def due(self, idle: bool) -> bool:
        """A full collection is worth running: anything moved to the old generation since
        the last one, when the user is idle; past the bound, in any case."""
        return self.pending() >= (1 if idle else self.busy_limit)

    def clean_due(self, idle_for: float) -> bool:
        """Enough was frozen since the last clean that some of it may be garbage."""
        return (self.grown >= self.growth and idle_for >= CLEAN_AFTER) or (
            self.grown >= self.cap and idle_for >= CAP_CLEAN_AFTER
        )

    def collect(self, idle: bool) -> int:
        """The full collection if it walks at most the limit (at a pause, what it found
        alive is frozen); past it, the young collection and all frozen unwalked. Returns
        how many objects were garbage."""
        state["idle"] = idle
        try:
            unfrozen = _unfrozen()
            if unfrozen > (self.walk_limit if idle else self.busy_walk_limit):
                found = gc.collect(1)
                self.grown += unfrozen
                gc.freeze()
                return found
            found = gc.collect(2)
            if idle:
                self.grown += unfrozen - found
                gc.freeze()
            return found
        finally:
            state["idle"] = False

    def clean(self) -> int:
        """Everything collected, frozen or not, and the survivors frozen again: the one
        whole walk, for a long pause. Returns how many objects were garbage."""
        state["idle"] = True
        try:
            gc.unfreeze()
            found = gc.collect(2)
            gc.freeze()
        finally:
            state["idle"] = False
        self.grown = 0
        return found


def _unfrozen() -> int:
    return sum(len(gc.get_objects(generation)) for generation in range(3))
