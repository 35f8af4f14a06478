"""Run `infointerview serve` and drive the page in the system's Chromium (Playwright).

Playwright is used as a driver only: Chromium is Debian's (`/usr/bin/chromium`, which
.ci/run installs), never a browser Playwright downloads. Shared by the browser test and
scripts/screenshots.py. Every wait is bounded; the server's process group is stopped.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
# The flags the machine's own probe used: no GPU, no sandbox (root), and nothing that
# phones home (this network refuses it, and the app promises no network calls).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")


def browser_missing() -> str | None:
    """Why the browser test can't run here, or None when it can."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is absent (apt-get install chromium; .ci/run does)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(db: Path, config: Path, *, timeout: float = 30.0) -> Iterator[tuple[str, Any]]:
    """`infointerview serve` on a free port: yields (url, process); stops it on exit."""
    port = free_port()
    command = [sys.executable, "-m", "infointerview_tui", "serve", "--port", str(port)]
    command += ["--db", str(db), "--config", str(config)]
    env = {**os.environ, "TEXTUAL_ANIMATION": "none"}
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        start_new_session=True,  # its own process group: the apps it starts stop with it
    )
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(
                    f"serve exited: {process.stdout.read() if process.stdout else ''}"
                )
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"serve did not listen on {port} in {timeout}s") from None
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}", process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


@contextmanager
def chromium_page(width: int = 1400, height: int = 900) -> Iterator[Any]:
    """A page in headless system Chromium with a fresh, throw-away profile."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
        context = p.chromium.launch_persistent_context(
            profile,
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": width, "height": height},
        )
        try:
            yield context.pages[0] if context.pages else context.new_page()
        finally:
            context.close()


class ScreenText:
    """What the app sent the page over its websocket, as plain text.

    The terminal is drawn on a canvas, so the page's DOM holds no text; the frames the
    page received are what it drew.
    """

    def __init__(self, page: Any) -> None:
        self.page = page
        self.chunks: list[str] = []
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload: str | bytes) -> None:
        if isinstance(payload, bytes):
            payload = payload.decode("utf-8", errors="replace")
        self.chunks.append(payload)

    def text(self) -> str:
        return _ANSI.sub("", "".join(self.chunks))

    def wait_for(self, *needles: str, timeout: float = 60.0) -> None:
        """Until every needle has been drawn; TimeoutError after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while not all(n in self.text() for n in needles):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{needles} not drawn in {timeout}s")
            self.page.wait_for_timeout(200)  # lets Playwright deliver the frames
