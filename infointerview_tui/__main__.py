"""Command line: parse arguments, open the store, run the app or a subcommand (the
commands live in cli/, by group).

Every error a user can cause prints one line on stderr and exits 2; files are left as
they were.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Sequence

from .cli.common import _db_path, _db_target, _open_store, _safe_target, run_app
from .cli.daily import cmd_agenda, cmd_log, cmd_report
from .cli.data import cmd_backup, cmd_demo, cmd_export, cmd_import
from .cli.parser import EXIT_USAGE, build_parser
from .cli.service import cmd_config, cmd_keys, cmd_serve, cmd_sync
from .cli_guard import message, new_database, remove_database
from .core.dburl import mask

COMMANDS = {
    "config": cmd_config,
    "serve": cmd_serve,
    "keys": cmd_keys,
    "demo": cmd_demo,
    "export": cmd_export,
    "import": cmd_import,
    "agenda": cmd_agenda,
    "log": cmd_log,
    "backup": cmd_backup,
    "sync": cmd_sync,
    "report": cmd_report,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command is not None and hasattr(signal, "SIGPIPE"):
        # `infointerview agenda | head` should stop quietly, like any Unix tool.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    created = new_database(args, _db_path)
    try:
        status = _run(args)
    except KeyboardInterrupt:
        status = 130
    except BaseException as exc:
        if isinstance(exc, SystemExit):
            raise
        if os.environ.get("INFOINTERVIEW_DEBUG"):
            raise  # developers: the whole traceback
        from .core.text import terminal_safe

        text = message(exc, args, _db_path)
        if _is_database_error(exc):
            # The server went away mid-command (network, restart): say so, masked.
            from .core.pg import explain

            target = _safe_target(args)
            if target is not None and target.is_postgres:
                text = explain(exc, target)
        print(f"infointerview: {terminal_safe(mask(text))}", file=sys.stderr)
        status = EXIT_USAGE
    if status != 0 and created is not None:
        remove_database(created)
    return status


def _run(args: argparse.Namespace) -> int:
    if args.command is None:
        run_app(_open_store(_db_target(args)), args)
        return 0
    return int(COMMANDS[args.command](args))


def _is_database_error(exc: BaseException) -> bool:
    errors = sys.modules.get("sqlalchemy.exc")
    return errors is not None and isinstance(exc, errors.OperationalError)


if __name__ == "__main__":
    sys.exit(main())
