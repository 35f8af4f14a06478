"""Two-way CalDAV/CardDAV sync with the account in config.toml's `[sync]`.

    run_sync(store, settings.sync, password, dry_run=False, progress=None) -> SyncReport

Interviews become VEVENTs, open follow-ups VTODOs (calendar "infointerview"), contacts
vCards (address book "infointerview"). The password comes from `password_for()`:
INFOINTERVIEW_DAV_PASSWORD, else the system keyring; it is never stored or shown.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from .dav import SyncError, public_url
from .report import SyncReport

if TYPE_CHECKING:
    from ..settings import SyncSettings
    from ..store import Store
    from .engine import Progress

ENV_PASSWORD = "INFOINTERVIEW_DAV_PASSWORD"
KEYRING_SERVICE = "infointerview"

__all__ = ["ENV_PASSWORD", "SyncError", "SyncReport", "password_for", "run_sync"]


def password_for(settings: SyncSettings) -> str:
    """The account's password: $INFOINTERVIEW_DAV_PASSWORD, else the keyring entry
    (service "infointerview", the [sync] username); SyncError when neither has one."""
    if password := os.environ.get(ENV_PASSWORD):
        return password
    try:
        import keyring
        from keyring.errors import KeyringError

        try:
            found = keyring.get_password(KEYRING_SERVICE, settings.username)
        except KeyringError:
            found = None
    except ImportError:
        found = None
    if found:
        return found
    raise SyncError(
        f"no password for {settings.username or 'the [sync] user'}: set {ENV_PASSWORD} or "
        f"run `keyring set {KEYRING_SERVICE} {settings.username or 'USERNAME'}`"
    )


def check_settings(settings: SyncSettings) -> None:
    if not settings.url or not settings.username:
        raise SyncError(
            "no sync account: set url and username under [sync] in config.toml "
            "(`infointerview config path` shows where it is)"
        )
    if settings.ca_file and not os.path.isfile(os.path.expanduser(settings.ca_file)):
        raise SyncError(f"[sync] ca_file {settings.ca_file} does not exist")


def run_sync(
    store: Store,
    settings: SyncSettings,
    password: str,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> SyncReport:
    """Sync once; raises SyncError (one line) when the server cannot be used, in which
    case nothing was changed on either side."""
    from .dav import Dav
    from .engine import Syncer

    check_settings(settings)
    ca_file = os.path.expanduser(settings.ca_file) if settings.ca_file else ""
    dav = Dav(settings.url, settings.username, password, ca_file, settings.carddav_url)
    try:
        account = f"{public_url(dav.url)} {public_url(dav.carddav_url)} {settings.username}"
        return Syncer(store, dav, account, dry_run=dry_run, progress=progress).run()
    finally:
        dav.close()
