"""The command line's last line of defence: any failure is one line, exit 2.

`main` runs a command inside this guard: expected errors keep their own words; a
database fault is described by its cause (disk full, read-only, constraint); anything
else, a bug, by its kind only, since its text could carry someone's data. A database
file the failed command created is removed again.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path


class CliError(Exception):
    """A user-facing failure: one line, exit 2."""


def remove_database(path: Path) -> None:
    """Remove a database file this command created (and SQLite's side files)."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def new_database(
    args: argparse.Namespace, db_path: Callable[[argparse.Namespace], Path]
) -> Path | None:
    """The database path if this command may create it (it does not exist yet)."""
    if args.command not in (None, "import", "demo"):
        return None
    if args.command == "demo" and not getattr(args, "db", None):
        return None  # cmd_demo cleans up its own temporary file
    try:
        path = db_path(args)
    except Exception:
        return None
    return None if path.exists() or path.is_symlink() else path


def message(
    exc: BaseException, args: argparse.Namespace, db_path: Callable[[argparse.Namespace], Path]
) -> str:
    """One line: the expected errors' own words, anything else described without data."""
    from .core.db import StoreError
    from .core.errors import describe
    from .core.interop.errors import InteropError
    from .core.validation import ValidationError
    from .serve import ServeError

    if isinstance(exc, CliError | StoreError | InteropError | ValidationError | ServeError):
        return " ".join(str(exc).split()) or type(exc).__name__
    try:
        path: Path | None = db_path(args)
    except Exception:
        path = None
    return describe(exc, path)
