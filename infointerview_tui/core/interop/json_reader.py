"""Reading a JSON document whose top level is an object of arrays, one element at a time.

The app's export is `{"format": ..., "version": ..., "contacts": [{...}, ...], ...}`.
`json.loads` of a 400,000-contact file holds every record at once (gigabytes); this
reader walks the top-level object and the arrays itself and hands each element to the
standard library's C decoder (`raw_decode`), so memory holds one record and one chunk of
text whatever the file size, and a parse error still gives its line number. Any valid
layout is read (whitespace anywhere, keys in any order), not only the one we write.

Why not ijson: its C backend builds objects for one prefix per pass (eight passes, ~1 s
each per 150 MB) or hands every token to a Python loop (3.6 s per 150 MB before building
anything); this is one pass at the standard decoder's speed, with no dependency.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

CHUNK = 1 << 20  # bytes read at a time
MAX_VALUE = 64 << 20  # one record larger than this is refused, not read into memory
_NEAR_END = 16  # a decode error this close to the end of the text may be a cut-off
_WHITESPACE = " \t\n\r"
_NUMBER = "0123456789.eE+-"


class NotText(ValueError):
    """The bytes are not UTF-8 text."""


class NotAnObject(ValueError):
    """Valid JSON, but its top level is not an object."""


class BadJson(ValueError):
    """Not valid JSON, or not an object at the top: `line` and `msg` say where and why."""

    def __init__(self, msg: str, line: int) -> None:
        super().__init__(f"line {line}: {msg}")
        self.msg, self.line = msg, line


@dataclass(frozen=True)
class Item:
    """One top-level member: a scalar/object value (`index` None), or one element of a
    top-level array (`index` its position); `start` is set on an array's opening."""

    key: str
    value: Any
    index: int | None = None
    start: bool = False


class _Text:
    """Decoded text read on demand, with the line number of what has been consumed."""

    def __init__(self, raw: IO[bytes], chunk: int) -> None:
        self.raw = raw
        self.chunk = chunk
        self.decoder = codecs.getincrementaldecoder("utf-8")()
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.line = 1
        self.first = True

    def more(self) -> bool:
        """Read another chunk; False at the end of the file."""
        if self.eof:
            return False
        data = self.raw.read(self.chunk)
        try:
            text = self.decoder.decode(data, final=not data)
        except UnicodeDecodeError:
            raise NotText from None
        if self.first:
            self.first = False
            text = text.removeprefix("\ufeff")
            if "\x00" in text[:4096]:
                raise NotText
        if not data:
            self.eof = True
        self.line += self.buf.count("\n", 0, self.pos)
        self.buf = self.buf[self.pos :] + text
        self.pos = 0
        return True

    def where(self, pos: int) -> int:
        return self.line + self.buf.count("\n", 0, pos)

    def fail(self, msg: str, pos: int | None = None) -> BadJson:
        return BadJson(msg, self.where(self.pos if pos is None else pos))

    def peek(self) -> str:
        """The next character that is not whitespace ('' at the end), not consumed."""
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in _WHITESPACE:
                self.pos += 1
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self.more():
                return ""

    def expect(self, char: str, msg: str) -> None:
        if self.peek() != char:
            raise self.fail(msg)
        self.pos += 1

    def value(self, decoder: json.JSONDecoder) -> Any:
        """Decode one complete JSON value, reading more text until it is whole."""
        self.peek()
        while True:
            try:
                value, end = decoder.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                # Cut off by the end of the text read so far, or really wrong?
                cut = exc.pos >= len(self.buf) - _NEAR_END or exc.msg.startswith("Unterminated")
                if cut and not self.eof and len(self.buf) - self.pos < MAX_VALUE and self.more():
                    continue
                raise self.fail(exc.msg, exc.pos) from None
            # A number that runs to the end of the text may continue in the next chunk
            # ("0" of "0.5"): read on until something follows it.
            if (
                len(self.buf) - end < _NEAR_END
                and not self.buf[end:].strip(_NUMBER)
                and not self.eof
                and self.more()
            ):
                continue
            self.pos = end
            return value


def read_document(raw: IO[bytes], chunk: int = CHUNK) -> Iterator[Item]:
    """The members of the top-level object, arrays element by element, in file order.

    Raises NotText, BadJson (with the line) or NotAnObject as soon as the problem is
    reached."""
    text = _Text(raw, chunk)
    decoder = json.JSONDecoder()
    if text.peek() != "{":
        if text.peek() == "":
            raise text.fail("Expecting value")
        text.value(decoder)  # invalid JSON raises BadJson here
        raise NotAnObject
    text.pos += 1
    if text.peek() == "}":
        text.pos += 1
    else:
        while True:
            if text.peek() != '"':
                raise text.fail("Expecting property name enclosed in double quotes")
            key = text.value(decoder)
            text.expect(":", "Expecting ':' delimiter")
            if text.peek() != "[":
                yield Item(key, text.value(decoder))
            else:
                text.pos += 1
                yield Item(key, [], start=True)
                index = 0
                if text.peek() == "]":
                    text.pos += 1
                else:
                    while True:
                        yield Item(key, text.value(decoder), index)
                        index += 1
                        char = text.peek()
                        text.pos += 1
                        if char == "]":
                            break
                        if char != ",":
                            raise text.fail("Expecting ',' delimiter", text.pos - 1)
            char = text.peek()
            text.pos += 1
            if char == "}":
                break
            if char != ",":
                raise text.fail("Expecting ',' delimiter", text.pos - 1)
    if text.peek() != "":
        raise text.fail("Extra data")
