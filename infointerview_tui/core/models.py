"""SQLModel tables: THE definition of the schema (columns, defaults, keys, indexes).

Alembic migrations in core/migrations/ take any older file to this shape; a test
compares a migrated database with these models (alembic's `compare_metadata`).
Defaults are also server defaults, so rows inserted without the ORM get them too.
Datetimes are stored as naive UTC text on SQLite (`db.to_db` / `db.from_db`).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import CheckConstraint, Index, String, Table, event, false, text
from sqlmodel import Field, SQLModel


def text_(default: str = "") -> Any:
    """A NOT NULL text column with a default, on the client and in the database."""
    return Field(default=default, sa_column_kwargs={"server_default": default})


def flag() -> Any:
    """A NOT NULL boolean, false by default."""
    return Field(default=False, sa_column_kwargs={"server_default": false()})


def number(default: int) -> Any:
    return Field(default=default, sa_column_kwargs={"server_default": str(default)})


class CareerField(SQLModel, table=True):
    __tablename__ = "career_field"
    # Ids never reused (r0016): a window still on a deleted field edits none.
    __table_args__ = ({"sqlite_autoincrement": True},)
    id: int | None = Field(default=None, primary_key=True)
    name: str
    status: str = text_("exploring")
    onet_code: str | None = None
    notes: str = text_()
    src_experience_done: bool = flag()
    src_experience_notes: str = text_()
    src_self_assessment_done: bool = flag()
    src_self_assessment_notes: str = text_()
    src_career_cruising_done: bool = flag()
    src_career_cruising_notes: str = text_()
    src_onet_done: bool = flag()
    src_onet_notes: str = text_()
    created_at: datetime


class Organization(SQLModel, table=True):
    __tablename__ = "organization"
    __table_args__ = (
        Index("ix_organization_field", "career_field_id"),
        Index("ix_organization_name", "name"),
        {"sqlite_autoincrement": True},  # never reused (r0016), like the fields'
    )
    id: int | None = Field(default=None, primary_key=True)
    name: str
    career_field_id: int | None = Field(
        default=None, foreign_key="career_field.id", ondelete="SET NULL"
    )
    website: str = text_()
    location: str = text_()
    how_found: str = text_()
    notes: str = text_()
    created_at: datetime
    motivation: int = number(0)  # LAMP: how much you want to work there, 0-3
    posting: int = number(1)  # LAMP: 1 none found, 2 related, 3 a fitting posting


class Contact(SQLModel, table=True):
    __tablename__ = "contact"
    __table_args__ = (
        CheckConstraint("stage BETWEEN 1 AND 5", name="ck_contact_stage"),
        Index("ix_contact_board", "archived", "stage", "position"),
        # r0014: a contact's place on the board by id, from the index alone (the filter)
        Index("ix_contact_place", "id", "archived", "stage", "position"),
        # r0017: a column in board order with what the filter's probe reads (the walk)
        Index("ix_contact_walk", "archived", "stage", "position", "id", "organization_id"),
        # r0007: covering indexes for the counts, and one per list's sort (issue 16)
        Index(
            "ix_contact_org_live",
            "organization_id",
            "archived",
            "stage",
            "referred_by_id",
            "how_found",
        ),
        Index("ix_contact_field_live", "career_field_id", "archived"),
        Index("ix_contact_name", "archived", "name", "id"),
        # r0020: names by their folded start, with their length, for the name a typed
        # prefix suggests (`Contacts.name_starting`) without reading every name.
        Index("ix_contact_name_folded", text("lower(name)"), text("length(name)"), "name"),
        Index("ix_contact_referrer_live", "referred_by_id", "archived"),  # r0009
        Index("ix_contact_linkedin", "linkedin_url"),
        Index("ix_contact_vcard_uid", "vcard_uid"),
        # r0009: the first activity and the period's referrals, from the index (issue 16)
        Index("ix_contact_created", "created_at", "archived", "referred_by_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    name: str
    title: str = text_()
    organization_id: int | None = Field(
        default=None, foreign_key="organization.id", ondelete="SET NULL"
    )
    career_field_id: int | None = Field(
        default=None, foreign_key="career_field.id", ondelete="SET NULL"
    )
    email: str = text_()
    phone: str = text_()
    linkedin_url: str = text_()
    how_found: str = text_()
    relationship: str = text_()
    referred_by_id: int | None = Field(default=None, foreign_key="contact.id", ondelete="SET NULL")
    stage: int = number(1)
    position: int = number(0)
    tags: str = text_()
    notes: str = text_()
    archived: bool = flag()
    vcard_uid: str | None = None
    stay_in_touch_months: int = number(3)
    created_at: datetime
    updated_at: datetime
    outreach_draft: str = text_()
    thank_you_draft: str = text_()
    version: int = number(0)


class StageEvent(SQLModel, table=True):
    __tablename__ = "stage_event"
    __table_args__ = (
        Index("ix_stage_event_contact", "contact_id", "at"),
        Index("ix_stage_event_at", "at", "contact_id", "to_stage"),  # r0009: stuck, periods
    )
    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE")
    from_stage: int | None = None
    to_stage: int
    at: datetime


class Outreach(SQLModel, table=True):
    __tablename__ = "outreach"
    __table_args__ = (
        Index("ix_outreach_contact", "contact_id", "sent_at"),
        Index("ix_outreach_sent", "sent_at"),  # r0009: a period's messages
        # Ids never reused (r0015): a window still showing a deleted message acts on none.
        {"sqlite_autoincrement": True},
    )
    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE")
    sent_at: datetime
    channel: str = text_("email")
    message: str = text_()
    proposed_timeframe: str = text_()
    proposed_place: str = text_()
    response: str = text_()
    replied_at: datetime | None = None
    outcome: str = text_()  # the reply's answer: yes, not-now, no (or "" before a reply)


class Interview(SQLModel, table=True):
    __tablename__ = "interview"
    __table_args__ = (
        Index("ix_interview_contact", "contact_id"),
        Index("ix_interview_scheduled", "status", "scheduled_at"),
        Index("ix_interview_contact_status", "contact_id", "status", "scheduled_at"),
        Index("ix_interview_ended", "status", "ended_at"),  # r0009: a period's interviews
        # r0023: a contact's last finished interview (interview_rows.last_done), a seek.
        Index("ix_interview_contact_ended", "contact_id", "status", "ended_at"),
        # Ids never reused (r0015): a window still on a deleted interview writes into none.
        {"sqlite_autoincrement": True},
    )
    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE")
    scheduled_at: datetime | None = None
    planned_minutes: int = number(30)
    location: str = text_()
    status: str = text_("planned")
    started_at: datetime | None = None
    ended_at: datetime | None = None
    advice: str = text_()
    insight: str = text_()
    referral_notes: str = text_()
    free_notes: str = text_()
    summary: str = text_()
    version: int = number(0)


class Question(SQLModel, table=True):
    __tablename__ = "question"
    __table_args__ = (
        CheckConstraint("category BETWEEN 1 AND 5", name="ck_question_category"),
        CheckConstraint("air IN ('', 'A', 'I', 'R')", name="ck_question_air"),
        Index("ix_question_category", "category", "position"),
        {"sqlite_autoincrement": True},  # never reused (r0016), like the fields'
    )
    id: int | None = Field(default=None, primary_key=True)
    category: int
    text: str
    air: str = text_()
    favourite: bool = flag()
    position: int = number(0)
    builtin_key: str | None = Field(default=None, unique=True)
    deleted: bool = flag()
    tiara: str = text_()  # trends, insights, advice, resources, assignments or ""


class InterviewAnswer(SQLModel, table=True):
    __tablename__ = "interview_answer"
    __table_args__ = (
        Index("ix_answer_interview", "interview_id", "category", "position"),
        {"sqlite_autoincrement": True},  # never reused (r0015), like the interviews'
    )
    id: int | None = Field(default=None, primary_key=True)
    interview_id: int = Field(foreign_key="interview.id", ondelete="CASCADE")
    question_id: int | None = Field(default=None, foreign_key="question.id", ondelete="SET NULL")
    category: int
    question_text: str
    position: int = number(0)
    asked: bool = flag()
    notes: str = text_()
    version: int = number(0)


class FollowUp(SQLModel, table=True):
    __tablename__ = "follow_up"
    __table_args__ = (
        Index("ix_follow_up_open", "done", "due"),
        Index("ix_follow_up_contact", "contact_id", "done", "due"),
        # Ids never reused (r0011): the latest thank-you is the highest id.
        {"sqlite_autoincrement": True},
    )
    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE")
    kind: str
    due: datetime
    done: bool = flag()
    done_at: datetime | None = None
    note: str = text_()
    interview_id: int | None = Field(default=None, foreign_key="interview.id", ondelete="SET NULL")
    outreach_id: int | None = Field(default=None, foreign_key="outreach.id", ondelete="SET NULL")


class MessageTemplate(SQLModel, table=True):
    """The user's own text for a kind of message (the built-in text when absent)."""

    __tablename__ = "message_template"
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(unique=True)
    subject: str = text_()
    body: str = text_()


