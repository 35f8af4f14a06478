"""What the board's End key costs inside the app, in a real terminal: the time from the
key's handler to the end of its paint, the bytes written to the terminal, what Textual
repainted, and the card reads it ran.

    python benchmarks/board_end_paint.py DB [--times 15]

Runs the app on DB in tmux (140x42) with the Textual driver's `write`, the screen's
update and layout, and the store's card reads wrapped; puts the cursor on the first card
of the longest column (as benchmarks/run.py does), then presses End and Home in turn.
Prints, per End, the app-side milliseconds (handler to the last byte handed to the
driver), the bytes and writes, the widgets repainted, layouts, and card pages read with
their time. Numbers that a loaded machine changes little (bytes, widgets, reads) say
what a change did; the milliseconds say it roughly.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from cli import PY
from screens import _to_the_longest_column
from terminal import Pane

# Runs in the pane: the app with its paint instrumented, one JSON line a key to LOG.
_LAUNCH = r"""
import json, sys, time
if sys.argv[4]:
    sys.path.insert(0, sys.argv[4])  # another checkout: before and after
from textual.drivers.linux_driver import LinuxDriver
from textual.screen import Screen
from infointerview_tui.screens.board import BoardScreen
from infointerview_tui.core.store import Store

log_path, db, profile_path = sys.argv[1], sys.argv[2], sys.argv[3]
import cProfile
profiler = cProfile.Profile() if profile_path else None
state = {"on": False}
rec = {}

def start(key):
    rec.clear()
    rec.update(key=key, t0=time.perf_counter(), bytes=0, writes=0, last=0.0,
               dirty=[], layouts=0, reads=[], updates=0)
    state["on"] = True

write = LinuxDriver.write
def counted_write(self, data):
    write(self, data)
    if state["on"]:
        rec["bytes"] += len(data.encode())
        rec["writes"] += 1
        rec["last"] = time.perf_counter()
LinuxDriver.write = counted_write

update = Screen._on_timer_update
def counted_update(self):
    if state["on"]:
        rec["updates"] += 1
        rec.setdefault("wait_ms", round((time.perf_counter() - rec["t1"]) * 1000, 2))
        if self._layout_required or self._scroll_required:
            rec["layouts"] += 1
        if self._repaint_required:
            rec["dirty"].append("SCREEN")
        rec["dirty"].extend(
            f"{type(w).__name__}#{w.id}" if w.id else type(w).__name__
            for w in self._dirty_widgets
        )
    t, c = time.perf_counter(), time.thread_time()
    if state["on"] and profiler is not None and "paint_ms" not in rec and rec["key"] == "end":
        profiler.enable()
        update(self)
        profiler.disable()
    else:
        update(self)
    if state["on"]:
        rec.setdefault("paint_ms", round((time.perf_counter() - t) * 1000, 2))
        rec.setdefault("paint_cpu_ms", round((time.thread_time() - c) * 1000, 2))
Screen._on_timer_update = counted_update

cards = Store.board_cards
def timed_cards(self, stage, offset, limit, *args, **kw):
    t = time.perf_counter()
    try:
        return cards(self, stage, offset, limit, *args, **kw)
    finally:
        if state["on"]:
            rec["reads"].append((stage, offset, limit, round((time.perf_counter() - t) * 1000, 2)))
Store.board_cards = timed_cards

jump = BoardScreen.action_jump
def timed_jump(self, index):
    start("end" if index < 0 else "home")
    c = time.thread_time()
    jump(self, index)
    rec["handler_cpu_ms"] = round((time.thread_time() - c) * 1000, 2)
    rec["t1"] = time.perf_counter()
    rec["handler_ms"] = round((rec["t1"] - rec["t0"]) * 1000, 2)
    self.set_timer(0.4, flush)
BoardScreen.action_jump = timed_jump

def flush():
    state["on"] = False
    out = dict(rec, ms=round((rec["last"] - rec["t0"]) * 1000, 2) if rec["last"] else None)
    for k in ("t0", "t1", "last"):
        out.pop(k)
    with open(log_path, "a") as f:
        f.write(json.dumps(out) + "\n")
    if profiler is not None:
        profiler.dump_stats(profile_path)

from infointerview_tui.__main__ import main
sys.exit(main(["--db", db]))
"""


def run(db: Path, times: int, profile: str = "", code: str = "") -> list[dict[str, object]]:
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "paint.jsonl"
        copy = Path(tmp) / "board.db"
        copy.write_bytes(db.read_bytes())
        with Pane(
            "boardend-paint", [PY, "-c", _LAUNCH, str(log), str(copy), profile, code]
        ) as pane:
            time.sleep(3.0)
            pane.settle(time.perf_counter(), 1.0)
            _to_the_longest_column(pane, copy, 0.3)
            time.sleep(0.6)
            log.write_text("")
            for _ in range(times):
                for key in ("End", "Home"):
                    pane.send(key)
                    time.sleep(0.7)
        rows = [json.loads(line) for line in log.read_text().splitlines()]
    return [r for r in rows if r["key"] == "end"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db", type=Path)
    parser.add_argument("--times", type=int, default=15)
    parser.add_argument("--profile", default="", help="cProfile the paints into this file")
    parser.add_argument("--code", default="", help="run this checkout's package instead")
    args = parser.parse_args()
    profile = str(Path(args.profile).resolve()) if args.profile else ""
    ends = run(args.db, args.times, profile, args.code)
    if not ends:
        sys.exit("no End was recorded")
    for r in ends[:3]:
        print(json.dumps(r))
    ms = [float(r["ms"]) for r in ends if r["ms"] is not None]  # type: ignore[arg-type]
    print(
        f"{args.db.name}: End x{len(ends)}: app-side median {statistics.median(ms):.2f} ms, "
        f"bytes median {statistics.median(int(r['bytes']) for r in ends)}, "  # type: ignore[call-overload]
        f"writes median {statistics.median(int(r['writes']) for r in ends)}"  # type: ignore[call-overload]
    )
    for part in ("handler_ms", "handler_cpu_ms", "wait_ms", "paint_ms", "paint_cpu_ms"):
        values = [float(r[part]) for r in ends if r.get(part) is not None]  # type: ignore[arg-type]
        if values:
            print(f"  {part}: median {statistics.median(values):.2f}")


if __name__ == "__main__":
    main()
