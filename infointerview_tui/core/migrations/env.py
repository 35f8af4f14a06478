"""Alembic's entry point, run by core/migrate.py on a connection it passes in.

There is no alembic.ini: users never run Alembic themselves; opening a database
applies what it lacks.
"""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

from infointerview_tui.core import models  # noqa: F401  (registers the tables)

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    # SQLite cannot ALTER most things in place: batch mode copies the table instead.
    render_as_batch=True,
)
with context.begin_transaction():
    context.run_migrations()
