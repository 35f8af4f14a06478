"""Follow-up ids are never reused on SQLite (issue 10).

A table without AUTOINCREMENT gives a new row the id of a deleted one at the top, so
"the latest thank-you" by highest id could name an older row after a cancelled 3B7
nudge was deleted, and the same data got other ids than on PostgreSQL (whose sequences
never reuse one). `follow_up` is rebuilt as an AUTOINCREMENT table, its rows and ids
kept; no other table points at it, so the rebuild touches nothing else. PostgreSQL needs
nothing.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    with op.batch_alter_table(
        "follow_up", recreate="always", table_kwargs={"sqlite_autoincrement": True}
    ):
        pass


def downgrade() -> None:
    raise NotImplementedError("infointerview never goes back a schema version")
