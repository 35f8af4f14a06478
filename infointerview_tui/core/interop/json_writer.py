"""Writing the JSON export as it is read: the same bytes as `json.dumps(data,
ensure_ascii=False, indent=2)` of the whole document, without ever holding it.

Records arrive in batches and each batch is encoded by orjson (indent 2, the same
escaping and ISO 8601 datetimes as the standard library writes) and re-indented to its
depth in the document; a test compares the result with `json.dumps` byte for byte.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import IO, Any

import orjson

INDENT = b"  "
_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_NAIVE_UTC


def _standard(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).isoformat()
    if isinstance(value, dict):
        return {k: _standard(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_standard(v) for v in value]
    return value


def encode(value: Any, level: int) -> bytes:
    """`value` as `json.dumps(indent=2, ensure_ascii=False)` writes it `level` deep."""
    try:
        text = orjson.dumps(value, option=_OPTIONS)
    except TypeError:  # what orjson refuses (an int past 64 bits): the standard library
        text = json.dumps(_standard(value), ensure_ascii=False, indent=2).encode()
    # JSON strings never hold a raw newline, so every b"\n" is between tokens.
    return text.replace(b"\n", b"\n" + INDENT * level) if level else text


class DocumentWriter:
    """A top-level JSON object written key by key; list values may be streams."""

    def __init__(self, out: IO[bytes]) -> None:
        self.out = out
        self.keys = 0

    def _key(self, key: str) -> None:
        self.out.write((b"{\n" if self.keys == 0 else b",\n") + INDENT + encode(key, 0))
        self.keys += 1

    def scalar(self, key: str, value: Any) -> None:
        self._key(key)
        self.out.write(b": " + encode(value, 1))

    def stream(self, key: str, batches: Iterable[list[dict[str, Any]]]) -> int:
        """Write `key: [records...]` a batch of records at a time; returns how many."""
        self._key(key)
        count = 0
        for batch in batches:
            if not batch:
                continue
            # "[\n  {...},\n  {...}\n]" one level deeper, without its brackets (a view:
            # the batch's megabytes are not copied again).
            items = memoryview(encode(batch, 1))[1 : -len(b"\n" + INDENT + b"]")]
            self.out.write(b": [" if count == 0 else b",")
            self.out.write(items)
            count += len(batch)
        self.out.write(b": []" if count == 0 else b"\n" + INDENT + b"]")
        return count

    def close(self) -> None:
        self.out.write(b"{}\n" if self.keys == 0 else b"\n}\n")
