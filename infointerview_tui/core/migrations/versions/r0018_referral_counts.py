"""`referral_count`: per person who referred someone, how many live people they referred,
their own referrer and liveness and their referrer's, kept by triggers
(core/referral_counts.py), so that the referral map's header and first page cost the
referrers, not every contact (issue 16); and `live_people`, how many contacts are live,
kept by the same triggers. Filled from the existing rows.

Revision ID: 0018
Revises: 0017
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from infointerview_tui.core import referral_counts

    op.create_table(
        "referral_count",
        sa.Column("contact_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("referrals", sa.Integer(), nullable=False),
        sa.Column("referred_by_id", sa.Integer(), nullable=True),
        sa.Column("live", sa.Boolean(), nullable=True),
        sa.Column("referrer_live", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("contact_id"),
    )
    op.create_index(
        "ix_referral_count_roots",
        "referral_count",
        ["live", "referrer_live", "referrals", "referred_by_id"],
    )
    op.create_index("ix_referral_count_widest", "referral_count", ["referrals"])
    op.create_index(
        "ix_referral_count_referrer",
        "referral_count",
        ["referred_by_id", "live", "contact_id", "referrals"],
    )
    op.create_table(
        "live_people",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    referral_counts.backfill(op.get_bind())
    referral_counts.install(op.get_bind())


def downgrade() -> None:
    raise NotImplementedError("infointerview never goes back a schema version")
