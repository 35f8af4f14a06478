"""What a step asks of the database, counted rather than timed: statements run and
SQLite virtual-machine steps (each row read, index probe and comparison is a few), which
a loaded machine does not inflate. Work that grows with the data shows as steps that
grow from 10 to 100,000 contacts; work that does not stays the same.

    counter = SqlCounter(*store.db.engines)   # before the step
    ...                                      # the step
    counter.report()                         # statements and steps, the costliest statements first
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from typing import Any

#: The progress handler is called every this many VM instructions.
GRAIN = 100


class SqlCounter:
    """Counts statements and SQLite VM steps on every connection of `engines` (a
    store's: `store.db.engines`)."""

    def __init__(self, *engines: Any) -> None:
        from sqlalchemy import event

        self.statements: Counter[str] = Counter()
        self.steps: Counter[str] = Counter()  # by statement, in units of GRAIN
        self._lock = threading.Lock()
        self._current: dict[int, str] = {}  # the statement each connection runs now
        self._hooked: set[int] = set()
        for engine in engines:
            event.listen(engine, "before_cursor_execute", self._before)

    def reset(self) -> None:
        with self._lock:
            self.statements.clear()
            self.steps.clear()

    def _before(
        self, conn: Any, _cursor: Any, statement: str, _params: Any, _ctx: Any, _many: bool
    ) -> None:
        raw = conn.connection.dbapi_connection
        key = id(raw)
        shape = re.sub(r"\s+", " ", statement).strip()[:150]
        with self._lock:
            self.statements[shape] += 1
            self._current[key] = shape
            if key not in self._hooked:
                self._hooked.add(key)
                raw.set_progress_handler(lambda: self._tick(key), GRAIN)

    def _tick(self, key: int) -> int:
        with self._lock:
            self.steps[self._current.get(key, "?")] += 1
        return 0  # go on

    def report(self, top: int = 6) -> str:
        with self._lock:
            total = sum(self.steps.values()) * GRAIN
            lines = [f"   SQL: {sum(self.statements.values())} statements, ~{total:,} VM steps"]
            for shape, units in self.steps.most_common(top):
                runs = self.statements[shape]
                lines.append(f"     {units * GRAIN:>11,} steps  {runs:>3}×  {shape}")
        return "\n".join(lines)
