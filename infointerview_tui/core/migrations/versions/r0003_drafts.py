"""Drafts written in the composer and the thank-you are kept (user_version 3).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for name in ("outreach_draft", "thank_you_draft"):
        op.add_column("contact", sa.Column(name, sa.String(), nullable=False, server_default=""))


def downgrade() -> None:
    raise NotImplementedError("infointerview never goes back a schema version")
