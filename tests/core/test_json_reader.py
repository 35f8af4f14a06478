"""The streaming JSON reader gives what json.loads gives, whatever the layout and chunks."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infointerview_tui.core.interop.json_reader import (
    BadJson,
    NotAnObject,
    NotText,
    read_document,
)

SCALARS = st.none() | st.booleans() | st.integers() | st.text() | st.floats(allow_nan=False)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)
DOCUMENTS = st.dictionaries(st.text(max_size=8), st.lists(VALUES, max_size=6) | VALUES)


def rebuilt(raw: bytes, chunk: int = 3) -> dict:
    """The document put back together from the reader's items."""
    out: dict = {}
    for item in read_document(io.BytesIO(raw), chunk):
        if item.start:
            out[item.key] = []
        elif item.index is not None:
            assert item.index == len(out[item.key])
            out[item.key].append(item.value)
        else:
            out[item.key] = item.value
    return out


@settings(max_examples=150, deadline=None)
@given(
    document=DOCUMENTS,
    indent=st.sampled_from([None, 0, 2, "\t"]),
    chunk=st.integers(1, 64),
    ascii_only=st.booleans(),
)
def test_reads_back_what_json_dumps_wrote(document, indent, chunk, ascii_only):
    raw = json.dumps(document, indent=indent, ensure_ascii=ascii_only).encode()
    assert rebuilt(raw, chunk) == json.loads(raw)


def test_a_byte_order_mark_is_skipped():
    assert rebuilt(b'\xef\xbb\xbf{"a": [1]}') == {"a": [1]}


@pytest.mark.parametrize(
    ("raw", "line", "message"),
    [
        (b"{not json", 1, "property name"),
        (b'{\n  "a": [\n    {"b": 1},\n    {"b": tru}\n  ]\n}', 4, "Expecting value"),
        (b'{"a": [1, 2', 1, "Expecting"),
        (b'{"a": [1 2]}', 1, "delimiter"),
        (b'{"a": 1}\n\n x', 3, "Extra data"),
        (b"", 1, "Expecting value"),
        (b'{"a": "unterminated', 1, "Unterminated string"),
    ],
)
def test_bad_json_says_which_line(raw, line, message):
    with pytest.raises(BadJson, match=message) as caught:
        rebuilt(raw)
    assert caught.value.line == line


@pytest.mark.parametrize("raw", [b"\x89PNG\r\n\x1a\n\x00\x00", b'{"a": "\xff"}', b"{\x00}"])
def test_bytes_that_are_not_text(raw):
    with pytest.raises(NotText):
        rebuilt(raw)


def test_one_error_deep_in_a_big_file_is_found_without_reading_it_all():
    head = b'{"a": [' + b",".join(b'{"n": %d}' % i for i in range(200))
    raw = head + b', {"n": oops}' + b', {"n": 1}' * 100_000 + b"]}"
    stream = io.BytesIO(raw)
    with pytest.raises(BadJson, match="Expecting value"):
        for _ in read_document(stream, 64):
            pass
    assert stream.tell() < 4096  # stopped near the error


@pytest.mark.parametrize("raw", [b"[1, 2]", b'"text"', b"3"])
def test_valid_json_that_is_not_an_object(raw):
    with pytest.raises(NotAnObject):
        rebuilt(raw)
