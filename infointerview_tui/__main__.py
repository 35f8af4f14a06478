"""Command line: parse arguments, open the store, run the app or a subcommand.

Every error a user can cause prints one line on stderr and exits 2; files are left as
they were.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from . import __version__
from .cli_guard import CliError, message, new_database, remove_database

EXIT_USAGE = 2


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (plus where to look), exit 2."""

    def error(self, message: str) -> NoReturn:
        from .core.text import terminal_safe

        line = terminal_safe(f"{self.prog}: {message} (see {self.prog} --help)")
        self.exit(EXIT_USAGE, line + "\n")


def _db_parent() -> OneLineParser:
    parent = OneLineParser(add_help=False)
    parent.add_argument(
        "--db",
        type=Path,
        default=argparse.SUPPRESS,
        metavar="PATH",
        help="the database file (default: $INFOINTERVIEW_DB or your data directory)",
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

    export = sub.add_parser("export", parents=[db], help="write data out in another format")
    export_kind = export.add_subparsers(dest="format", metavar="FORMAT", required=True)
    out = export_kind.add_parser("json", parents=[db, force], help="everything, as JSON")
    out.add_argument("out", type=Path, metavar="OUT")
    for name, helptext in (
        ("vcard", "contacts as vCard 4.0"),
        ("ics", "interviews and open follow-ups as iCalendar"),
        ("markdown", "one Markdown file per interview, into a directory"),
    ):
        p = export_kind.add_parser(name, parents=[db, force], help=helptext)
        p.add_argument("out", type=Path, metavar="OUT")

    imp = sub.add_parser("import", parents=[db], help="bring data in")
    imp_kind = imp.add_subparsers(dest="format", metavar="FORMAT", required=True)
    for name, helptext in (
        ("json", "an infointerview JSON export, into an empty database"),
        ("linkedin", "LinkedIn's Connections.csv data export"),
        ("vcard", "a vCard 3.0/4.0 file"),
    ):
        p = imp_kind.add_parser(name, parents=[db], help=helptext)
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


def _db_path(args: argparse.Namespace) -> Path:
    if getattr(args, "db", None):
        return Path(args.db).expanduser()
    from .core.paths import default_db_path

    return default_db_path()


def _open_store(path: Path, *, create: bool = True):  # noqa: ANN202
    from .core.store import Store

    return Store(path, create=create)


def run_app(store, args: argparse.Namespace | None = None) -> None:  # noqa: ANN001
    # SQLAlchemy and the models load beside Textual; the board paints its chrome first
    # and its cards when they are in (errors surface there, on the first read).
    threading.Thread(target=_load_quietly, args=(store,), name="load-orm", daemon=True).start()
    from .app import InfoInterviewApp
    from .core.paths import settings_path
    from .core.settings import config_path, load_settings

    # Problems in config.toml are shown inside the app, not printed under it.
    config = load_settings(config_path(getattr(args, "config", None)))
    InfoInterviewApp(store, settings=settings_path(), config=config).run()


def _load_quietly(store) -> None:  # noqa: ANN001
    with contextlib.suppress(Exception):
        store.load()


def cmd_demo(args: argparse.Namespace) -> int:
    from .core.demo import write_demo

    if args.contacts < 0 or args.contacts > 1_000_000:
        raise CliError("--contacts must be between 0 and 1,000,000")
    if getattr(args, "db", None):
        path = Path(args.db).expanduser()
        if path.exists() and path.stat().st_size > 0:
            raise CliError(f"{path} already exists; the demo writes only to a new file")
    else:
        fd, name = tempfile.mkstemp(prefix="infointerview-demo-", suffix=".db")
        os.close(fd)
        path = Path(name)
    try:
        store = _open_store(path)
        try:
            write_demo(store, args.contacts, args.seed)
        except BaseException:
            store.close()
            raise
    except BaseException:
        if not getattr(args, "db", None):
            remove_database(path)  # the temporary file this command made
        raise
    print(f"demo database: {path}", file=sys.stderr)
    if args.no_open:
        store.close()
        return 0
    run_app(store, args)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    path = _db_path(args)
    store = _open_store(path, create=False)
    try:
        if args.format == "json":
            from .core.interop.jsonio import export_json

            count = export_json(store, args.out, force=args.force)
            print(f"exported {count} contacts to {args.out}", file=sys.stderr)
        else:
            from .core.interop.exports import export

            message = export(store, args.format, args.out, force=args.force)
            print(message, file=sys.stderr)
    finally:
        store.close()
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from .core.text import terminal_safe

    path = _db_path(args)
    if not args.file.exists():
        raise CliError(f"{args.file} does not exist")
    store = _open_store(path)
    try:
        if args.format == "json":
            from .core.interop.jsonio import import_json

            count = import_json(store, args.file)
            print(f"imported {count} contacts from {args.file}", file=sys.stderr)
        else:
            from .core.interop.exports import run_import

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


def cmd_agenda(args: argparse.Namespace) -> int:
    import json

    from .core.dates import format_when, local_now
    from .core.schedule import agenda_group
    from .core.text import json_terminal_safe, terminal_safe

    store = _open_store(_db_path(args), create=False)
    try:
        now = local_now()
        items = store.follow_ups.agenda()
    finally:
        store.close()
    if args.json:
        dumped = json.dumps([i.as_json(now.tzinfo) for i in items], ensure_ascii=False, indent=2)
        print(json_terminal_safe(dumped))
        return 0
    if not items:
        print("Nothing is due.")
    group = None
    for item in items:
        g = agenda_group(item.due, now)
        if g != group:
            print(f"\n{g}" if group else g)
            group = g
        org = f" ({terminal_safe(item.organization)})" if item.organization else ""
        who = terminal_safe(item.contact)
        print(f"  {format_when(item.due, now):<18} {item.kind:<14} {who}{org}")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from .core.interop.backup import backup

    store = _open_store(_db_path(args), create=False)
    try:
        backup(store, args.out, force=args.force)
    finally:
        store.close()
    print(f"backed up {store.path} to {args.out}", file=sys.stderr)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from .core.dates import DateParseError, local_now, parse_when
    from .core.interop.files import check_target, write_atomically
    from .core.interop.report import render
    from .core.periods import Period
    from .core.report import collect, report_data

    fmt = args.format or {".md": "md", ".json": "json"}.get(args.out.suffix.lower(), "html")
    now = local_now()
    period = Period.last("all", now)
    if args.since:
        try:
            since = parse_when(args.since, now, prefer_future=False)
        except DateParseError as exc:
            raise CliError(f"--since: {exc}") from None
        if since > now:
            raise CliError(f"--since: {since:%Y-%m-%d %H:%M} is in the future")
        period = Period(f"since {since:%Y-%m-%d}", since, now)
    check_target(args.out, force=args.force)  # before any counting
    settings = load_config(args).settings
    store = _open_store(_db_path(args), create=False)
    try:
        collected = collect(store, period, settings, now.tzinfo, with_names=args.with_names)  # type: ignore[arg-type]
    finally:
        store.close()
    data = report_data(collected, now.tzinfo, with_names=args.with_names)  # type: ignore[arg-type]
    write_atomically(args.out, render(data, fmt), force=args.force)
    print(f"wrote the {fmt} report ({period.label}) to {args.out}", file=sys.stderr)
    return 0


def load_config(args: argparse.Namespace):  # noqa: ANN201
    """The settings in effect; each problem in the file is one warning line on stderr."""
    from .core.settings import config_path, load_settings

    loaded = load_settings(config_path(getattr(args, "config", None)))
    for problem in loaded.problems:
        print(f"infointerview: {_safe(problem)}", file=sys.stderr)
    return loaded


def _safe(text: str) -> str:
    from .core.text import clean_line

    return clean_line(text)


def cmd_config(args: argparse.Namespace) -> int:
    from .core.settings import render_settings

    loaded = load_config(args)
    if args.action == "path":
        print(loaded.path)
    else:
        print(
            f"# {_safe(str(loaded.path))}"
            + ("" if loaded.path.exists() else " (not created yet: defaults)")
        )
        print(render_settings(loaded.settings), end="")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .core.settings import config_path
    from .serve import check_host, check_port, serve

    check_host(args.host, args.port)  # refused before anything is created
    check_port(args.port)
    db = _db_path(args).resolve()
    _open_store(db).close()  # a bad path or database fails here, once, not per browser tab
    serve(db, config_path(getattr(args, "config", None)).resolve(), args.port, args.host)
    return 0


def cmd_keys(args: argparse.Namespace) -> int:
    from .keymap import binding_ids

    print('# [keys] in config.toml: "id" = "key"   (default keys; where)')
    for info in binding_ids():
        print(f"{info.id:<30} {info.keys:<24} {info.description} ({info.scope})")
    return 0


COMMANDS = {
    "config": cmd_config,
    "serve": cmd_serve,
    "keys": cmd_keys,
    "demo": cmd_demo,
    "export": cmd_export,
    "import": cmd_import,
    "agenda": cmd_agenda,
    "backup": cmd_backup,
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

        print(f"infointerview: {terminal_safe(message(exc, args, _db_path))}", file=sys.stderr)
        status = EXIT_USAGE
    if status != 0 and created is not None:
        remove_database(created)
    return status


def _run(args: argparse.Namespace) -> int:
    if args.command is None:
        run_app(_open_store(_db_path(args)), args)
        return 0
    return int(COMMANDS[args.command](args))


if __name__ == "__main__":
    sys.exit(main())
