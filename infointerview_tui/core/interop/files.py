"""Creating export files: private (0600), atomic, and never replacing a file by surprise.

Every export goes through `private_output`: the bytes are written to a temporary file
made with `tempfile.mkstemp` in the target's directory (O_EXCL, mode 0600, an
unpredictable name, so no symlink can be planted at it), then published in one step.
Without `force` the publish is a hard link, which fails if `out` exists, so even a file
that appears meanwhile is never replaced; with `force` it is a rename over `out`.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from .errors import InteropError


class OutputExists(InteropError):
    """The output file exists and replacing it was not asked for."""

    def __init__(self, out: Path) -> None:
        self.path = out
        super().__init__(f"{out} already exists; use --force to replace it")


def check_target(out: Path, *, force: bool = False) -> None:
    """Refuse early (before any work) a target that is a directory, or exists without force."""
    if out.is_dir():
        raise InteropError(f"{out} is a directory; give a file name")
    if not force and (out.exists() or out.is_symlink()):
        raise OutputExists(out)


def _publish(tmp: Path, out: Path, force: bool) -> None:
    if force:
        os.replace(tmp, out)
        return
    try:
        os.link(tmp, out)  # atomic "create if absent": never follows or replaces anything
    except FileExistsError:
        raise OutputExists(out) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
        # A file system without hard links (FAT, some network mounts): check, then rename.
        if out.exists() or out.is_symlink():
            raise OutputExists(out) from None
        os.replace(tmp, out)
        return
    tmp.unlink()


@contextmanager
def private_path(out: Path, *, force: bool = False) -> Iterator[Path]:
    """A fresh private temporary file beside `out` (yielded as a path, for writers such as
    SQLite that open by name); published as `out` when the block succeeds."""
    out = Path(out)
    check_target(out, force=force)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    except OSError as exc:
        raise InteropError(f"cannot write {out}: {exc.strerror}") from None
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        _publish(tmp, out, force)
    except OSError as exc:
        raise InteropError(f"cannot write {out}: {exc.strerror}") from None
    finally:
        tmp.unlink(missing_ok=True)


@contextmanager
def private_output(out: Path, *, force: bool = False, binary: bool = False) -> Iterator[IO[Any]]:
    """A file object to stream an export into; `out` appears (mode 0600) only when the
    block completes. Text mode writes UTF-8 with the newlines given."""
    with private_path(out, force=force) as tmp:
        # mkstemp made the file 0600; opening it by name again is safe: the name is
        # unpredictable and the directory entry is ours.
        try:
            handle = open(tmp, "wb") if binary else open(tmp, "w", encoding="utf-8", newline="")  # noqa: SIM115
        except OSError as exc:
            raise InteropError(f"cannot write {out}: {exc.strerror}") from None
        with handle:
            yield handle


def write_atomically(out: Path, data: str | bytes, *, force: bool = False) -> None:
    """Write `data` to `out` through `private_output` (0600, exclusive, no surprise
    replacement)."""
    with private_output(out, force=force, binary=isinstance(data, bytes)) as handle:
        handle.write(data)
