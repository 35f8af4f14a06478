"""Row versions: a write states the version it read (user_version 4).

When another window or computer changed the row since, the write is refused or merged
instead of silently overwriting (board moves, undo, interview notes).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("contact", "interview", "interview_answer"):
        op.add_column(table, sa.Column("version", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    raise NotImplementedError("infointerview never goes back a schema version")
