"""The one error type of every importer and exporter: str() is the user's message."""

from __future__ import annotations


class InteropError(ValueError):
    """A file could not be read or written; the database is unchanged."""
