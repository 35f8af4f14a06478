"""Parsing the command line: one line per mistake, exit 2."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import NoReturn

from .. import __version__

EXIT_USAGE = 2


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (plus where to look), exit 2."""

    def error(self, message: str) -> NoReturn:
        from ..core.text import terminal_safe

        line = terminal_safe(f"{self.prog}: {message} (see {self.prog} --help)")
        self.exit(EXIT_USAGE, line + "\n")


def _db_parent() -> OneLineParser:
    parent = OneLineParser(add_help=False)
    parent.add_argument(
        "--db",
        default=argparse.SUPPRESS,
        metavar="PATH|URL",
        help="the database: a file, or postgresql+psycopg://user@host/dbname (password from "
        "PGPASSWORD or ~/.pgpass) (default: $INFOINTERVIEW_DB or your data directory)",
    )
    parent.add_argument(
        "--config",
        type=Path,
        default=argparse.SUPPRESS,
        metavar="PATH",
        help="the settings file (default: $INFOINTERVIEW_CONFIG or config.toml in your "
        "config directory)",
    )
    return parent


def build_parser() -> argparse.ArgumentParser:
    db = _db_parent()
    force = OneLineParser(add_help=False)
    force.add_argument(
        "--force", action="store_true", help="replace OUT if it exists (default: refuse)"
    )
    parser = OneLineParser(
        prog="infointerview",
        parents=[db],
        description="Run information interviews from the terminal: research a field, find "
        "organizations and people, interview, follow up.",
    )
    parser.add_argument("--version", action="version", version=f"infointerview {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = sub.add_parser("demo", parents=[db], help="write a demo database and open it")
    demo.add_argument(
        "--contacts", type=int, default=60, metavar="N", help="how many contacts (default 60)"
    )
    demo.add_argument(
        "--seed",
        type=int,
        default=7,
        metavar="S",
        help="random seed: the same seed gives the same data",
    )
    demo.add_argument("--no-open", action="store_true", help="write it, don't open the app")

    from ..core.interop.formats import EXPORTS, IMPORTS

    export = sub.add_parser("export", parents=[db], help="write data out in another format")
    export_kind = export.add_subparsers(dest="format", metavar="FORMAT", required=True)
    for fmt in EXPORTS.values():
        if fmt.in_cli:
            p = export_kind.add_parser(fmt.name, parents=[db, force], help=fmt.help)
            p.add_argument("out", type=Path, metavar="OUT")

    imp = sub.add_parser("import", parents=[db], help="bring data in")
    imp_kind = imp.add_subparsers(dest="format", metavar="FORMAT", required=True)
    for ifmt in IMPORTS.values():
        p = imp_kind.add_parser(ifmt.name, parents=[db], help=ifmt.help)
        p.add_argument("file", type=Path, metavar="FILE")

    agenda = sub.add_parser("agenda", parents=[db], help="what is due, for shells and reminders")
    agenda.add_argument("--json", action="store_true", help="machine-readable output")

    config = sub.add_parser(
        "config", parents=[db], help="where the settings file is, and what it says"
    )
    config.add_argument(
        "action",
        choices=("path", "show"),
        help="path: print the settings file's path; show: the settings in effect",
    )

    log = sub.add_parser(
        "log",
        parents=[db],
        help="log outreach, a reply or a touch (for a mail client's send hook)",
    )
    log.add_argument("kind", choices=("sent", "reply", "touch", "give-back"), help="what happened")
    log.add_argument("contact", metavar="CONTACT", help="a unique name prefix or an email")
    log.add_argument("--at", metavar="WHEN", help="when it happened (default: now)")
    log.add_argument("--channel", default="email", metavar="C", help="email, linkedin, phone...")
    log.add_argument(
        "--outcome", choices=("yes", "not-now", "no"), help="a reply's answer to your request"
    )
    log.add_argument("--text", default="", metavar="T", help="the message, reply or note")

    sync = sub.add_parser(
        "sync",
        parents=[db],
        help="two-way sync with the CalDAV/CardDAV account in config.toml's [sync]",
    )
    sync.add_argument(
        "--dry-run",
        action="store_true",
        help="say what would change on either side; change nothing",
    )

    report = sub.add_parser(
        "report",
        parents=[db],
        help="a progress report for a counsellor: figures only, no names unless asked",
    )
    report.add_argument("out", type=Path, metavar="OUT")
    report.add_argument(
        "--since",
        metavar="DATE",
        help="start of the period, as you would type it ('2026-09-01', 'sep 1'); "
        "default: everything",
    )
    report.add_argument(
        "--format",
        choices=("html", "md", "json"),
        help="default: from OUT's extension (.html, .md, .json), else html",
    )
    report.add_argument(
        "--with-names", action="store_true", help="add people's names (never notes or emails)"
    )
    report.add_argument("--force", action="store_true", help="replace OUT if it exists")

    serve = sub.add_parser(
        "serve", parents=[db], help="the app in your browser, on http://127.0.0.1:PORT"
    )
    serve.add_argument(
        "--port", type=int, default=8000, metavar="PORT", help="the port (default 8000)"
    )
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        metavar="ADDR",
        help="only 127.0.0.1: use SSH port forwarding to reach it from elsewhere",
    )

    sub.add_parser("keys", help="every key binding id for [keys] in config.toml")

    backup = sub.add_parser("backup", parents=[db, force], help="a consistent copy of the database")
    backup.add_argument("out", type=Path, metavar="OUT")
    return parser
