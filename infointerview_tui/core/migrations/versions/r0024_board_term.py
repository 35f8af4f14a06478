"""`board_term`: each live contact's words (its own and its organization's) with its
stage and position, kept by triggers (core/board_terms.py), so that the board filter counts a
column's matches for a word from one index range instead of walking the column card by
card (issue 16). Filled from the search index and the contacts; the key's index goes in
before the rows, the contact index after them (one sort).

Revision ID: 0024
Revises: 0023
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from infointerview_tui.core import board_terms

    op.create_table(
        "board_term",
        sa.Column("stage", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column(
            "term",
            sa.String().with_variant(sa.String(collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column("contact_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("stage", "term", "contact_id"),
        sqlite_with_rowid=False,
    )
    board_terms.backfill(op.get_bind())
    op.create_index("ix_board_term_contact", "board_term", ["contact_id", "term"])
    board_terms.install(op.get_bind())


def downgrade() -> None:
    raise NotImplementedError("infointerview never goes back a schema version")
