"""A real Radicale server for the tests: 127.0.0.1, a free port, htpasswd auth, optional
TLS; started with a bounded wait and always stopped."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

USER, PASSWORD = "sam", "s3cret-Pa55"
START_TIMEOUT_S = 20.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Radicale:
    root: Path
    port: int
    process: subprocess.Popen[bytes]
    storage: Path
    scheme: str = "http"

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}/"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        shutil.rmtree(self.storage, ignore_errors=True)


def _storage_dir(root: Path) -> Path:
    """Radicale fsyncs every object it writes; on a busy shared disk that alone costs
    tens of ms a PUT. Its storage goes to memory (tmpfs) when the machine has one."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        return Path(tempfile.mkdtemp(prefix="infointerview-radicale-", dir=shm))
    return root / "collections"


def start(root: Path, *, cert: Path | None = None, key: Path | None = None) -> Radicale:
    root.mkdir(parents=True, exist_ok=True)
    (root / "users").write_text(f"{USER}:{PASSWORD}\n", encoding="utf-8")
    port = free_port()
    storage = _storage_dir(root)
    tls = ""
    if cert is not None and key is not None:
        tls = f"ssl = True\ncertificate = {cert}\nkey = {key}\n"
    (root / "config").write_text(
        f"[server]\nhosts = 127.0.0.1:{port}\n{tls}"
        f"[auth]\ntype = htpasswd\nhtpasswd_filename = {root / 'users'}\n"
        "htpasswd_encryption = plain\ndelay = 0\n"
        f"[storage]\nfilesystem_folder = {storage}\n"
        "[rights]\ntype = owner_only\n"
        "[logging]\nlevel = warning\n",
        encoding="utf-8",
    )
    log = (root / "radicale.log").open("wb")
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "radicale", "--config", str(root / "config")],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    finally:
        log.close()
    server = Radicale(root, port, process, storage, "https" if tls else "http")
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            shutil.rmtree(storage, ignore_errors=True)
            raise RuntimeError("radicale exited: " + (root / "radicale.log").read_text())
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return server
        except OSError:
            time.sleep(0.05)
    server.stop()
    raise RuntimeError(f"radicale did not listen on {port} within {START_TIMEOUT_S} s")
