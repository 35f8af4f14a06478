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


def write_private(out: Path, text: str, *, force: bool = False) -> None:
    """Create `out` readable by its owner only (0600), never replacing a file unless `force`.

    Without `force` the file is created exclusively: an existing file is an error and is
    left as it was. With `force` the text goes to a private temporary file first, which
    then replaces `out` in one rename.
    """
    import os

    if out.is_dir():
        raise InteropError(f"{out} is a directory; give a file name")
    target = out.with_name(f".{out.name}.tmp") if force else out
    if force:
        target.unlink(missing_ok=True)
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise InteropError(f"{out} already exists; add --force to replace it") from None
    except OSError as exc:
        raise InteropError(f"cannot write {out}: {exc.strerror}") from None
    try:
        os.fchmod(fd, 0o600)  # whatever the umask says
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        if force:
            target.replace(out)
    except OSError as exc:
        target.unlink(missing_ok=True)
        raise InteropError(f"cannot write {out}: {exc.strerror}") from None
