"""The 2-Hour Job Search built in (user_version 5 in the SQL era of this branch).

Organizations get the LAMP list's Motivation (0-3) and Posting (1-3) keys; questions an
optional TIARA tag (the built-ins that ask one are tagged, and two new built-ins make at
least two per tag, added only to a bank that is already seeded: a new file is seeded
from the models); a reply's outcome; editable message templates (a row overrides the
built-in text of its kind); advice captured in an interview as action items.

Frozen: a migration must mean the same thing forever, whatever the models become.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TAGS = {
    "insights": ("c1q6", "c2q5"),
    "trends": ("c2q6",),
    "assignments": ("c3q2",),
    "advice": ("c4q1", "c4q2"),
    "resources": ("c4q3", "c4q5"),
}
NEW_BUILTINS = (
    (3, "What trends are you seeing in your industry right now?", "tiara-trends", "trends"),
    (
        1,
        "Which project taught you the most, and what did you do in it?",
        "tiara-assignments",
        "assignments",
    ),
)


def upgrade() -> None:
    op.add_column(
        "organization", sa.Column("motivation", sa.Integer(), nullable=False, server_default="0")
    )
    op.add_column(
        "organization", sa.Column("posting", sa.Integer(), nullable=False, server_default="1")
    )
    op.add_column("question", sa.Column("tiara", sa.String(), nullable=False, server_default=""))
    op.add_column("outreach", sa.Column("outcome", sa.String(), nullable=False, server_default=""))
    bind = op.get_bind()
    for tag, keys in TAGS.items():
        for key in keys:
            bind.execute(
                sa.text("UPDATE question SET tiara = :tag WHERE builtin_key = :key"),
                {"tag": tag, "key": key},
            )
    if bind.execute(sa.text("SELECT 1 FROM question LIMIT 1")).first():
        for category, text, key, tag in NEW_BUILTINS:
            if bind.execute(
                sa.text("SELECT 1 FROM question WHERE builtin_key = :key"), {"key": key}
            ).first():
                continue
            bind.execute(
                sa.text(
                    "INSERT INTO question (category, text, air, favourite, position, "
                    "builtin_key, deleted, tiara) VALUES (:c, :t, 'I', :f, 100, :k, :f, :g)"
                ),
                {"c": category, "t": text, "k": key, "g": tag, "f": False},
            )
    op.create_table(
        "message_template",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(), nullable=False, unique=True),
        sa.Column("subject", sa.String(), nullable=False, server_default=""),
        sa.Column("body", sa.String(), nullable=False, server_default=""),
    )
    op.create_table(
        "advice_item",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "contact_id",
            sa.Integer(),
            sa.ForeignKey("contact.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "interview_id",
            sa.Integer(),
            sa.ForeignKey("interview.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("done", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("update_sent_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_advice_item_contact", "advice_item", ["contact_id", "done", "position"])


def downgrade() -> None:
    raise NotImplementedError("infointerview never goes back a schema version")
