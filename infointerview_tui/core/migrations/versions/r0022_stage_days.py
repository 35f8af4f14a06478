"""`stage_reach_day` and `stage_stay_day`: the funnel's and time in stage's rows counted
per day, kept by triggers (core/stage_days.py), and `stage_stay.days` (a stay's length) with an
index on it, so that a period's funnel and medians read a row per day and the stays around the
middle, not every row of the period (issue 16). `stage_stay` is derived data: it is made
again with its new column and filled, with its triggers, from the moves.

Revision ID: 0022
Revises: 0021
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from infointerview_tui.core import counters, stage_days, stage_stats

    conn = op.get_bind()
    counters.drop_triggers(conn, stage_stats.TRIGGER_TABLES)
    op.drop_index("ix_stage_stay_live", table_name="stage_stay")
    op.drop_index("ix_stage_stay_contact", table_name="stage_stay")
    op.drop_table("stage_stay")
    op.create_table(
        "stage_stay",
        sa.Column("event_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("left_at", sa.DateTime(), nullable=True),
        sa.Column("live", sa.Boolean(), nullable=False),
        sa.Column("days", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("event_id"),
    )
    op.create_index("ix_stage_stay_live", "stage_stay", ["live", "stage", "at", "left_at"])
    op.create_index("ix_stage_stay_contact", "stage_stay", ["contact_id"])
    op.create_index(
        "ix_stage_stay_length", "stage_stay", ["live", "stage", "days", "at", "left_at"]
    )
    op.create_table(
        "stage_reach_day",
        sa.Column("stage", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("stage", "day"),
    )
    op.create_table(
        "stage_stay_day",
        sa.Column("stage", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("whole_days", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("stage", "day", "whole_days"),
    )
    stage_stats.backfill(conn)
    stage_stats.install(conn)
    stage_days.backfill(conn)
    stage_days.install(conn)


def downgrade() -> None:
    raise NotImplementedError("infointerview never goes back a schema version")
