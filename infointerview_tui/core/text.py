"""Cleaning user text at the edges (import, paste): no control bytes, ever."""

from __future__ import annotations

import re

# C0 controls except tab/newline, DEL, and C1 controls (which include CSI 0x9b).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# A whole ANSI escape sequence, so that "\x1b[31m" loses its "[31m" tail too.
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")


def clean_text(value: str, *, multiline: bool = True) -> str:
    """Strip escape sequences and control characters; keep tabs and newlines if multiline."""
    value = _ANSI.sub("", value)
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROL.sub("", value)
    if not multiline:
        value = " ".join(value.split("\n")).replace("\t", " ")
    return value


def clean_line(value: str) -> str:
    """A single-line field: no control characters, no newlines, trimmed."""
    return clean_text(value, multiline=False).strip()


def like_pattern(text: str) -> str:
    """A LIKE pattern matching `text` anywhere, with % _ and \\ taken literally
    (use with ESCAPE '\\')."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


# Characters a terminal acts on rather than shows: C0 (but tab/newline), DEL, C1, and the
# bidirectional overrides/isolates that can make text read differently from what it is.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(value: str, *, multiline: bool = False) -> str:
    """Text fit to print: every control character shown as a visible escape (`\\x1b`,
    `\\u202e`) so it can neither drive the terminal nor hide; newlines kept if multiline,
    else shown as `\\n` too."""

    def escape(match: re.Match[str]) -> str:
        code = ord(match.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    if not multiline:
        value = value.replace("\n", "\\n").replace("\r", "\\r")
    return _UNSAFE.sub(escape, value)


def json_terminal_safe(text: str) -> str:
    """Dumped JSON with the characters `json.dumps(ensure_ascii=False)` leaves raw (DEL,
    C1, bidi controls) escaped as \\uXXXX — still the same JSON values."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
