"""Commands that move data: demo, export, import, backup."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile

from ..cli_guard import CliError, remove_database
from ..core.dburl import sqlite_target
from .common import _db_target, _open_store, require_terminal, run_app


def cmd_demo(args: argparse.Namespace) -> int:
    from ..core.demo import DatabaseNotEmpty, write_demo

    if args.contacts < 0 or args.contacts > 1_000_000:
        raise CliError("--contacts must be between 0 and 1,000,000")
    if not args.no_open:
        require_terminal()  # before writing: the demo would be made for nothing
    if getattr(args, "db", None):
        target = _db_target(args)
        path = target.path
        if path and path.exists() and path.stat().st_size > 0:
            raise CliError(f"{path} already exists; the demo writes only to a new file")
    else:
        fd, name = tempfile.mkstemp(prefix="infointerview-demo-", suffix=".db")
        os.close(fd)
        target = sqlite_target(name)
    try:
        store = _open_store(target)
        try:
            write_demo(store, args.contacts, args.seed)
        except DatabaseNotEmpty:
            store.close()  # a server's database with contacts: nothing was written
            raise CliError(
                f"{target.shown} already has contacts; the demo writes only to an empty database"
            ) from None
        except BaseException:
            store.close()
            raise
    except BaseException:
        if not getattr(args, "db", None) and target.path is not None:
            remove_database(target.path)  # the temporary file this command made
        raise
    print(f"demo database: {target.shown}", file=sys.stderr)
    if args.no_open:
        store.close()
        return 0
    run_app(store, args)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    store = _open_store(_db_target(args), create=False, args=args)
    try:
        from ..core.interop.exports import export

        print(export(store, args.format, args.out, force=args.force), file=sys.stderr)
    finally:
        store.close()
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from ..core.text import terminal_safe

    target = _db_target(args)
    if not args.file.exists():
        raise CliError(f"{args.file} does not exist")
    store = _open_store(target)
    try:
        from ..core.interop.exports import run_import

        summary = run_import(store, args.format, args.file, _progress)
        print(terminal_safe(summary, multiline=True), file=sys.stderr)
    finally:
        store.close()
    return 0


def _progress(done: int, total: int) -> None:
    """A progress line on stderr for big imports (only when stderr is a terminal)."""
    if total < 5000 or not sys.stderr.isatty():
        return
    width = 30
    filled = width * done // max(total, 1)
    end = "\n" if done >= total else ""
    print(
        f"\r  [{'#' * filled}{'.' * (width - filled)}] {done}/{total}",
        end=end,
        file=sys.stderr,
        flush=True,
    )


def cmd_backup(args: argparse.Namespace) -> int:
    from ..core.interop.backup import backup

    target = _db_target(args)
    if target.is_postgres:
        # The server's own tool is the consistent, restorable copy of a server database.
        from ..core.pg import libpq_url

        raise CliError(
            "backup copies SQLite files; for PostgreSQL run: pg_dump --format=custom "
            f"--file={args.out} '{libpq_url(target)}' (or `export json` for a portable copy)"
        )
    store = _open_store(target, create=False)
    try:
        backup(store, args.out, force=args.force)
    finally:
        store.close()
    print(f"backed up {store.path} to {args.out}", file=sys.stderr)
    return 0
