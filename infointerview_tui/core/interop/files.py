"""Writing export files atomically: a reader never sees half a file."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from .errors import InteropError


@contextmanager
def open_atomically(out: Path) -> Iterator[IO[bytes]]:
    """A binary file that replaces `out` only on success.

    Exports stream into it row by row, so memory stays flat however big the database."""
    if out.is_dir():
        raise InteropError(f"{out} is a directory; give a file name")
    tmp = out.with_name(f".{out.name}.tmp")
    try:
        with tmp.open("wb") as handle:
            yield handle
        tmp.replace(out)
    except OSError as exc:
        raise InteropError(f"cannot write {out}: {exc.strerror}") from None
    finally:
        tmp.unlink(missing_ok=True)


def write_atomically(out: Path, data: str | bytes) -> None:
    """Write to a temporary file beside `out`, then rename it into place."""
    with open_atomically(out) as handle:
        handle.write(data if isinstance(data, bytes) else data.encode("utf-8"))
