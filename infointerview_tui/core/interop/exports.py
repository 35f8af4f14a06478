"""The CLI's `export FORMAT OUT` and `import FORMAT FILE`, as one-line results."""

from __future__ import annotations

from pathlib import Path

from ..store import Store


def export(store: Store, fmt: str, out: Path, *, force: bool = False) -> str:
    """Write `out` in `fmt`; an existing file is replaced only with `force`."""
    if fmt == "vcard":
        from .vcard_export import export_vcard

        return f"exported {export_vcard(store, out, force=force)} contacts to {out}"
    if fmt == "ics":
        from .ical import export_ics

        events, todos = export_ics(store, out, force=force)
        return f"exported {events} interviews and {todos} follow-ups to {out}"
    if fmt == "markdown":
        from .markdown import export_markdown

        return f"wrote {export_markdown(store, out, force=force)} interview notes to {out}"
    raise ValueError(f"unknown export format {fmt}")


def run_import(store: Store, fmt: str, path: Path, progress=None) -> str:  # noqa: ANN001
    if fmt == "linkedin":
        from .linkedin import import_linkedin

        return import_linkedin(store, path, progress).summary()
    if fmt == "vcard":
        from .vcard import import_vcard

        return import_vcard(store, path).summary()
    raise ValueError(f"unknown import format {fmt}")
