"""Commands around the app: sync, config, serve, keys."""

from __future__ import annotations

import argparse
import sys

from ..cli_guard import CliError
from .common import _db_target, _open_store, _safe, load_config


def cmd_sync(args: argparse.Namespace) -> int:
    from ..core.sync import password_for, run_sync
    from ..core.sync.dav import SyncError

    settings = load_config(args).settings.sync
    store = _open_store(_db_target(args), create=False, args=args)
    try:
        try:
            from ..core.sync import check_settings

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


def cmd_config(args: argparse.Namespace) -> int:
    from ..core.settings import render_settings

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
    from ..core.settings import config_path
    from ..serve import check_host, check_port, serve

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
    from ..keymap import binding_ids

    print('# [keys] in config.toml: "id" = "key"   (default keys; where)')
    for info in binding_ids():
        print(f"{info.id:<30} {info.keys:<24} {info.description} ({info.scope})")
    return 0
