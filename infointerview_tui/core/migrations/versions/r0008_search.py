"""The name search index (core/search.py): `search_term`, one row per folded word of a
contact's name, title and tags and of an organization's and career field's name, with
the index a prefix is a range of, filled from the existing rows.

The backfill is core/search.py's `rebuild`: the folding of words lives in one place,
and a database migrated here holds exactly the terms the app writes itself. The table's
rows go in before its secondary index exists (one sort, not 400,000 index updates).

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from infointerview_tui.core import search

    op.create_table(
        "search_term",
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column(
            "term",
            sa.String().with_variant(sa.String(collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "term", "record_id"),
        sqlite_with_rowid=False,
    )
    search.rebuild(op.get_bind())
    op.create_index("ix_search_term_record", "search_term", ["kind", "record_id", "term"])


def downgrade() -> None:
    raise NotImplementedError("infointerview never goes back a schema version")
