"""Commands for every day: the agenda, logging what happened, the report."""

from __future__ import annotations

import argparse
import sys

from ..cli_guard import CliError
from .common import _db_target, _open_store, _safe, load_config


def cmd_agenda(args: argparse.Namespace) -> int:
    import json

    from ..core.dates import format_when, local_now
    from ..core.schedule import agenda_group
    from ..core.text import json_terminal_safe, terminal_safe

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
    from ..core.dates import DateParseError, local_now, parse_when

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
            from ..core.outcomes import Conflict

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


def cmd_report(args: argparse.Namespace) -> int:
    from ..core.dates import DateParseError, local_now, parse_when
    from ..core.interop.files import check_target, write_atomically
    from ..core.interop.report import render
    from ..core.periods import Period
    from ..core.report import collect, report_data

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
