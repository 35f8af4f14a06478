"""LinkedIn's Connections.csv data export, current and legacy, read with the csv module.

Current: a few "Notes:" lines before the header
`First Name,Last Name,URL,Email Address,Company,Position,Connected On`, a UTF-8 BOM and
CRLF line ends. Legacy: no preamble and no URL column. Everything lands in one
transaction: a fatal error writes nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .. import validation
from ..outcomes import NewContact
from ..store import Store
from ..text import clean_line
from .dedupe import IN_THIS_FILE, KnownContacts
from .errors import InteropError

REQUIRED = ("First Name", "Last Name", "Company", "Position")
OPTIONAL = ("URL", "Email Address", "Connected On")
STAGE = 3


@dataclass
class ImportReport:
    imported: int = 0
    duplicates: int = 0
    nameless_lines: list[int] = field(default_factory=list)
    organizations_created: int = 0
    #: People already present whose organization or title changed, now updated.
    updated: int = 0
    #: Values not stored because they failed validation ("line 7: email").
    rejected: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = f"imported {self.imported}"
        if self.updated:
            text += f", updated {self.updated} (new organization or title)"
        text += f", skipped {self.duplicates} duplicate" + ("" if self.duplicates == 1 else "s")
        if self.nameless_lines:
            shown = ", ".join(str(n) for n in self.nameless_lines[:20])
            more = "…" if len(self.nameless_lines) > 20 else ""
            count = len(self.nameless_lines)
            text += (
                f", {count} row{'' if count == 1 else 's'} without a name "
                f"(line{'' if count == 1 else 's'} {shown}{more})"
            )
        if self.rejected:
            shown = ", ".join(self.rejected[:10]) + ("…" if len(self.rejected) > 10 else "")
            text += f"; not stored, not valid: {shown}"
        return text


def _read_bytes(path: Path) -> bytes:
    """The CSV's bytes; from LinkedIn's own data-export zip, its Connections.csv."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InteropError(f"{path} does not exist") from None
    except IsADirectoryError:
        raise InteropError(f"{path} is a directory, not a CSV file") from None
    except OSError as exc:
        raise InteropError(f"cannot read {path}: {exc.strerror}") from None
    if raw.startswith(b"PK\x03\x04"):
        return _from_zip(path)
    return raw


def _from_zip(path: Path) -> bytes:
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            # LinkedIn puts it at the root; a re-zipped export may have a folder on top.
            names = [n for n in archive.namelist() if n.rsplit("/", 1)[-1] == "Connections.csv"]
            if not names:
                raise InteropError(f"{path} is a zip without Connections.csv")
            member = min(names, key=lambda n: n.count("/"))
            if archive.getinfo(member).file_size > 512 * 1024 * 1024:
                raise InteropError(f"{path}: Connections.csv is too large to be LinkedIn's")
            return archive.read(member)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError):
        raise InteropError(f"{path} is a damaged or unsupported zip file") from None


def _read_text(path: Path) -> str:
    raw = _read_bytes(path)
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff") or (len(raw) > 3 and raw[1:4:2] == b"\x00\x00"):
        raise InteropError(
            f"{path} is UTF-16 text (a spreadsheet re-saved it); save it as "
            '"CSV UTF-8 (comma delimited)" or use LinkedIn\'s original file'
        )
    if b"\x00" in raw[:4096]:
        raise InteropError(f"{path} is a binary file, not LinkedIn's Connections.csv")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


_DELIMITERS = {";": "semicolons", "\t": "tabs"}


def read_rows(path: Path) -> tuple[list[tuple[int, dict[str, str]]], list[int]]:
    """(line number, row) for every row with a name, and the lines of nameless rows."""
    text = _read_text(path)
    lines = text.splitlines(keepends=True)
    header_index = None
    for i, line in enumerate(lines[:50]):
        if line.lstrip().startswith("First Name"):
            header_index = i
            break
    if header_index is None:
        raise InteropError(
            f"{path} has no LinkedIn header (expected a line starting 'First Name,Last Name,"
            f"URL,Email Address,Company,Position,Connected On')"
        )
    header = lines[header_index]
    for delimiter, what in _DELIMITERS.items():
        if delimiter in header and "," not in header:
            raise InteropError(
                f"{path} separates fields with {what}, not commas (a spreadsheet re-saved "
                "it); save it as comma-separated CSV or use LinkedIn's original file"
            )
    reader = csv.DictReader(io.StringIO("".join(lines[header_index:]), newline=""), strict=True)
    names = [n.strip() for n in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise InteropError(f"{path}: the header lacks {', '.join(missing)}")
    reader.fieldnames = names
    rows: list[tuple[int, dict[str, str]]] = []
    nameless: list[int] = []
    while True:
        start = header_index + reader.line_num + 1  # the line this row begins on
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error:
            raise InteropError(
                f"{path}: line {start}: a quote is not closed (or a field has text after its "
                "closing quote); nothing was imported"
            ) from None
        if header_index + reader.line_num > start and (
            None in row or any(v is None for v in row.values())
        ):
            # A quote opened on `start` swallowed the next lines into one field.
            raise InteropError(f"{path}: line {start}: a quote is not closed; nothing was imported")
        values = {k: clean_line(v or "") for k, v in row.items() if k}
        if not any(values.values()):
            continue  # a blank ",,,,,," row
        if not (values.get("First Name") or values.get("Last Name")):
            nameless.append(start)
            continue
        rows.append((start, values))
    return rows, nameless


def import_linkedin(
    store: Store, path: Path, progress: Callable[[int, int], None] | None = None
) -> ImportReport:
    """Import connections as stage-3 contacts (how found: LinkedIn), never twice; a
    known person whose company or title changed is brought up to date."""
    rows, nameless = read_rows(path)
    report = ImportReport(nameless_lines=nameless)
    known = KnownContacts(store.conn)
    people = []
    for line, row in rows:
        name = " ".join(p for p in (row.get("First Name", ""), row.get("Last Name", "")) if p)
        connected = row.get("Connected On", "")
        url, email = _valid(row, line, report)
        people.append(
            NewContact(
                name=name,
                stage=STAGE,
                title=row.get("Position", ""),
                organization=row.get("Company", ""),
                email=email,
                linkedin_url=url,
                how_found="LinkedIn",
                notes=f"Connected on LinkedIn: {connected}" if connected else "",
            )
        )
    found: dict[int, int | None] = {}  # id(person) -> the contact they matched

    def is_known(person: NewContact) -> bool:
        match = known.find(person.name, person.organization, person.linkedin_url, person.email)
        found[id(person)] = match
        return match is not None

    def refresh_job(person: NewContact) -> int | None:
        match = found.get(id(person))
        return None if match is None or match == IN_THIS_FILE else match

    outcome = store.intents.import_contacts(
        people,
        is_known=is_known,
        refresh_job=refresh_job,
        organization_how_found="other",
        progress=progress,
    )
    report.imported = outcome.imported
    report.updated = outcome.updated
    report.duplicates = outcome.duplicates
    report.organizations_created = outcome.organizations_created
    return report


def _valid(row: dict[str, str], line: int, report: ImportReport) -> tuple[str, str]:
    """(profile URL, email) checked like typed ones; an invalid one is not stored."""
    values = []
    for key, rule, label in (
        ("URL", validation.url, "URL"),
        ("Email Address", validation.email, "email"),
    ):
        try:
            values.append(rule(row.get(key, "")))
        except ValueError:
            report.rejected.append(f"line {line}: {label}")
            values.append("")
    return values[0], values[1]
