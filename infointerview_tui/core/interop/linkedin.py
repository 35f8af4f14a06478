"""LinkedIn's Connections.csv data export, current and legacy, read with the csv module.

Current: a few "Notes:" lines before the header
`First Name,Last Name,URL,Email Address,Company,Position,Connected On`, a UTF-8 BOM and
CRLF line ends. Legacy: no preamble and no URL column. Everything lands in one
transaction: a fatal error writes nothing.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

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


ZIP_LIMIT = 512 * 1024 * 1024  # bigger than any LinkedIn export's Connections.csv
SCAN_CHUNK = 1 << 20


@contextmanager
def _open(path: Path) -> Iterator[IO[bytes]]:
    """The CSV's bytes as a stream; from LinkedIn's own data-export zip, its
    Connections.csv (read from the archive as it is decompressed)."""
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        raise InteropError(f"{path} does not exist") from None
    except IsADirectoryError:
        raise InteropError(f"{path} is a directory, not a CSV file") from None
    except OSError as exc:
        raise InteropError(f"cannot read {path}: {exc.strerror}") from None
    with handle:
        if handle.read(4) != b"PK\x03\x04":
            handle.seek(0)
            yield handle
            return
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            # LinkedIn puts it at the root; a re-zipped export may have a folder on top.
            names = [n for n in archive.namelist() if n.rsplit("/", 1)[-1] == "Connections.csv"]
            if not names:
                raise InteropError(f"{path} is a zip without Connections.csv")
            member = min(names, key=lambda n: n.count("/"))
            if archive.getinfo(member).file_size > ZIP_LIMIT:
                raise InteropError(f"{path}: Connections.csv is too large to be LinkedIn's")
            with archive.open(member) as stream:
                yield stream
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError):
        raise InteropError(f"{path} is a damaged or unsupported zip file") from None


def _scan(path: Path) -> tuple[str, int]:
    """(encoding, line count): one pass over the bytes in chunks. UTF-8 (with or without
    a BOM) if every byte decodes, else Windows-1252 as older exports were written."""
    utf8 = codecs.getincrementaldecoder("utf-8")()
    encoding = "utf-8-sig"
    lines = 0
    with _open(path) as stream:
        chunk = stream.read(SCAN_CHUNK)
        if chunk[:2] in (b"\xff\xfe", b"\xfe\xff") or (
            len(chunk) > 3 and chunk[1:4:2] == b"\x00\x00"
        ):
            raise InteropError(
                f"{path} is UTF-16 text (a spreadsheet re-saved it); save it as "
                '"CSV UTF-8 (comma delimited)" or use LinkedIn\'s original file'
            )
        if b"\x00" in chunk[:4096]:
            raise InteropError(f"{path} is a binary file, not LinkedIn's Connections.csv")
        while chunk:
            lines += chunk.count(b"\n")
            if encoding == "utf-8-sig":
                try:
                    utf8.decode(chunk)
                except UnicodeDecodeError:
                    encoding = "cp1252"  # every byte decodes (bad ones as U+FFFD)
            chunk = stream.read(SCAN_CHUNK)
    if encoding == "utf-8-sig":
        try:
            utf8.decode(b"", final=True)
        except UnicodeDecodeError:
            encoding = "cp1252"
    return encoding, lines


_DELIMITERS = {";": "semicolons", "\t": "tabs"}


@dataclass
class Rows:
    """The rows of a Connections.csv, read as they are iterated (never all at once):
    (line number, row) for every row with a name; nameless rows' lines are noted."""

    path: Path
    encoding: str
    lines: int
    nameless: list[int] = field(default_factory=list)

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        path = self.path
        with _open(path) as stream:
            text = io.TextIOWrapper(
                stream,
                encoding=self.encoding,
                errors="strict" if self.encoding == "utf-8-sig" else "replace",
                newline="",
            )
            yield from self._rows(path, text)

    def _rows(self, path: Path, text: IO[str]) -> Iterator[tuple[int, dict[str, str]]]:
        header_index = None
        header = ""
        for i, line in enumerate(itertools.islice(text, 50)):
            if line.lstrip().startswith("First Name"):
                header_index, header = i, line
                break
        if header_index is None:
            raise InteropError(
                f"{path} has no LinkedIn header (expected a line starting 'First Name,Last "
                f"Name,URL,Email Address,Company,Position,Connected On')"
            )
        for delimiter, what in _DELIMITERS.items():
            if delimiter in header and "," not in header:
                raise InteropError(
                    f"{path} separates fields with {what}, not commas (a spreadsheet "
                    "re-saved it); save it as comma-separated CSV or use LinkedIn's "
                    "original file"
                )
        reader = csv.DictReader(itertools.chain([header], text), strict=True)
        names = [n.strip() for n in (reader.fieldnames or [])]
        missing = [c for c in REQUIRED if c not in names]
        if missing:
            raise InteropError(f"{path}: the header lacks {', '.join(missing)}")
        reader.fieldnames = names
        while True:
            start = header_index + reader.line_num + 1  # the line this row begins on
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error:
                raise InteropError(
                    f"{path}: line {start}: a quote is not closed (or a field has text after "
                    "its closing quote); nothing was imported"
                ) from None
            if header_index + reader.line_num > start and (
                None in row or any(v is None for v in row.values())
            ):
                # A quote opened on `start` swallowed the next lines into one field.
                raise InteropError(
                    f"{path}: line {start}: a quote is not closed; nothing was imported"
                )
            values = {k: clean_line(v or "") for k, v in row.items() if k}
            if not any(values.values()):
                continue  # a blank ",,,,,," row
            if not (values.get("First Name") or values.get("Last Name")):
                self.nameless.append(start)
                continue
            yield start, values


