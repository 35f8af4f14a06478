"""The CLI's `export FORMAT OUT` and `import FORMAT FILE`, as one-line results: each
format is an entry of the registry in formats.py."""

from __future__ import annotations

from pathlib import Path

from ..store import Store
from .formats import Progress, export_format, import_format


def export(store: Store, fmt: str, out: Path, *, force: bool = False) -> str:
    """Write `out` in `fmt`; an existing file is replaced only with `force`."""
    return export_format(fmt).write(store, out, force)


def run_import(store: Store, fmt: str, path: Path, progress: Progress | None = None) -> str:
    return import_format(fmt).read(store, path, progress)
