"""`stage_count`: per stage, how many live contacts it has, kept by triggers
(core/stage_counts.py), so that the board's counts and the stage lists' sizes read five
rows instead of counting every contact (issue 16). Filled from the existing rows.

Revision ID: 0021
Revises: 0020
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from infointerview_tui.core import stage_counts

    op.create_table(
        "stage_count",
        sa.Column("stage", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("live", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("stage"),
    )
    stage_counts.backfill(op.get_bind())
    stage_counts.install(op.get_bind())


def downgrade() -> None:
    raise NotImplementedError("infointerview never goes back a schema version")
