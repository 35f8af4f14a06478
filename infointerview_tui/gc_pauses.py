"""INFOINTERVIEW_GC_LOG=FILE: write the length of every garbage collection to FILE as it
happens: one line each, its milliseconds, how many objects it freed, its generation
(2: a full collection, every one; 0 and 1: the young ones, those of 1 ms or more) and
whether the app started it at a pause of the user's ("idle", gc_policy.py) or not
("busy": CPython's own, or the policy's bound).

It is how benchmarks/run.py measures the pauses the collector puts between a key and
its picture (issue 16: none over 20 ms during interaction); a developer can watch the
same file with `tail -f`. Unset, nothing is installed.
"""

from __future__ import annotations

import gc
import os
import time
from typing import Any

from . import gc_policy

ENV = "INFOINTERVIEW_GC_LOG"


def record_from_env() -> None:
    """Install the recorder when $INFOINTERVIEW_GC_LOG names a file (appended to)."""
    path = os.environ.get(ENV)
    if not path:
        return
    try:
        out = open(path, "a", buffering=1, encoding="utf-8")  # noqa: SIM115 - app-long
    except OSError:
        return  # a debugging aid: never a reason not to start
    started = [0.0]

    def watch(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            took = (time.perf_counter() - started[0]) * 1000
            generation = info.get("generation")
            if generation == 2 or took >= 1.0:
                when = "idle" if gc_policy.state["idle"] else "busy"
                out.write(f"{took:.2f} {info.get('collected', 0)} {generation} {when}\n")

    gc.callbacks.append(watch)
