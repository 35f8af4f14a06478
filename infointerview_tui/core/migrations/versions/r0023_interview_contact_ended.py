"""`ix_interview_contact_ended` (contact_id, status, ended_at): a contact's most recently
finished interview (the notes `i` opens once none is planned, the advice and insight a
message template quotes: three reads for each person highlighted in stage 3) was found
walking every finished interview by date until the contact's came, ~7,000 VM steps at
100,000 contacts. Now one seek (issue 16).

Revision ID: 0023
Revises: 0022
"""

from __future__ import annotations

from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_interview_contact_ended", "interview", ["contact_id", "status", "ended_at"])


def downgrade() -> None:
    raise NotImplementedError("infointerview never goes back a schema version")
