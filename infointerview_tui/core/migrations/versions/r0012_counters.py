"""Counts of live people per organization (and advocates) and per career field, kept by
triggers (core/counters.py), so that the LAMP ranking and stages 1-2 do not count every
contact on each open (issue 16). Filled from the existing rows.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from infointerview_tui.core import counters

    op.create_table(
        "organization_count",
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("people", sa.Integer(), server_default="0", nullable=False),
        sa.Column("advocacy", sa.Integer(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("organization_id"),
    )
    op.create_table(
        "career_field_count",
        sa.Column("career_field_id", sa.Integer(), nullable=False),
        sa.Column("contacts", sa.Integer(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("career_field_id"),
    )
    counters.backfill(op.get_bind())
    counters.install(op.get_bind())


def downgrade() -> None:
    raise NotImplementedError("infointerview never goes back a schema version")
