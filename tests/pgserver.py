"""A private PostgreSQL server for the tests: its own data directory, socket and port.

`PgServer.start()` runs `initdb` and `pg_ctl` in a fresh temporary directory, listening
on 127.0.0.1 on a free port and on a private unix-socket directory; as root it runs them
as the `postgres` user (created if missing), since PostgreSQL refuses to run as root.
The superuser has a password and TCP connections must give it, so the tests go through
libpq's usual password lookup: the server writes a `.pgpass` file and points
`PGPASSFILE` at it. `stop()` always stops the server and removes the directory.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

START_TIMEOUT_S = 30
SUPERUSER = "ii_admin"
# Speed over durability: the data lives for one test session.
FAST_SETTINGS = (
    "fsync=off",
    "synchronous_commit=off",
    "full_page_writes=off",
    "max_connections=200",
)


class PgUnavailable(Exception):
    """No PostgreSQL binaries on this machine (install the `postgresql` package)."""


def find_bindir() -> Path:
    """Where initdb/pg_ctl live: on PATH, else Debian's versioned directory (newest)."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: (
            int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0
        ),
    )
    if candidates:
        return Path(candidates[-1]).parent
    raise PgUnavailable("initdb not found (apt-get install postgresql)")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _ensure_user(name: str) -> pwd.struct_passwd:
    try:
        return pwd.getpwnam(name)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name],
            check=True,
            capture_output=True,
        )
        return pwd.getpwnam(name)


@dataclass
class PgServer:
    """One throw-away PostgreSQL cluster."""

    root: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="ii-pg-")))
    port: int = 0
    password: str = field(default_factory=lambda: secrets.token_urlsafe(12))
    user: str = SUPERUSER
    _run_as: str | None = None
    _started: bool = False
    _counter: int = 0

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def sockets(self) -> Path:
        return self.root / "sock"

    @property
    def pgpass(self) -> Path:
        return self.root / "pgpass"

    def _cmd(self, *argv: str) -> list[str]:
        if self._run_as:
            return ["runuser", "-u", self._run_as, "--", *argv]
        return list(argv)

    def start(self) -> PgServer:
        bindir = find_bindir()
        if os.geteuid() == 0:
            account = _ensure_user("postgres")
            self._run_as = account.pw_name
            os.chown(self.root, account.pw_uid, account.pw_gid)
        os.chmod(self.root, 0o755)  # the socket directory must be reachable by the tests
        pwfile = self.root / "pw"
        pwfile.write_text(self.password + "\n")
        self.sockets.mkdir()
        if self._run_as:
            account = pwd.getpwnam(self._run_as)
            for p in (pwfile, self.sockets):
                os.chown(p, account.pw_uid, account.pw_gid)
        subprocess.run(
            self._cmd(
                str(bindir / "initdb"),
                "-D",
                str(self.data),
                "-U",
                self.user,
                f"--pwfile={pwfile}",
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                "--encoding=UTF8",
                "--locale=C",
                "--no-sync",
            ),
            check=True,
            capture_output=True,
            timeout=120,
        )
        pwfile.unlink()
        self.pgpass.write_text(f"127.0.0.1:*:*:{self.user}:{self.password}\n")
        os.chmod(self.pgpass, 0o600)
        # A free port can be taken between asking and binding: try a few.
        for _attempt in range(5):
            self.port = free_port()
            options = " ".join(
                [
                    f"-p {self.port}",
                    f"-k {self.sockets}",
                    "-c listen_addresses=127.0.0.1",
                    *(f"-c {s}" for s in FAST_SETTINGS),
                ]
            )
            started = subprocess.run(
                self._cmd(
                    str(bindir / "pg_ctl"),
                    "-D",
                    str(self.data),
                    "-l",
                    str(self.root / "server.log"),
                    "-o",
                    options,
                    "-w",
                    "-t",
                    str(START_TIMEOUT_S),
                    "start",
                ),
                capture_output=True,
                timeout=START_TIMEOUT_S + 10,
            )
            if started.returncode == 0:
                self._started = True
                self._bindir = bindir
                return self
        log = (self.root / "server.log").read_text(errors="replace")[-2000:]
        raise RuntimeError(f"PostgreSQL did not start:\n{log}")

    def stop(self) -> None:
        """Stop the server (fast, then immediate) and delete everything it wrote."""
        try:
            if self._started:
                for mode in ("fast", "immediate"):
                    done = subprocess.run(
                        self._cmd(
                            str(self._bindir / "pg_ctl"),
                            "-D",
                            str(self.data),
                            "-m",
                            mode,
                            "-w",
                            "-t",
                            "20",
                            "stop",
                        ),
                        capture_output=True,
                        timeout=40,
                    )
                    if done.returncode == 0:
                        break
                self._started = False
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    # -- databases -----------------------------------------------------------------

    def url(self, dbname: str = "postgres", *, with_password: bool = False) -> str:
        """A SQLAlchemy URL over TCP; the password comes from PGPASSFILE unless asked."""
        secret = f":{self.password}" if with_password else ""
        return f"postgresql+psycopg://{self.user}{secret}@127.0.0.1:{self.port}/{dbname}"

    def admin(self):  # noqa: ANN201 - a psycopg connection to the maintenance database
        import psycopg

        return psycopg.connect(
            host=str(self.sockets),
            port=self.port,
            user=self.user,
            dbname="postgres",
            autocommit=True,
        )

    def create_database(self, prefix: str = "t", *, template: str | None = None) -> str:
        """A fresh database (empty, or a copy of `template`: a file copy, ~10 ms);
        returns its name. A template must have no open connections."""
        self._counter += 1
        name = f"{prefix}_{os.getpid()}_{self._counter}"
        copy = f' TEMPLATE "{template}"' if template else ""
        with self.admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}"{copy}')
        return name

    def drop_database(self, name: str) -> None:
        with self.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    @contextlib.contextmanager
    def database(self, prefix: str = "t", *, template: str | None = None) -> Iterator[str]:
        """A fresh database for the length of the block: yields its URL."""
        name = self.create_database(prefix, template=template)
        try:
            yield self.url(name)
        finally:
            self.drop_database(name)


def wait_until(predicate, timeout: float = 1.0, step: float = 0.02) -> bool:  # noqa: ANN001
    """Poll `predicate` until true or `timeout` seconds pass (a bounded loop)."""
    deadline = time.monotonic() + timeout
    while True:
        if predicate():
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(step)
