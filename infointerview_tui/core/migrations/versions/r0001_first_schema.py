"""The first schema (PRAGMA user_version 1 before Alembic).

Frozen: a migration must mean the same thing forever, whatever the models become.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _text(name: str, default: str = "") -> sa.Column:
    return sa.Column(name, sa.String(), nullable=False, server_default=default)


def _flag(name: str) -> sa.Column:
    return sa.Column(name, sa.Boolean(), nullable=False, server_default=sa.false())


def _int(name: str, default: int) -> sa.Column:
    return sa.Column(name, sa.Integer(), nullable=False, server_default=str(default))


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), primary_key=True)


def _ref(name: str, target: str, ondelete: str, nullable: bool = True) -> sa.Column:
    return sa.Column(
        name, sa.Integer(), sa.ForeignKey(f"{target}.id", ondelete=ondelete), nullable=nullable
    )


def _when(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "career_field",
        _id(),
        sa.Column("name", sa.String(), nullable=False),
        _text("status", "exploring"),
        sa.Column("onet_code", sa.String(), nullable=True),
        _text("notes"),
        _flag("src_experience_done"),
        _text("src_experience_notes"),
        _flag("src_self_assessment_done"),
        _text("src_self_assessment_notes"),
        _flag("src_career_cruising_done"),
        _text("src_career_cruising_notes"),
        _flag("src_onet_done"),
        _text("src_onet_notes"),
        _when("created_at"),
    )
    op.create_table(
        "organization",
        _id(),
        sa.Column("name", sa.String(), nullable=False),
        _ref("career_field_id", "career_field", "SET NULL"),
        _text("website"),
        _text("location"),
        _text("how_found"),
        _text("notes"),
        _when("created_at"),
    )
    op.create_index("ix_organization_field", "organization", ["career_field_id"])
    op.create_index("ix_organization_name", "organization", ["name"])
    op.create_table(
        "contact",
        _id(),
        sa.Column("name", sa.String(), nullable=False),
        _text("title"),
        _ref("organization_id", "organization", "SET NULL"),
        _ref("career_field_id", "career_field", "SET NULL"),
        _text("email"),
        _text("phone"),
        _text("linkedin_url"),
        _text("how_found"),
        _text("relationship"),
        _ref("referred_by_id", "contact", "SET NULL"),
        _int("stage", 1),
        _int("position", 0),
        _text("tags"),
        _text("notes"),
        _flag("archived"),
        sa.Column("vcard_uid", sa.String(), nullable=True),
        _int("stay_in_touch_months", 3),
        _when("created_at"),
        _when("updated_at"),
        sa.CheckConstraint("stage BETWEEN 1 AND 5", name="ck_contact_stage"),
    )
    op.create_index("ix_contact_board", "contact", ["archived", "stage", "position"])
    for name, column in (
        ("ix_contact_organization", "organization_id"),
        ("ix_contact_field", "career_field_id"),
        ("ix_contact_referred_by", "referred_by_id"),
        ("ix_contact_linkedin", "linkedin_url"),
        ("ix_contact_vcard_uid", "vcard_uid"),
    ):
        op.create_index(name, "contact", [column])
    op.create_table(
        "stage_event",
        _id(),
        _ref("contact_id", "contact", "CASCADE", nullable=False),
        sa.Column("from_stage", sa.Integer(), nullable=True),
        sa.Column("to_stage", sa.Integer(), nullable=False),
        _when("at"),
    )
    op.create_index("ix_stage_event_contact", "stage_event", ["contact_id", "at"])
    op.create_table(
        "outreach",
        _id(),
        _ref("contact_id", "contact", "CASCADE", nullable=False),
        _when("sent_at"),
        _text("channel", "email"),
        _text("message"),
        _text("proposed_timeframe"),
        _text("proposed_place"),
        _text("response"),
        _when("replied_at", nullable=True),
    )
    op.create_index("ix_outreach_contact", "outreach", ["contact_id", "sent_at"])
    op.create_table(
        "interview",
        _id(),
        _ref("contact_id", "contact", "CASCADE", nullable=False),
        _when("scheduled_at", nullable=True),
        _int("planned_minutes", 30),
        _text("location"),
        _text("status", "planned"),
        _when("started_at", nullable=True),
        _when("ended_at", nullable=True),
        _text("advice"),
        _text("insight"),
        _text("referral_notes"),
        _text("free_notes"),
        _text("summary"),
    )
    op.create_index("ix_interview_contact", "interview", ["contact_id"])
    op.create_index("ix_interview_scheduled", "interview", ["status", "scheduled_at"])
    op.create_table(
        "question",
        _id(),
        sa.Column("category", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        _text("air"),
        _flag("favourite"),
        _int("position", 0),
        sa.Column("builtin_key", sa.String(), nullable=True, unique=True),
        _flag("deleted"),
        sa.CheckConstraint("category BETWEEN 1 AND 5", name="ck_question_category"),
        sa.CheckConstraint("air IN ('', 'A', 'I', 'R')", name="ck_question_air"),
    )
    op.create_index("ix_question_category", "question", ["category", "position"])
    op.create_table(
        "interview_answer",
        _id(),
        _ref("interview_id", "interview", "CASCADE", nullable=False),
        _ref("question_id", "question", "SET NULL"),
        sa.Column("category", sa.Integer(), nullable=False),
        sa.Column("question_text", sa.String(), nullable=False),
        _int("position", 0),
        _flag("asked"),
        _text("notes"),
    )
    op.create_index(
        "ix_answer_interview", "interview_answer", ["interview_id", "category", "position"]
    )
    op.create_table(
        "follow_up",
        _id(),
        _ref("contact_id", "contact", "CASCADE", nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        _when("due"),
        _flag("done"),
        _when("done_at", nullable=True),
        _text("note"),
        _ref("interview_id", "interview", "SET NULL"),
        _ref("outreach_id", "outreach", "SET NULL"),
    )
    op.create_index("ix_follow_up_open", "follow_up", ["done", "due"])
    op.create_index("ix_follow_up_contact", "follow_up", ["contact_id", "done", "due"])


def downgrade() -> None:
    raise NotImplementedError("infointerview never goes back a schema version")
