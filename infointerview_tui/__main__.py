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
from .core.dburl import DbTarget, mask, sqlite_target

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


def _db_target(args: argparse.Namespace) -> DbTarget:
    """--db, else $INFOINTERVIEW_DB, else the file in the user's data directory."""
    from .core.dburl import parse_target
    from .core.paths import default_db_target

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
    from .core.store import open_target

    return open_target(target, create=create)


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

    target = _db_target(args)
    if not args.file.exists():
        raise CliError(f"{args.file} does not exist")
    store = _open_store(target)
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

    store = _open_store(_db_target(args), create=False, args=args)
    try:
        now = local_now()
        items = store.method_agenda(now) + store.follow_ups.agenda()
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
        # A LAMP promotion names no contact: its note says what to do.
        who = terminal_safe(item.contact) + org if item.contact else terminal_safe(item.note)
        print(f"  {format_when(item.due, now):<18} {item.kind:<14} {who}")
    return 0


def cmd_log(args: argparse.Namespace) -> int:
    from .core.dates import DateParseError, local_now, parse_when

    if args.outcome and args.kind != "reply":
        raise CliError("--outcome goes with 'log reply'")
    at = None
    if args.at:
        try:
            at = parse_when(args.at, local_now(), prefer_future=False)
        except DateParseError as exc:
            raise CliError(str(exc)) from None
    store = _open_store(_db_target(args), create=False, args=args)
    try:
        contact_id, name = store.resolve_contact(args.contact)
        if args.kind == "sent":
            store.intents.log_outreach(
                contact_id, channel=args.channel, message=args.text, sent_at=at
            )
            done = "outreach sent"
        elif args.kind == "reply":
            from .core.outcomes import Conflict

            try:
                store.intents.log_reply(
                    contact_id, args.text or "replied", at=at, outcome=args.outcome or ""
                )
            except Conflict as exc:
                raise CliError(f"{_safe(name)}: {exc}") from None
            done = "reply" + (f" ({args.outcome})" if args.outcome else "")
        else:
            kind = "update" if args.kind == "touch" else "give-back"
            store.intents.log_touch(contact_id, kind, args.text, at=at)
            done = args.kind
    finally:
        store.close()
    print(f"logged {done} for {_safe(name)}", file=sys.stderr)
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from .core.interop.backup import backup

    target = _db_target(args)
    if target.is_postgres:
        # The server's own tool is the consistent, restorable copy of a server database.
        from .core.pg import libpq_url

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


def cmd_sync(args: argparse.Namespace) -> int:
    from .core.sync import password_for, run_sync
    from .core.sync.dav import SyncError

    settings = load_config(args).settings.sync
    store = _open_store(_db_target(args), create=False, args=args)
    try:
        try:
            from .core.sync import check_settings

            check_settings(settings)
            report = run_sync(
                store,
                settings,
                password_for(settings),
                dry_run=args.dry_run,
                progress=_sync_progress,
            )
        except SyncError as exc:
            raise CliError(str(exc)) from None
    finally:
        store.close()
    for line in report.lines():
        print(_safe(line))
    return 0


def _sync_progress(done: int, total: int, message: str) -> None:
    """A progress bar on stderr while syncing (only when stderr is a terminal)."""
    if not sys.stderr.isatty():
        return
    width = 30
    filled = width * done // max(total, 1)
    text = _safe(message)[:40]
    print(
        f"\r  [{'#' * filled}{'.' * (width - filled)}] {done}/{total} {text:<40}",
        end="",
        file=sys.stderr,
        flush=True,
    )
    if message == "done":
        print(file=sys.stderr)


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
    store = _open_store(_db_target(args), create=False)
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
    target = _db_target(args)
    _open_store(target).close()  # a bad path or database fails here, once, not per browser tab
    assert target.path is not None  # _open_store refuses server URLs for now
    serve(
        target.path.resolve(),
        config_path(getattr(args, "config", None)).resolve(),
        args.port,
        args.host,
    )
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