class AdviceItem(SQLModel, table=True):
    """One piece of advice from an interview, as something to do (and report back on)."""

    __tablename__ = "advice_item"
    __table_args__ = (Index("ix_advice_item_contact", "contact_id", "done", "position"),)
    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE")
    interview_id: int | None = Field(default=None, foreign_key="interview.id", ondelete="SET NULL")
    text: str
    position: int = number(0)
    done: bool = flag()
    done_at: datetime | None = None
    update_sent_at: datetime | None = None


class SyncItem(SQLModel, table=True):
    """One object the app put on the DAV server: where it is and what was agreed last.
    No foreign keys: a deleted record's row stays until its server copy is deleted."""

    __tablename__ = "sync_item"
    __table_args__ = (
        Index("ix_sync_item_uid", "uid", unique=True),
        Index("ix_sync_item_record", "kind", "record_id", unique=True),
        Index("ix_sync_item_href", "href"),
    )
    id: int | None = Field(default=None, primary_key=True)
    kind: str  # "contact", "interview" or "follow-up"
    record_id: int
    uid: str
    href: str
    etag: str = text_()
    digest: str = text_()  # hash of the object last put or accepted
    base: str = text_("{}")  # JSON: the synced field values, the base of the 3-way merge
    synced_at: datetime


class SyncCollection(SQLModel, table=True):
    """The calendar or address book the app syncs with, and its last sync token/ctag."""

    __tablename__ = "sync_collection"
    __table_args__ = (Index("ix_sync_collection_kind", "kind", unique=True),)
    id: int | None = Field(default=None, primary_key=True)
    kind: str  # "calendar" or "addressbook"
    account: str  # url + username the state belongs to
    url: str
    sync_token: str = text_()
    ctag: str = text_()


