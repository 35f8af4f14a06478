"""What the commands share: the database they name, opened, and the app."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import threading
from pathlib import Path

from ..cli_guard import CliError
from ..core.dburl import DbTarget


def _db_target(args: argparse.Namespace) -> DbTarget:
    """--db, else $INFOINTERVIEW_DB, else the file in the user's data directory."""
    from ..core.dburl import parse_target
    from ..core.paths import default_db_target

    if getattr(args, "db", None):
        return parse_target(args.db)
    return default_db_target()


def _db_path(args: argparse.Namespace) -> Path:
    """The SQLite file the command works on (for cli_guard); a server database has none."""
    path = _db_target(args).path
    if path is None:
        raise LookupError("a server database is not a file")
    return path


def _safe_target(args: argparse.Namespace) -> DbTarget | None:
    try:
        return _db_target(args)
    except Exception:
        return None


def _open_store(  # noqa: ANN202
    target: DbTarget, *, create: bool = True, args: argparse.Namespace | None = None
):
    store = _open_target(target, create=create)
    if args is not None:
        # The method's rules (holidays, word limit, cadence) read config.toml.
        store.configure(load_config(args).settings)
    return store


def _open_target(target: DbTarget, *, create: bool = True):  # noqa: ANN202
    from ..core.store import open_target

    return open_target(target, create=create)


def run_app(store, args: argparse.Namespace | None = None) -> None:  # noqa: ANN001
    try:
        require_terminal()
    except CliError:
        store.close()
        raise
    from ..gc_pauses import record_from_env

    record_from_env()
    from ..core.paths import board_sql_path, settings_path

    # The board's first read replays the SQL the last run kept (core/quick_board.py), and
    # SQLAlchemy loads once the board is painted: imports hold the GIL, so loading them
    # beside Textual would slow the first paint as much as waiting for them.
    store.use_board_sql(board_sql_path())
    if not store.board_ready:
        # None kept (the first start, a server): SQLAlchemy and the models load beside
        # Textual; the board paints its chrome first and its cards when they are in
        # (errors surface there, on the first read).
        threading.Thread(target=_load_quietly, args=(store,), name="load-orm", daemon=True).start()
    # Frames at up to 120 a second, not Textual's 60 (read when Textual is imported, just
    # below): a change waits for the screen's next frame, and a frame that ran late makes
    # the next wait longer. Measured in tmux (benchmarks/filter_typing.py): a filter key's
    # echo 20 -> 16 ms at 10 contacts and 32 -> 17 ms at 100,000. A screen with nothing
    # to draw draws nothing either way. TEXTUAL_FPS set by the user wins.
    os.environ.setdefault("TEXTUAL_FPS", "120")
    from ..app import InfoInterviewApp
    from ..core.settings import config_path, load_settings

    # Problems in config.toml are shown inside the app, not printed under it.
    config = load_settings(config_path(getattr(args, "config", None)))
    InfoInterviewApp(store, settings=settings_path(), config=config).run()


def require_terminal() -> None:
    """The app draws on a terminal: both ends must be one, unless a driver that needs none
    runs it (textual-serve sets TEXTUAL_DRIVER for the browser; its app talks over pipes).
    Without one, Textual would draw into a file or pipe and read an input that has ended,
    forever (100 % CPU): one line instead."""
    if os.environ.get("TEXTUAL_DRIVER") or (sys.stdin.isatty() and sys.stdout.isatty()):
        return
    raise CliError(
        "the app needs a terminal: standard input and output are not one (run it in a "
        "terminal; `export`, `agenda` and `demo --no-open` work without one)"
    )


def _load_quietly(store) -> None:  # noqa: ANN001
    with contextlib.suppress(Exception):
        store.load()


def load_config(args: argparse.Namespace):  # noqa: ANN201
    """The settings in effect; each problem in the file is one warning line on stderr."""
    from ..core.settings import config_path, load_settings

    loaded = load_settings(config_path(getattr(args, "config", None)))
    for problem in loaded.problems:
        print(f"infointerview: {_safe(problem)}", file=sys.stderr)
    return loaded


def _safe(text: str) -> str:
    from ..core.text import clean_line

    return clean_line(text)
