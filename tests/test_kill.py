"""The real app in a real pseudo-terminal, killed with SIGKILL mid-interview."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import sqlite3
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")


class Terminal:
    """A child process on a 140x42 pty, whose output we can wait for."""

    def __init__(self, args: list[str]) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 42, 140, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "140", "LINES": "42"}
        self.proc = subprocess.Popen(
            args, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
        )
        os.close(slave)
        self.output = b""

    def read(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                try:
                    self.output += os.read(self.master, 65536)
                except OSError:
                    return

    def wait_for(self, needle: bytes, timeout: float = 20) -> None:
        end = time.monotonic() + timeout
        start = len(self.output)
        while time.monotonic() < end:
            self.read(0.1)
            if needle in self.output[start:] or needle in self.output:
                return
        raise AssertionError(f"{needle!r} never appeared")

    def type(self, text: str) -> None:
        for ch in text:
            os.write(self.master, ch.encode())
            time.sleep(0.01)

    def kill(self) -> None:
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)
        os.close(self.master)


def test_sigkill_after_typing_loses_nothing(tmp_path: Path):
    db = tmp_path / "kill.db"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "infointerview_tui",
            "demo",
            "--db",
            str(db),
            "--no-open",
            "--contacts",
            "30",
        ],
        check=True,
        capture_output=True,
    )
    term = Terminal([sys.executable, "-m", "infointerview_tui", "--db", str(db)])
    try:
        term.wait_for(b"Follow-up")
        term.read(0.5)
        for _ in range(3):
            term.type("l")
            term.read(0.3)
        term.type("i")
        term.wait_for(b"Next Q")
        term.read(0.5)
        term.type("Typed during the call, then the laptop died")
        term.read(1.5)
    finally:
        term.kill()
    conn = sqlite3.connect(db)
    try:
        notes = [r[0] for r in conn.execute("SELECT notes FROM interview_answer")]
        assert "Typed during the call, then the laptop died" in notes
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def test_sigkill_two_seconds_after_typing_an_organization_loses_nothing(tmp_path: Path):
    """A linked name is autosaved as typed, like every contact field, and the names it
    passed through on the way ("Zeph", "Zephyr L") are not left behind as records."""
    db = tmp_path / "kill.db"
    subprocess.run(
        [sys.executable, "-m", "infointerview_tui", "demo", "--db", str(db), "--no-open"]
        + ["--contacts", "30"],
        check=True,
        capture_output=True,
    )
    term = Terminal([sys.executable, "-m", "infointerview_tui", "--db", str(db)])
    try:
        term.wait_for(b"Follow-up")
        term.read(0.5)
        term.type("\r")  # open the selected contact
        term.wait_for(b"Save & close")
        term.read(0.5)
        term.type("\t\t\t")  # the summary, then name, title, organization
        term.read(0.3)
        os.write(term.master, b"\x1b[F")  # end
        os.write(term.master, b"\x15")  # ctrl+u: clear the field
        term.read(0.3)
        for part in ("Zeph", "yr L", "abs"):
            term.type(part)
            term.read(0.8)  # pauses as a person makes them, long enough to autosave
        term.read(2.0)
    finally:
        term.kill()
    conn = sqlite3.connect(db)
    try:
        linked = conn.execute(
            "SELECT count(*) FROM contact c JOIN organization o ON c.organization_id = o.id "
            "WHERE o.name = 'Zephyr Labs'"
        ).fetchone()[0]
        assert linked == 1
        names = [r[0] for r in conn.execute("SELECT name FROM organization")]
        assert not [n for n in names if "Zephyr Labs".startswith(n) and n != "Zephyr Labs"]
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
