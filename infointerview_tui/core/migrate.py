"""Schema changes: the Alembic revisions in core/migrations/, applied on open.

`PRAGMA user_version` (SQLite) mirrors how many revisions a file has, so that opening
an up-to-date file costs one pragma read and never imports Alembic or SQLAlchemy (the
board's first frame must not wait ~0.7 s for them). Files written before Alembic
(user_version 1-3, no alembic_version table) are stamped at their revision first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

# Revision ids in order; REVISIONS[n - 1] is the schema a user_version n file has.
REVISIONS = (
    "0001",
    "0002",
    "0003",
    "0004",
    "0005",
    "0006",
    "0007",
    "0008",
    "0009",
    "0010",
    "0011",
    "0012",
    "0013",
    "0014",
    "0015",
    "0016",
    "0017",
    "0018",
    "0019",
    "0020",
    "0021",
    "0022",
    "0023",
    "0024",
)
SCHEMA_VERSION = len(REVISIONS)
LOCATION = Path(__file__).with_name("migrations")


def upgrade(connection: Any, version: int, *, new_from_models: bool = True) -> None:
    """Bring the database on `connection` (SQLAlchemy, in a transaction) to head.

    `version` is what the file says it has (its user_version; 0 for a new file). A new
    database is created from the models unless `new_from_models` is False (then every
    revision runs from the first).
    """
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import inspect

    config = Config()
    config.set_main_option("script_location", str(LOCATION))
    config.attributes["connection"] = connection
    tables = inspect(connection)
    if new_from_models and not version and not tables.has_table("contact"):
        # A new database: the models as they are, marked as at head (Alembic's recipe;
        # running every revision from the first gives the same, a test checks it).
        from sqlmodel import SQLModel

        from . import models  # noqa: F401  (registers the tables)

        SQLModel.metadata.create_all(connection)
        command.stamp(config, "head")
        return
    if version and not tables.has_table("alembic_version"):
        command.stamp(config, REVISIONS[version - 1])
    command.upgrade(config, "head")