#: Byte-order text on every engine, so that a prefix is an index range (PostgreSQL's
#: default collation orders by language rules; SQLite's BINARY already is byte order).
BYTE_ORDER_TEXT = String().with_variant(String(collation="C"), "postgresql")


#: The kinds of term a contact's own words have (search.py's NAME and INFO), as the
#: condition of the index of them; search.py's probe names them in the same order.
CONTACT_TERMS = "kind IN ('name', 'info')"


class SearchTerm(SQLModel, table=True):
    """One folded word of a record's name (core/search.py writes and reads these): the
    index that finds "Anna Smith" by "smi". Derived data, rebuilt from the tables on a
    restore, so it is not exported."""

    __tablename__ = "search_term"
    __table_args__ = (
        Index("ix_search_term_record", "kind", "record_id", "term"),
        # r0019: a contact's own words by contact, those alone: the board filter's probe
        # of each card is one seek in a small index (two in the one above, one a kind).
        Index(
            "ix_search_term_contact",
            "record_id",
            "term",
            sqlite_where=text(CONTACT_TERMS),
            postgresql_where=text(CONTACT_TERMS),
        ),
        {"sqlite_with_rowid": False},  # the key is the row: one B-tree fewer to write
    )
    kind: str = Field(primary_key=True)  # name, info (title and tags), org or field
    term: str = Field(primary_key=True, sa_type=BYTE_ORDER_TEXT)  # type: ignore[call-overload]
    record_id: int = Field(primary_key=True)


