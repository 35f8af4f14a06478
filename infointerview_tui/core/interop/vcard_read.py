"""A forgiving vCard 2.1 / 3.0 / 4.0 reader: real address books, not just the RFC.

Why not vobject here: it cuts `FN:Smith, John` to "Smith" (2.1), keeps Google's
`https\\://`, and drops bytes in a CHARSET other than UTF-8. Real files from Google,
Apple, Outlook and Thunderbird carry all of these, so this reader works on bytes:

- lines are unfolded (CRLF + space/tab), and vCard 2.1 QUOTED-PRINTABLE soft line
  breaks (`=` at the end) joined;
- each value is decoded by its own CHARSET (default UTF-8, else Windows-1252), so a file
  mixing raw cp1252 and UTF-8 lines reads right;
- text values are unescaped leniently (`\\,` `\\;` `\\:` `\\n` `\\\\`); an unescaped comma
  or semicolon in FN, TITLE or NOTE is kept as text, never a cut;
- structured values (N, ORG) are split only on unescaped semicolons.
"""

from __future__ import annotations

import quopri
import re
from dataclasses import dataclass, field

FALLBACK_CHARSET = "cp1252"


@dataclass
class Property:
    """One content line: NAME;PARAM=VALUE:raw value (still escaped, already decoded)."""

    name: str
    params: dict[str, list[str]]
    value: str
    line: int

    @property
    def types(self) -> set[str]:
        return {t.lower() for t in self.params.get("TYPE", [])}

    def text(self) -> str:
        """The value as text, unescaped."""
        return unescape(self.value)

    def parts(self) -> list[str]:
        """A structured value (N, ORG): components split on unescaped semicolons."""
        return [unescape(p) for p in split_unescaped(self.value, ";")]

    def items(self) -> list[str]:
        """A list value (CATEGORIES): items split on unescaped commas."""
        return [unescape(p) for p in split_unescaped(self.value, ",")]


@dataclass
class RawCard:
    line: int
    properties: list[Property] = field(default_factory=list)

    def all(self, name: str) -> list[Property]:
        return [p for p in self.properties if p.name == name]

    def first(self, name: str) -> Property | None:
        found = self.all(name)
        return found[0] if found else None


_ESCAPES = {"n": "\n", "N": "\n", ",": ",", ";": ";", ":": ":", "\\": "\\"}


def unescape(value: str) -> str:
    """vCard text unescaping, lenient: an unknown `\\x` keeps its backslash."""
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), value, flags=re.S)


def split_unescaped(value: str, sep: str) -> list[str]:
    """Split on `sep` not preceded by a backslash escape."""
    parts, current, i = [], [], 0
    while i < len(value):
        ch = value[i]
        if ch == "\\" and i + 1 < len(value):
            current.append(value[i : i + 2])
            i += 2
            continue
        if ch == sep:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    parts.append("".join(current))
    return parts


def _split_head(line: bytes) -> tuple[bytes, bytes] | None:
    """NAME;PARAMS and value, split at the first colon outside double quotes."""
    quoted = False
    for i, byte in enumerate(line):
        if byte == 0x22:  # "
            quoted = not quoted
        elif byte == 0x3A and not quoted:  # :
            return line[:i], line[i + 1 :]
    return None


def _params(head: str) -> tuple[str, dict[str, list[str]]]:
    pieces = re.findall(r'(?:[^;"]|"[^"]*")+', head)
    name = pieces[0].split(".")[-1].strip().upper() if pieces else ""
    params: dict[str, list[str]] = {}
    for piece in pieces[1:]:
        key, eq, value = piece.partition("=")
        if not eq:  # vCard 2.1: a bare TYPE (WORK, PREF) or encoding (QUOTED-PRINTABLE)
            bare = key.strip()
            upper = bare.upper()
            if upper in ("QUOTED-PRINTABLE", "BASE64", "8BIT", "7BIT", "B"):
                params.setdefault("ENCODING", []).append(upper)
            else:
                params.setdefault("TYPE", []).append(bare)
            continue
        values = [v.strip().strip('"') for v in re.findall(r'(?:[^,"]|"[^"]*")+', value)]
        params.setdefault(key.strip().upper(), []).extend(values)
    return name, params


def _decode(raw: bytes, charset: str | None) -> str:
    if charset:
        try:
            return raw.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown label: fall back like every mail client does
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode(FALLBACK_CHARSET, errors="replace")


def _is_qp(head: bytes) -> bool:
    return b"QUOTED-PRINTABLE" in head.upper()


def logical_lines(data: bytes) -> list[tuple[int, bytes]]:
    """(first physical line number, logical line) after unfolding and QP joining."""
    physical = re.split(rb"\r\n|\n|\r", data)
    lines: list[tuple[int, bytes]] = []
    qp_open = False
    for number, line in enumerate(physical, 1):
        if lines and qp_open:
            start, previous = lines[-1]
            lines[-1] = (start, previous + line)
        elif lines and (line[:1] in (b" ", b"\t")):
            start, previous = lines[-1]
            lines[-1] = (start, previous + line[1:])
        elif line.strip():
            lines.append((number, line))
        else:
            continue
        start, current = lines[-1]
        head = _split_head(current)
        # A QP value ending in "=" continues on the next line (a soft line break).
        qp_open = head is not None and _is_qp(head[0]) and current.endswith(b"=")
        if qp_open:
            lines[-1] = (start, current[:-1])
    return lines


def read_raw_cards(data: bytes) -> list[RawCard]:
    """Every top-level VCARD, its properties decoded to text (nested AGENT cards skipped)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    cards: list[RawCard] = []
    depth = 0
    for number, line in logical_lines(data):
        split = _split_head(line)
        if split is None:
            continue
        head_bytes, raw = split
        head = _decode(head_bytes, "ascii")
        name, params = _params(head)
        upper_value = raw.strip().upper()
        if name == "BEGIN" and upper_value == b"VCARD":
            depth += 1
            if depth == 1:
                cards.append(RawCard(number))
            continue
        if name == "END" and upper_value == b"VCARD":
            depth = max(depth - 1, 0)
            continue
        if depth != 1 or not cards:
            continue
        encodings = {e.upper() for e in params.get("ENCODING", [])}
        if encodings & {"B", "BASE64"}:
            continue  # photos and sounds: nothing we keep
        if "QUOTED-PRINTABLE" in encodings:
            raw = quopri.decodestring(raw)
        charset = params["CHARSET"][0] if params.get("CHARSET") else None
        cards[-1].properties.append(Property(name, params, _decode(raw, charset), number))
    return cards
