"""The one registry of import and export formats.

The CLI (`infointerview export FORMAT OUT`, `import FORMAT FILE`) builds its commands
from it and the command palette its "Import …" / "Export …" entries; both run a format
through it. A new format is one entry here (and its module).

Each `run` returns the one line that reports what was done.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..store import Store

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ExportFormat:
    name: str  # the CLI's FORMAT and the palette's key
    title: str  # the palette entry
    help: str  # one line: the CLI's help and the palette's
    default_name: str  # the file (or folder) offered beside the database
    write: Callable[[Store, Path, bool], str]  # (store, out, force) -> one line
    in_cli: bool = True  # False: the CLI has a command of its own for it


@dataclass(frozen=True)
class ImportFormat:
    name: str
    title: str
    help: str
    label: str  # what the palette asks for: "Import a {label}"
    read: Callable[[Store, Path, Progress | None], str]  # (store, file, progress) -> line


def _json_out(store: Store, out: Path, force: bool) -> str:
    from .jsonio import export_json

    return f"exported {export_json(store, out, force=force)} contacts to {out}"


def _vcard_out(store: Store, out: Path, force: bool) -> str:
    from .vcard_export import export_vcard

    return f"exported {export_vcard(store, out, force=force)} contacts to {out}"


def _ics_out(store: Store, out: Path, force: bool) -> str:
    from .ical import export_ics

    events, todos = export_ics(store, out, force=force)
    return f"exported {events} interviews and {todos} follow-ups to {out}"


def _markdown_out(store: Store, out: Path, force: bool) -> str:
    from .markdown import export_markdown

    return f"wrote {export_markdown(store, out, force=force)} interview notes to {out}"


def _backup_out(store: Store, out: Path, force: bool) -> str:
    from .backup import backup

    backup(store, out, force=force)
    return f"backed up to {out}"


def _json_in(store: Store, path: Path, _progress: Progress | None) -> str:
    from .jsonio import import_json

    return f"imported {import_json(store, path)} contacts from {path}"


def _linkedin_in(store: Store, path: Path, progress: Progress | None) -> str:
    from .linkedin import import_linkedin

    return import_linkedin(store, path, progress).summary()


def _vcard_in(store: Store, path: Path, _progress: Progress | None) -> str:
    from .vcard import import_vcard

    return import_vcard(store, path).summary()


EXPORTS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat(
            "ics",
            "Export iCalendar…",
            "interviews as events, open follow-ups as to-dos (.ics)",
            "interviews.ics",
            _ics_out,
        ),
        ExportFormat(
            "vcard", "Export vCard…", "every contact as vCard 4.0", "contacts.vcf", _vcard_out
        ),
        ExportFormat(
            "markdown",
            "Export Markdown notes…",
            "one Markdown file per interview, into a folder",
            "notes",
            _markdown_out,
        ),
        ExportFormat(
            "json",
            "Export JSON…",
            "everything, in the app's own JSON format",
            "infointerview.json",
            _json_out,
        ),
        ExportFormat(
            "backup",
            "Back up the database…",
            "a consistent copy, safe while the app runs",
            "infointerview-backup.db",
            _backup_out,
            in_cli=False,  # `infointerview backup OUT`, which also knows PostgreSQL
        ),
    )
}

IMPORTS: dict[str, ImportFormat] = {
    f.name: f
    for f in (
        ImportFormat(
            "linkedin",
            "Import LinkedIn connections…",
            "LinkedIn's Connections.csv data export (or its zip)",
            "LinkedIn Connections.csv",
            _linkedin_in,
        ),
        ImportFormat(
            "vcard",
            "Import vCard…",
            "a .vcf address book (vCard 2.1, 3.0 or 4.0)",
            "vCard file",
            _vcard_in,
        ),
        ImportFormat(
            "json",
            "Import JSON…",
            "an infointerview JSON export, into an empty database",
            "infointerview JSON export",
            _json_in,
        ),
    )
}


def export_format(name: str) -> ExportFormat:
    try:
        return EXPORTS[name]
    except KeyError:
        raise ValueError(f"unknown export format {name}") from None


def import_format(name: str) -> ImportFormat:
    try:
        return IMPORTS[name]
    except KeyError:
        raise ValueError(f"unknown import format {name}") from None
