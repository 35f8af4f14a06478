"""A count of write transactions, so a window tells its own commits from another's.

`write_mark`: one row whose `seq` every write transaction bumps just before it commits
(core/live.py). SQLite's `PRAGMA data_version` changes on any other connection's commit,
the window's own included, so after each of its own moves a board re-read everything a
second time (80 ms at 100,000 contacts); with the marks, its watcher reloads only when a
number it did not write appears.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "write_mark",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("seq", sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    raise NotImplementedError("infointerview never goes back a schema version")
