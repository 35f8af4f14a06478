"""Indexes for the insights screen and the report at 100,000 contacts (issue 16).

- `ix_stage_event_at` (at, contact_id, to_stage): the stuck list walks stage moves
  oldest first and stops at its LIMIT; the funnel and the time in stage read the
  period's moves as a range, from the index alone.
- `ix_contact_created` (created_at, archived, referred_by_id): the first activity is
  the index's first entry; referrals added in the period are counted from the index.
- `ix_contact_referrer_live` (referred_by_id, archived) replaces `ix_contact_referred_by`:
  who referred how many live people, read from the index alone (the referral map).
- `ix_outreach_sent` (sent_at) and `ix_interview_ended` (status, ended_at): the
  period's messages and finished interviews as a range, not a scan.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_stage_event_at", "stage_event", ["at", "contact_id", "to_stage"])
    op.create_index("ix_contact_created", "contact", ["created_at", "archived", "referred_by_id"])
    op.drop_index("ix_contact_referred_by", table_name="contact")
    op.create_index("ix_contact_referrer_live", "contact", ["referred_by_id", "archived"])
    op.create_index("ix_outreach_sent", "outreach", ["sent_at"])
    op.create_index("ix_interview_ended", "interview", ["status", "ended_at"])


def downgrade() -> None:
    raise NotImplementedError("infointerview never goes back a schema version")
