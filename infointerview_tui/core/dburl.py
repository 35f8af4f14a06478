"""Where the data lives: an SQLite file path or a PostgreSQL URL, and showing it safely.

`--db` and `$INFOINTERVIEW_DB` take either a path (an SQLite file, as always) or a URL
such as `postgresql+psycopg://me@db.example.org/infointerview?sslmode=require`. The
password is best left to libpq (`PGPASSWORD`, `~/.pgpass`); one given in the URL is used
to connect but never shown: everything meant for eyes goes through `mask()`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .db import StoreError

POSTGRES_DRIVER = "postgresql+psycopg"
# Spellings people use for the same thing; all run on psycopg 3.
_POSTGRES_SCHEMES = {"postgresql", "postgres", "postgresql+psycopg"}
_URL_START = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")
_QUERY_PASSWORD = re.compile(r"(?i)([?&]password=)[^&\s]*")


def is_url(text: str) -> bool:
    return bool(_URL_START.match(text))


def mask(text: str) -> str:
    """`text` with any password in a URL (user:PASSWORD@ or ?password=) shown as ***."""

    def one(match: re.Match[str]) -> str:
        url = match.group(0)
        scheme, _, rest = url.partition("://")
        netloc_end = len(rest)
        for sep in "/?":
            at = rest.find(sep)
            if at != -1:
                netloc_end = min(netloc_end, at)
        # A raw '@' may sit inside a password: the host follows the last one.
        netloc, tail = rest[:netloc_end], rest[netloc_end:]
        userinfo, at_sign, host = netloc.rpartition("@")
        if at_sign and ":" in userinfo:
            userinfo = userinfo.split(":", 1)[0] + ":***"
            netloc = f"{userinfo}@{host}"
        return f"{scheme}://{netloc}{tail}"

    text = re.sub(r"[A-Za-z][A-Za-z0-9+.\-]*://\S+", one, text)
    return _QUERY_PASSWORD.sub(r"\1***", text)


@dataclass(frozen=True)
class DbTarget:
    """An SQLite file (`path`) or a PostgreSQL database (`url`)."""

    url: str  # a SQLAlchemy URL; may hold a password, so never print it: use `shown`
    path: Path | None = None

    @property
    def is_postgres(self) -> bool:
        return self.path is None

    @property
    def shown(self) -> str:
        """Fit for a header, an error or a log: the path, or the URL with the password masked."""
        return str(self.path) if self.path is not None else mask(self.url)

    @property
    def title(self) -> str:
        """Short: the file name, or `dbname on host`."""
        if self.path is not None:
            return self.path.name
        from sqlalchemy.engine import make_url

        url = make_url(self.url)
        where = url.host or url.query.get("host") or "local socket"
        return f"{url.database or url.username or 'postgres'} on {where}"

    def __str__(self) -> str:
        return self.shown

    def __repr__(self) -> str:
        return f"DbTarget({self.shown!r})"


def sqlite_target(path: Path | str) -> DbTarget:
    path = Path(path).expanduser()
    return DbTarget(url=f"sqlite:///{path}", path=path)


def parse_target(text: str | Path) -> DbTarget:
    """A `--db` value as a DbTarget; a URL we cannot use raises StoreError (masked)."""
    if isinstance(text, Path) or not is_url(text):
        return sqlite_target(text)
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(text)
    except (ArgumentError, ValueError):
        raise StoreError(f"{mask(text)} is not a valid database URL") from None
    if url.drivername == "sqlite":
        if not url.database or url.database == ":memory:":
            raise StoreError("an sqlite:/// URL needs a file path, e.g. sqlite:///notes.db")
        return sqlite_target(url.database)
    if url.drivername not in _POSTGRES_SCHEMES:
        raise StoreError(
            f"{mask(text)}: unsupported database; give a file path or "
            f"{POSTGRES_DRIVER}://user@host/dbname"
        )
    url = url.set(drivername=POSTGRES_DRIVER)
    return DbTarget(url=url.render_as_string(hide_password=False))
