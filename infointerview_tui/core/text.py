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
