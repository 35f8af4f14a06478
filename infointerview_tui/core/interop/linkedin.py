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

from ..outcomes import NewContact
from ..store import Store
from ..text import clean_line
from .dedupe import KnownContacts
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

    def summary(self) -> str:
        text = f"imported {self.imported}, skipped {self.duplicates} duplicate" + (
            "" if self.duplicates == 1 else "s"
        )
        if self.nameless_lines:
            shown = ", ".join(str(n) for n in self.nameless_lines[:20])
            more = "…" if len(self.nameless_lines) > 20 else ""
            count = len(self.nameless_lines)
            text += (
                f", {count} row{'' if count == 1 else 's'} without a name "
                f"(line{'' if count == 1 else 's'} {shown}{more})"
            )
        return text


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InteropError(f"{path} does not exist") from None
    except IsADirectoryError:
        raise InteropError(f"{path} is a directory, not a CSV file") from None
    except OSError as exc:
        raise InteropError(f"cannot read {path}: {exc.strerror}") from None
    if b"\x00" in raw[:4096]:
        raise InteropError(f"{path} is a binary file, not LinkedIn's Connections.csv")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError:
            raise InteropError(f"{path} is not a text file") from None


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
    reader = csv.DictReader(io.StringIO("".join(lines[header_index:]), newline=""))
    names = [n.strip() for n in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise InteropError(f"{path}: the header lacks {', '.join(missing)}")
    reader.fieldnames = names
    rows: list[tuple[int, dict[str, str]]] = []
    nameless: list[int] = []
    try:
        for row in reader:
            line_no = header_index + reader.line_num
            values = {k: clean_line(v or "") for k, v in row.items() if k}
            if not any(values.values()):
                continue  # a blank ",,,,,," row
            if not (values.get("First Name") or values.get("Last Name")):
                nameless.append(line_no)
                continue
            rows.append((line_no, values))
    except csv.Error as exc:
        raise InteropError(f"{path}: line {header_index + reader.line_num}: {exc}") from None
    return rows, nameless


def import_linkedin(
    store: Store, path: Path, progress: Callable[[int, int], None] | None = None
) -> ImportReport:
    """Import connections as stage-3 contacts (how found: LinkedIn), never twice."""
    rows, nameless = read_rows(path)
    report = ImportReport(nameless_lines=nameless)
    known = KnownContacts(store.conn)
    people = []
    for _line, row in rows:
        name = " ".join(p for p in (row.get("First Name", ""), row.get("Last Name", "")) if p)
        connected = row.get("Connected On", "")
        people.append(
            NewContact(
                name=name,
                stage=STAGE,
                title=row.get("Position", ""),
                organization=row.get("Company", ""),
                email=row.get("Email Address", ""),
                linkedin_url=row.get("URL", ""),
                how_found="LinkedIn",
                notes=f"Connected on LinkedIn: {connected}" if connected else "",
            )
        )
    outcome = store.intents.import_contacts(
        people,
        is_known=lambda p: known.seen(p.name, p.organization, p.linkedin_url),
        organization_how_found="other",
        progress=progress,
    )
    report.imported = outcome.imported
    report.duplicates = outcome.duplicates
    report.organizations_created = outcome.organizations_created
    return report