class BoardTerm(SQLModel, table=True):
    """A live contact's word (its own, or its organization's name's) with its stage and
    place: the board filter's index, a column's matches for a word one range of the key.
    Kept by triggers (core/board_terms.py) from `search_term` and `contact`; derived
    data, not exported."""

    __tablename__ = "board_term"
    __table_args__ = (
        Index("ix_board_term_contact", "contact_id", "term"),  # a contact's rows
        {"sqlite_with_rowid": False},  # the key is the row
    )
    stage: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    term: str = Field(primary_key=True, sa_type=BYTE_ORDER_TEXT)  # type: ignore[call-overload]
    contact_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    position: int  # the contact's place in its column: a page sorted from the entries alone


class WriteMark(SQLModel, table=True):
    """How many write transactions the database has had: one row, its `seq` bumped by
    every write just before it commits (core/live.py). A window remembers the numbers it
    wrote, so its watcher tells its own commits from another's, which SQLite's
    `PRAGMA data_version` cannot. Not data: never exported."""

    __tablename__ = "write_mark"
    id: int = Field(primary_key=True)
    seq: int


class OrganizationCount(SQLModel, table=True):
    """Live people at an organization and how many of them are advocates (LAMP), kept
    by triggers (core/counters.py): derived data, not exported."""

    __tablename__ = "organization_count"
    organization_id: int = Field(primary_key=True)
    people: int = number(0)
    advocacy: int = number(0)


class CareerFieldCount(SQLModel, table=True):
    """Live people in a career field, kept by triggers (core/counters.py)."""

    __tablename__ = "career_field_count"
    career_field_id: int = Field(primary_key=True)
    contacts: int = number(0)


class ReferralCount(SQLModel, table=True):
    """A person who referred you to someone, with how many live people they referred
    and their own referrer and liveness (a copy of their contact row's), kept by
    triggers (core/referral_counts.py): derived data, not exported. The referral map
    reads who referred most and walks the chains over these rows, not over everyone."""

    __tablename__ = "referral_count"
    __table_args__ = (
        # the roots who referred someone, busiest first (the roots' page, the chains);
        # the live ones whose referrer is live too (where the chains' walk starts)
        Index("ix_referral_count_roots", "live", "referrer_live", "referrals", "referred_by_id"),
        Index("ix_referral_count_widest", "referrals"),  # the widest: its last entry
        # a referrer's people who referred someone too (the chains' walk), index-only
        Index("ix_referral_count_referrer", "referred_by_id", "live", "contact_id", "referrals"),
    )
    contact_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    referrals: int  # live contacts whose referred_by_id is contact_id (always > 0)
    referred_by_id: int | None = None  # the contact's own referrer
    live: bool | None = None  # the contact is not archived (NULL: no such contact)
    referrer_live: bool  # its referrer is a live contact (false: none, archived or gone)


class LivePeople(SQLModel, table=True):
    """How many contacts are live (not archived): one row, kept by the referral map's
    triggers (core/referral_counts.py), so its header does not count every contact.
    Derived data, not exported."""

    __tablename__ = "live_people"
    id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})  # always 1
    people: int


class StageCount(SQLModel, table=True):
    """How many live (not archived) contacts a stage has: one row per stage 1-5, kept by
    triggers (core/stage_counts.py), so the board's counts do not count every contact.
    Derived data, not exported."""

    __tablename__ = "stage_count"
    stage: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    live: int


class StageReach(SQLModel, table=True):
    """A contact and a stage it has reached, with its latest move there or later (NULL:
    only its current stage says so); kept by triggers (core/stage_stats.py): derived
    data, not exported. The funnel counts ranges of its index."""

    __tablename__ = "stage_reach"
    __table_args__ = (Index("ix_stage_reach_live", "live", "stage", "last_at"),)
    contact_id: int = Field(primary_key=True)
    stage: int = Field(primary_key=True)
    last_at: datetime | None = None
    live: bool


