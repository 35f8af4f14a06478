"""A consistent copy of the database through SQLite's online backup API."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from ..store import Store
from .errors import InteropError


def backup(store: Store, out: Path) -> None:
    """Copy the live database to `out` (mode 0600), safe while the app is running."""
    out = Path(out)
    if out.resolve() == store.path.resolve():
        raise InteropError("the backup must go to another file than the database itself")
    if out.is_dir():
        raise InteropError(f"{out} is a directory; give a file name")
    tmp = out.with_name(f".{out.name}.partial")
    try:
        fd = os.open(tmp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        os.close(fd)
        target = sqlite3.connect(tmp)
        try:
            store.conn.backup(target)
        finally:
            target.close()
        tmp.replace(out)
    except OSError as exc:
        raise InteropError(f"cannot write {out}: {exc.strerror}") from None
    except sqlite3.Error as exc:
        raise InteropError(f"cannot write {out}: {exc}") from None
    finally:
        tmp.unlink(missing_ok=True)
