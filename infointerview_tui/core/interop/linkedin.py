"""LinkedIn's Connections.csv data export, current and legacy, read with the csv module.

Current: a few "Notes:" lines before the header
`First Name,Last Name,URL,Email Address,Company,Position,Connected On`, a UTF-8 BOM and
CRLF line ends. Legacy: no preamble and no URL column. Everything lands in one
transaction: a fatal error writes nothing.
"""

from __future__ import annotations

import codecs
import csv
import itertools
from collections.abc import Callable, Iterator
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


SCAN_CHUNK = 1 << 20


def _scan(path: Path) -> tuple[str, int]:
    """(encoding, line count) of the file, read once in chunks: UTF-8 (with or without
    a BOM) if every byte decodes, else Windows-1252 as older exports were written."""
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        raise InteropError(f"{path} does not exist") from None
    except IsADirectoryError:
        raise InteropError(f"{path} is a directory, not a CSV file") from None
    except OSError as exc:
        raise InteropError(f"cannot read {path}: {exc.strerror}") from None
    utf8 = codecs.getincrementaldecoder("utf-8")()
    cp1252 = codecs.getincrementaldecoder("cp1252")()
    encoding = "utf-8-sig"
    lines = 0
    with handle:
        first = True
        while chunk := handle.read(SCAN_CHUNK):
            if first and b"\x00" in chunk[:4096]:
                raise InteropError(f"{path} is a binary file, not LinkedIn's Connections.csv")
            first = False
            lines += chunk.count(b"\n")
            try:
                if encoding == "utf-8-sig":
                    utf8.decode(chunk)
                else:
                    cp1252.decode(chunk)
            except UnicodeDecodeError:
                if encoding != "utf-8-sig":
                    raise InteropError(f"{path} is not a text file") from None
                encoding = "cp1252"  # start over in the other encoding
                handle.seek(0)
                lines = 0
        try:
            (utf8 if encoding == "utf-8-sig" else cp1252).decode(b"", final=True)
        except UnicodeDecodeError:
            if encoding != "utf-8-sig":
                raise InteropError(f"{path} is not a text file") from None
            encoding = "cp1252"
    return encoding, lines


@dataclass
class Rows:
    """The rows of a Connections.csv, read as they are iterated (never all at once)."""

    path: Path
    encoding: str
    lines: int
    nameless: list[int] = field(default_factory=list)

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        """(line number, row) for every row with a name; nameless rows are noted."""
        path = self.path
        with path.open(encoding=self.encoding, newline="") as handle:
            header_index = None
            for i, line in enumerate(handle):
                if i >= 50:
                    break
                if line.lstrip().startswith("First Name"):
                    header_index = i
                    break
            if header_index is None:
                raise InteropError(
                    f"{path} has no LinkedIn header (expected a line starting 'First Name,"
                    f"Last Name,URL,Email Address,Company,Position,Connected On')"
                )
            reader = csv.DictReader(itertools.chain([line], handle))
            names = [n.strip() for n in (reader.fieldnames or [])]
            missing = [c for c in REQUIRED if c not in names]
            if missing:
                raise InteropError(f"{path}: the header lacks {', '.join(missing)}")
            reader.fieldnames = names
            try:
                for row in reader:
                    line_no = header_index + reader.line_num
                    values = {k: clean_line(v or "") for k, v in row.items() if k}
                    if not any(values.values()):
                        continue  # a blank ",,,,,," row
                    if not (values.get("First Name") or values.get("Last Name")):
                        self.nameless.append(line_no)
                        continue
                    yield line_no, values
            except csv.Error as exc:
                raise InteropError(
                    f"{path}: line {header_index + reader.line_num}: {exc}"
                ) from None


def read_rows(path: Path) -> Rows:
    """The file's rows as a stream; checks the encoding first (one quick pass)."""
    encoding, lines = _scan(path)
    return Rows(path, encoding, lines)


def import_linkedin(
    store: Store, path: Path, progress: Callable[[int, int], None] | None = None
) -> ImportReport:
    """Import connections as stage-3 contacts (how found: LinkedIn), never twice.

    The file is read row by row as the intent writes (one transaction): memory stays
    flat for a file of any size, and a fatal error anywhere writes nothing."""
    rows = read_rows(path)
    report = ImportReport(nameless_lines=rows.nameless)
    known = KnownContacts(store.conn)

    def people() -> Iterator[NewContact]:
        for _line, row in rows:
            name = " ".join(p for p in (row.get("First Name", ""), row.get("Last Name", "")) if p)
            connected = row.get("Connected On", "")
            yield NewContact(
                name=name,
                stage=STAGE,
                title=row.get("Position", ""),
                organization=row.get("Company", ""),
                email=row.get("Email Address", ""),
                linkedin_url=row.get("URL", ""),
                how_found="LinkedIn",
                notes=f"Connected on LinkedIn: {connected}" if connected else "",
            )

    outcome = store.intents.import_contacts(
        people(),
        is_known=lambda p: known.seen(p.name, p.organization, p.linkedin_url),
        organization_how_found="other",
        progress=progress,
        total=max(rows.lines - 1, 1),  # about a row a line: for the progress bar only
    )
    report.imported = outcome.imported
    report.duplicates = outcome.duplicates
    report.organizations_created = outcome.organizations_created
    return report