class StageStay(SQLModel, table=True):
    """The stay a stage move began: when it began and when the next move ended it (NULL
    while it lasts); kept by triggers (core/stage_stats.py): derived data, not exported.
    Time in stage reads ranges of its indexes: `days` is how long the stay lasted (NULL
    while it lasts), so that the stays of a length, in order, are one range."""

    __tablename__ = "stage_stay"
    __table_args__ = (
        Index("ix_stage_stay_live", "live", "stage", "at", "left_at"),
        Index("ix_stage_stay_contact", "contact_id"),
        Index("ix_stage_stay_length", "live", "stage", "days", "at", "left_at"),
    )
    event_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    contact_id: int
    stage: int
    at: datetime
    left_at: datetime | None = None
    live: bool
    days: float | None = None  # left_at - at in days (insights' days_between); NULL: going


class StageReachDay(SQLModel, table=True):
    """How many live `stage_reach` rows of a stage have their `last_at` on a (UTC) day
    (0001-01-01: none, only the current stage), kept by triggers (core/stage_days.py):
    the funnel of a period sums these days and counts the first day's rows alone."""

    __tablename__ = "stage_reach_day"
    stage: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    day: date = Field(primary_key=True)
    n: int


class StageStayDay(SQLModel, table=True):
    """How many live stays of a stage began on a (UTC) day and lasted `whole_days` (the
    floor of their `days`; -1: still going), kept by triggers (core/stage_days.py): time
    in stage counts and locates its medians on these, and reads only the stays around
    the middle."""

    __tablename__ = "stage_stay_day"
    stage: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    day: date = Field(primary_key=True)
    whole_days: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    n: int


def _install_counters(_metadata: Any, connection: Any, **_kw: Any) -> None:
    from . import counters

    counters.install(connection)


def _install_stage_stats(_metadata: Any, connection: Any, **_kw: Any) -> None:
    from . import stage_stats

    stage_stats.install(connection)


def _install_stage_days(_metadata: Any, connection: Any, **_kw: Any) -> None:
    from . import stage_days

    stage_days.install(connection)


def _install_referral_counts(_metadata: Any, connection: Any, **_kw: Any) -> None:
    from . import referral_counts

    referral_counts.backfill(connection)  # (the one row of live_people)
    referral_counts.install(connection)


def _install_board_terms(_metadata: Any, connection: Any, **_kw: Any) -> None:
    from . import board_terms

    board_terms.install(connection)


def _install_stage_counts(_metadata: Any, connection: Any, **_kw: Any) -> None:
    from . import stage_counts

    stage_counts.backfill(connection)  # (its five rows)
    stage_counts.install(connection)


# A new database gets the counters' triggers with its tables (migration 0012 for others).
event.listen(SQLModel.metadata, "after_create", _install_counters)
# ... and the funnel's and time in stage's (migration 0013 for others).
event.listen(SQLModel.metadata, "after_create", _install_stage_stats)
# ... and the referral map's (migration 0018 for others).
event.listen(SQLModel.metadata, "after_create", _install_referral_counts)
# ... and the live contacts per stage (migration 0021 for others).
event.listen(SQLModel.metadata, "after_create", _install_stage_counts)
# ... and the funnel's and time in stage's day counts (migration 0022 for others).
event.listen(SQLModel.metadata, "after_create", _install_stage_days)
# ... and the board filter's index of words by stage (migration 0024 for others).
event.listen(SQLModel.metadata, "after_create", _install_board_terms)


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
    MessageTemplate,
    AdviceItem,
    SyncItem,
    SyncCollection,
    SearchTerm,
    WriteMark,
    OrganizationCount,
    CareerFieldCount,
    StageReach,
    StageStay,
    ReferralCount,
    LivePeople,
    StageCount,
    StageReachDay,
    StageStayDay,
    BoardTerm,
)


def table(model: type[SQLModel]) -> Table:
    """The Core table of a model, for SQLAlchemy Core statements (the hot paths)."""
    found: Table = model.__table__  # type: ignore[attr-defined]
    return found
