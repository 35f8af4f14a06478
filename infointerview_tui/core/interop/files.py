"""Writing export files atomically: a reader never sees half a file."""

from __future__ import annotations

from pathlib import Path

from .errors import InteropError


def write_atomically(out: Path, data: str | bytes) -> None:
    """Write to a temporary file beside `out`, then rename it into place."""
    if out.is_dir():
        raise InteropError(f"{out} is a directory; give a file name")
    tmp = out.with_name(f".{out.name}.tmp")
    try:
        if isinstance(data, bytes):
            tmp.write_bytes(data)
        else:
            tmp.write_text(data, encoding="utf-8", newline="")
        tmp.replace(out)
    except OSError as exc:
        raise InteropError(f"cannot write {out}: {exc.strerror}") from None
    finally:
        tmp.unlink(missing_ok=True)
