"""One window pressing random board keys for a while, as its own process.

`python -m tests.board_keys TARGET SEED SECONDS` opens the app (headless, `run_test`) on
TARGET (an SQLite file or a PostgreSQL URL) and presses keys from KEYS, chosen by SEED,
until SECONDS pass; it prints how many it pressed. Two of these at once on one database
are two people at two computers (tests/test_two_processes.py).
"""

from __future__ import annotations

import asyncio
import os
import random
import sys
import time

# Moves weigh most: they are what writes history.
KEYS = (
    *("shift+right",) * 3,
    *("shift+left",) * 2,
    *("u", "up", "down", "left", "right", "shift+up", "d"),
)
SIZE = (140, 42)


async def press_for(target: str, seed: int, seconds: float) -> int:
    from infointerview_tui.core.dburl import parse_target
    from infointerview_tui.core.store import open_target
    from tests.conftest import make_app

    store = open_target(parse_target(target), create=False)
    app = make_app(store)
    rng = random.Random(seed)
    pressed = 0
    deadline = time.monotonic() + seconds
    async with app.run_test(size=SIZE) as pilot:
        while time.monotonic() < deadline:
            key = rng.choice(KEYS)
            await pilot.press(key)
            if key == "d":  # archiving asks first: go on with it or not
                await pilot.press("enter" if rng.random() < 0.5 else "escape")
            pressed += 1
            if pressed % 20 == 0:
                await pilot.pause(0.05)  # let the other window's change be heard now and then
    return pressed


def main() -> None:
    os.environ.setdefault("TEXTUAL_ANIMATION", "none")
    target, seed, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    print(asyncio.run(press_for(target, seed, seconds)))


if __name__ == "__main__":
    main()
