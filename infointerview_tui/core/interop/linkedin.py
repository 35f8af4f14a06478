"""LinkedIn's Connections.csv data export, current and legacy, read with the csv module.

Current: a few "Notes:" lines before the header
`First Name,Last Name,URL,Email Address,Company,Position,Connected On`, a UTF-8 BOM and
CRLF line ends. Legacy: no preamble and no URL column. Everything lands in one
transaction: a fatal error writes nothing.
"""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .. import db, validation
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
    """Import connections as stage-3 contacts (how found: LinkedIn), never twice."""
    rows, nameless = read_rows(path)
    report = ImportReport(nameless_lines=nameless)
    now = db.to_db(store.now())
    with store.write() as conn:
        known = KnownContacts(conn)
        orgs = {r[1].lower(): r[0] for r in conn.execute("SELECT id, name FROM organization")}
        position = store.next_position(conn, STAGE)
        contacts = []

        def organization_id(company: str) -> int | None:
            if not company:
                return None
            org_id = orgs.get(company.lower())
            if org_id is None:
                cur = conn.execute(
                    "INSERT INTO organization (name, how_found, created_at) VALUES (?, 'other', ?)",
                    (company, now),
                )
                org_id = orgs[company.lower()] = int(cur.lastrowid or 0)
                report.organizations_created += 1
            return org_id

        for done, (line, row) in enumerate(rows):
            name = " ".join(p for p in (row.get("First Name", ""), row.get("Last Name", "")) if p)
            company = row.get("Company", "")
            url, email = _valid(row, line, report)
            existing = known.find(name, company, url, email)
            if existing is not None:
                if existing != IN_THIS_FILE and _update_job(
                    conn, existing, row.get("Position", ""), company, organization_id, now
                ):
                    report.updated += 1
                else:
                    report.duplicates += 1
                continue
            org_id = organization_id(company)
            connected = row.get("Connected On", "")
            notes = f"Connected on LinkedIn: {connected}" if connected else ""
            contacts.append(
                (
                    name,
                    row.get("Position", ""),
                    org_id,
                    email,
                    url,
                    position,
                    notes,
                    now,
                    now,
                )
            )
            position += 1
            if progress and done % 1000 == 0:
                progress(done, len(rows))
        first_id = conn.execute("SELECT coalesce(max(id), 0) FROM contact").fetchone()[0] + 1
        conn.executemany(
            "INSERT INTO contact (name, title, organization_id, email, linkedin_url, how_found,"
            " stage, position, notes, created_at, updated_at) "
            f"VALUES (?, ?, ?, ?, ?, 'LinkedIn', {STAGE}, ?, ?, ?, ?)",
            contacts,
        )
        conn.execute(
            "INSERT INTO stage_event (contact_id, from_stage, to_stage, at) "
            f"SELECT id, NULL, {STAGE}, ? FROM contact WHERE id >= ?",
            (now, first_id),
        )
        report.imported = len(contacts)
    if progress:
        progress(len(rows), len(rows))
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


def _update_job(
    conn: sqlite3.Connection,
    contact_id: int,
    title: str,
    company: str,
    organization_id: Callable[[str], int | None],
    now: str | None,
) -> bool:
    """A known person whose company or title changed on LinkedIn: take the new ones.
    Returns whether anything changed. An empty company or title never erases ours."""
    current = conn.execute(
        "SELECT c.title, coalesce(o.name, '') FROM contact c "
        "LEFT JOIN organization o ON o.id = c.organization_id WHERE c.id = ?",
        (contact_id,),
    ).fetchone()
    new_title = title if title and title != current[0] else None
    new_company = company if company and company.lower() != current[1].lower() else None
    if new_title is None and new_company is None:
        return False
    if new_title is not None:
        conn.execute("UPDATE contact SET title = ? WHERE id = ?", (new_title, contact_id))
    if new_company is not None:
        conn.execute(
            "UPDATE contact SET organization_id = ? WHERE id = ?",
            (organization_id(new_company), contact_id),
        )
    conn.execute("UPDATE contact SET updated_at = ? WHERE id = ?", (now, contact_id))
    return True
