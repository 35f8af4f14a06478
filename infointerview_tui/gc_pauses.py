"""INFOINTERVIEW_GC_LOG=FILE: write the length of every full (generation 2) garbage
collection to FILE, one line of milliseconds each, as it happens.

It is how benchmarks/run.py measures the pauses the collector puts between a key and
its picture (issue 16: none over 20 ms during interaction); a developer can watch the
same file with `tail -f`. Unset, nothing is installed.
"""

from __future__ import annotations

import gc
import os
import time
from typing import Any

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
        if info.get("generation") != 2:
            return
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            out.write(f"{(time.perf_counter() - started[0]) * 1000:.2f}\n")

    gc.callbacks.append(watch)
