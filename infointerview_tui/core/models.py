"""SQLModel tables: the typed view of the schema in schema.py (a test keeps them equal).

SQLModel stores aware datetimes as UTC and returns them aware (UTC); the raw sqlite3
parts of the Store use the same text format through `db.to_db` / `db.from_db`.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel


class CareerField(SQLModel, table=True):
    __tablename__ = "career_field"
    id: int | None = Field(default=None, primary_key=True)
    name: str
    status: str = "exploring"
    onet_code: str | None = None
    notes: str = ""
    src_experience_done: bool = False
    src_experience_notes: str = ""
    src_self_assessment_done: bool = False
    src_self_assessment_notes: str = ""
    src_career_cruising_done: bool = False
    src_career_cruising_notes: str = ""
    src_onet_done: bool = False
    src_onet_notes: str = ""
    created_at: datetime


class Organization(SQLModel, table=True):
    __tablename__ = "organization"
    id: int | None = Field(default=None, primary_key=True)
    name: str
    career_field_id: int | None = Field(default=None, foreign_key="career_field.id")
    website: str = ""
    location: str = ""
    how_found: str = ""
    notes: str = ""
    created_at: datetime


class Contact(SQLModel, table=True):
    __tablename__ = "contact"
    id: int | None = Field(default=None, primary_key=True)
    name: str
    title: str = ""
    organization_id: int | None = Field(default=None, foreign_key="organization.id")
    career_field_id: int | None = Field(default=None, foreign_key="career_field.id")
    email: str = ""
    phone: str = ""
    linkedin_url: str = ""
    how_found: str = ""
    relationship: str = ""
    referred_by_id: int | None = Field(default=None, foreign_key="contact.id")
    stage: int = 1
    position: int = 0
    tags: str = ""
    notes: str = ""
    archived: bool = False
    vcard_uid: str | None = None
    stay_in_touch_months: int = 3
    created_at: datetime
    updated_at: datetime
    outreach_draft: str = ""
    thank_you_draft: str = ""
    version: int = 0


class StageEvent(SQLModel, table=True):
    __tablename__ = "stage_event"
    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id")
    from_stage: int | None = None
    to_stage: int
    at: datetime


class Outreach(SQLModel, table=True):
    __tablename__ = "outreach"
    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id")
    sent_at: datetime
    channel: str = "email"
    message: str = ""
    proposed_timeframe: str = ""
    proposed_place: str = ""
    response: str = ""
    replied_at: datetime | None = None


class Interview(SQLModel, table=True):
    __tablename__ = "interview"
    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id")
    scheduled_at: datetime | None = None
    planned_minutes: int = 30
    location: str = ""
    status: str = "planned"
    started_at: datetime | None = None
    ended_at: datetime | None = None
    advice: str = ""
    insight: str = ""
    referral_notes: str = ""
    free_notes: str = ""
    summary: str = ""
    version: int = 0


class Question(SQLModel, table=True):
    __tablename__ = "question"
    id: int | None = Field(default=None, primary_key=True)
    category: int
    text: str
    air: str = ""
    favourite: bool = False
    position: int = 0
    builtin_key: str | None = None
    deleted: bool = False


class InterviewAnswer(SQLModel, table=True):
    __tablename__ = "interview_answer"
    id: int | None = Field(default=None, primary_key=True)
    interview_id: int = Field(foreign_key="interview.id")
    question_id: int | None = Field(default=None, foreign_key="question.id")
    category: int
    question_text: str
    position: int = 0
    asked: bool = False
    notes: str = ""
    version: int = 0


class FollowUp(SQLModel, table=True):
    __tablename__ = "follow_up"
    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id")
    kind: str
    due: datetime
    done: bool = False
    done_at: datetime | None = None
    note: str = ""
    interview_id: int | None = Field(default=None, foreign_key="interview.id")
    outreach_id: int | None = Field(default=None, foreign_key="outreach.id")


class SyncItem(SQLModel, table=True):
    """One object the app put on the DAV server: where it is and what was agreed last."""

    __tablename__ = "sync_item"
    id: int | None = Field(default=None, primary_key=True)
    kind: str  # "contact", "interview" or "follow-up"
    record_id: int
    uid: str
    href: str
    etag: str = ""
    digest: str = ""  # hash of the object last put or accepted
    base: str = "{}"  # JSON: the synced field values, the base of the 3-way merge
    synced_at: datetime


class SyncCollection(SQLModel, table=True):
    """The calendar or address book the app syncs with, and its last sync token/ctag."""

    __tablename__ = "sync_collection"
    id: int | None = Field(default=None, primary_key=True)
    kind: str  # "calendar" or "addressbook"
    account: str  # url + username the state belongs to
    url: str
    sync_token: str = ""
    ctag: str = ""


ALL_TABLES = (
    CareerField,
    Organization,
    Contact,
    StageEvent,
    Outreach,
    Interview,
    Question,
    InterviewAnswer,
    FollowUp,
    SyncItem,
    SyncCollection,
)