def read_rows(path: Path) -> Rows:
    """The file's rows as a stream; the encoding is found first (one quick pass), and
    what is wrong with the file's start is said before anything is written."""
    encoding, lines = _scan(path)
    rows = Rows(path, encoding, lines)
    for _row in rows:  # the header's checks (a second open: the stream is cheap to restart)
        break
    rows.nameless.clear()
    return rows


def import_linkedin(
    store: Store, path: Path, progress: Callable[[int, int], None] | None = None
) -> ImportReport:
    """Import connections as stage-3 contacts (how found: LinkedIn), never twice; a
    known person whose company or title changed is brought up to date.

    The file is read row by row as the contacts are written (in batches, inside one
    transaction): a 400,000-row export never sits in memory whole, and a fatal error
    anywhere in it writes nothing."""
    rows = read_rows(path)
    report = ImportReport(nameless_lines=rows.nameless)
    known = KnownContacts(store.contacts.identities())
    last: list[int | None] = [None]  # the match of the person `is_known` just saw

    def people() -> Iterator[NewContact]:
        for line, row in rows:
            name = " ".join(p for p in (row.get("First Name", ""), row.get("Last Name", "")) if p)
            connected = row.get("Connected On", "")
            url, email = _valid(row, line, report)
            yield NewContact(
                name=name,
                stage=STAGE,
                title=row.get("Position", ""),
                organization=row.get("Company", ""),
                email=email,
                linkedin_url=url,
                how_found="LinkedIn",
                notes=f"Connected on LinkedIn: {connected}" if connected else "",
            )

    def is_known(person: NewContact) -> bool:
        last[0] = known.find(person.name, person.organization, person.linkedin_url, person.email)
        return last[0] is not None

    def refresh_job(_person: NewContact) -> int | None:
        match = last[0]
        return None if match is None or match == IN_THIS_FILE else match

    outcome = store.intents.import_contacts(
        people(),
        is_known=is_known,
        refresh_job=refresh_job,
        organization_how_found="other",
        progress=progress,
        total=max(rows.lines - 1, 1),  # about a row a line: for the progress bar only
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
