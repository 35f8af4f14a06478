"""CalDAV/CardDAV sync state (user_version 6).

`sync_item`: one row per object the app put on the DAV server (UID, href, ETag, a digest
of what was sent, the field values last agreed: the base of the 3-way merge).
`sync_collection`: the calendar / address book in use, its ctag and sync token. No
foreign keys to the records: a deleted record's row stays until the sync has deleted
the server's copy.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_item",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(), nullable=False),
        sa.Column("href", sa.String(), nullable=False),
        sa.Column("etag", sa.String(), nullable=False, server_default=""),
        sa.Column("digest", sa.String(), nullable=False, server_default=""),
        sa.Column("base", sa.String(), nullable=False, server_default="{}"),
        sa.Column("synced_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_sync_item_uid", "sync_item", ["uid"], unique=True)
    op.create_index("ix_sync_item_record", "sync_item", ["kind", "record_id"], unique=True)
    op.create_index("ix_sync_item_href", "sync_item", ["href"])
    op.create_table(
        "sync_collection",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("account", sa.String(), nullable=False),
        sa.Column("url", sa.String(), nullable=False),
        sa.Column("sync_token", sa.String(), nullable=False, server_default=""),
        sa.Column("ctag", sa.String(), nullable=False, server_default=""),
    )
    op.create_index("ix_sync_collection_kind", "sync_collection", ["kind"], unique=True)


def downgrade() -> None:
    raise NotImplementedError("infointerview never goes back a schema version")
