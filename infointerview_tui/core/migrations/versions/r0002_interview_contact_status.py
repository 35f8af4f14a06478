"""A card's next planned interview is looked up per contact (user_version 2).

Without this index SQLite walked every planned interview for every card (17 ms per
page of 100 at 10,000).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_interview_contact_status", "interview", ["contact_id", "status", "scheduled_at"]
    )


def downgrade() -> None:
    raise NotImplementedError("infointerview never goes back a schema version")
