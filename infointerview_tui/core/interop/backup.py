"""A consistent copy of the database through SQLite's online backup API."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from .. import db
from ..store import Store
from .errors import InteropError
from .files import private_path


def backup(store: Store, out: Path, *, force: bool = False) -> None:
    """Copy the live database to `out` (mode 0600), safe while the app is running; an
    existing file is replaced only with `force`."""
    out = Path(out)
    if out.resolve() == store.path.resolve():
        raise InteropError("the backup must go to another file than the database itself")
    with private_path(out, force=force) as tmp:
        try:
            db.backup(store.conn, tmp)
        except sqlite3.Error as exc:
            raise InteropError(f"cannot write {out}: {exc}") from None
