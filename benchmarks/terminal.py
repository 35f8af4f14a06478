"""A real terminal for the benchmarks: tmux at 140x42, polled with capture-pane.

"Painted" always means: what the user would see is in the pane. A screen is open when
a text only it shows is there; a key's result is the first capture equal to the pane
once it has stopped changing; a typed character is echoed when the input line shows it.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from pathlib import Path

WIDTH, HEIGHT = 140, 42
POLL = 0.002  # seconds between captures (one capture costs ~3 ms itself)

Lines = list[str]


class Timeout(RuntimeError):
    """The pane never showed what was expected."""


class Pane:
    """One tmux session running `command`; closed with `close()` (or as a context)."""

    def __init__(self, name: str, command: list[str]) -> None:
        self.session = f"{name}{time.monotonic_ns()}"
        shell = " ".join(f"'{c}'" for c in command)
        self.started = time.perf_counter()
        subprocess.run(
            [
                "tmux",
                "new-session",
                "-d",
                "-s",
                self.session,
                "-x",
                str(WIDTH),
                "-y",
                str(HEIGHT),
                shell,
            ],
            check=True,
        )

    def __enter__(self) -> Pane:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.session], capture_output=True)

    def capture(self) -> Lines:
        return subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", self.session], capture_output=True, text=True
        ).stdout.splitlines()

    def send(self, *keys: str) -> float:
        """Send tmux key names (`Enter`, `C-p`, `End`, or literal characters); returns
        the time just before sending."""
        start = time.perf_counter()
        subprocess.run(["tmux", "send-keys", "-t", self.session, *keys])
        return start

    def escape(self, quiet: float = 0.5) -> None:
        """Send Escape and let it land: a key sent right after it would be read as
        alt+key (the terminal's escape prefix), so wait for the pane to settle."""
        self.settle(self.send("Escape"), quiet)

    def open(self, key: str, predicate: Callable[[Lines], bool], tries: int = 3) -> None:
        """Send `key` until `predicate` holds (a key can be lost on a loaded machine,
        e.g. read as alt+key right after an Escape); not for timed steps."""
        for attempt in range(tries):
            self.send(key)
            try:
                self.wait(predicate, timeout=10.0)
                return
            except Timeout:
                # A slow key may still land: sent again, it would be typed into what it
                # opened (a second "/" in the filter). Let the pane settle, look again.
                if predicate(self.settle(time.perf_counter(), 1.0)[1]):
                    return
                if attempt == tries - 1:
                    raise

    def wait(self, predicate: Callable[[Lines], bool], timeout: float = 20.0) -> float:
        """The time at which a capture first satisfied `predicate`."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if predicate(self.capture()):
                return time.perf_counter()
            time.sleep(POLL)
        picture = "\n".join(self.capture())
        raise Timeout(f"{self.session}: the pane never showed the expected text:\n{picture}")

    def settle(self, since: float, quiet: float, timeout: float = 10.0) -> tuple[float, Lines]:
        """Poll until the pane has not changed for `quiet` seconds; returns (seconds from
        `since` to the first capture of that final picture, the picture)."""
        first_seen = time.perf_counter()
        last = self.capture()
        deadline = first_seen + timeout
        while time.perf_counter() < deadline:
            time.sleep(POLL)
            now = self.capture()
            if now != last:
                last, first_seen = now, time.perf_counter()
            elif time.perf_counter() - first_seen >= quiet:
                break
        return first_seen - since, last

    def peak_rss_mib(self) -> float:
        """VmHWM of the process in the pane (and its children): its peak memory."""
        pid = subprocess.run(
            ["tmux", "display", "-p", "-t", self.session, "#{pane_pid}"],
            capture_output=True,
            text=True,
        ).stdout.strip()
        children = subprocess.run(["pgrep", "-P", pid], capture_output=True, text=True).stdout
        peak = 0.0
        for p in [pid, *children.split()]:
            try:
                for line in Path(f"/proc/{p}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peak = max(peak, int(line.split()[1]) / 1024)
            except OSError:
                continue
        return peak


def shows(text: str) -> Callable[[Lines], bool]:
    return lambda lines: any(text in line for line in lines)


def input_shows(typed: str, chrome: str = " ▊▎▌🔎>") -> Callable[[Lines], bool]:
    """An input line holding exactly `typed` (results elsewhere may contain it too)."""
    return lambda lines: any(line.strip(chrome) == typed for line in lines)


def time_to_paint(command: list[str], predicate: Callable[[Lines], bool]) -> float:
    """Seconds from starting `command` in a fresh terminal to the predicate holding."""
    with Pane("bench-start", command) as pane:
        return pane.wait(predicate) - pane.started
