"""Indexes that serve every list's sort and every count at 100,000 contacts (issue 16).

- `ix_contact_org_live` (organization_id, archived, stage, referred_by_id, how_found)
  replaces `ix_contact_organization`: the LAMP list's advocacy and people counts, stage
  2's counts and "has anyone live there" are read from the index alone.
- `ix_contact_field_live` (career_field_id, archived) replaces `ix_contact_field`: stage
  1's people per field, from the index alone.
- `ix_contact_name` (archived, name, id): stage 4's people without a scheduled
  interview, by name, paged from either end.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_contact_organization", table_name="contact")
    op.drop_index("ix_contact_field", table_name="contact")
    op.create_index(
        "ix_contact_org_live",
        "contact",
        ["organization_id", "archived", "stage", "referred_by_id", "how_found"],
    )
    op.create_index("ix_contact_field_live", "contact", ["career_field_id", "archived"])
    op.create_index("ix_contact_name", "contact", ["archived", "name", "id"])


def downgrade() -> None:
    raise NotImplementedError("infointerview never goes back a schema version")
