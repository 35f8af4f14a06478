"""What the funnel and the time in stage read, kept by triggers (core/stage_stats.py),
so that the insights do not read and sort every stage move of the period on each open
(issue 16): `stage_reach` (a contact, a stage it reached, its latest move there or
later) and `stage_stay` (the stay each move began and when the next move ended it).
Filled from the existing rows.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from infointerview_tui.core import stage_stats

    op.create_table(
        "stage_reach",
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.Integer(), nullable=False),
        sa.Column("last_at", sa.DateTime(), nullable=True),
        sa.Column("live", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("contact_id", "stage"),
    )
    op.create_index("ix_stage_reach_live", "stage_reach", ["live", "stage", "last_at"])
    op.create_table(
        "stage_stay",
        sa.Column("event_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("left_at", sa.DateTime(), nullable=True),
        sa.Column("live", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("event_id"),
    )
    op.create_index("ix_stage_stay_live", "stage_stay", ["live", "stage", "at", "left_at"])
    op.create_index("ix_stage_stay_contact", "stage_stay", ["contact_id"])
    stage_stats.backfill(op.get_bind(), lengths=False)  # days: migration 0021
    stage_stats.install(op.get_bind(), lengths=False)


def downgrade() -> None:
    raise NotImplementedError("infointerview never goes back a schema version")
