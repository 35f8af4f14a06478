"""The database schema as frozen SQL migrations.

Migrations are plain SQL, never derived from the current models: a migration must mean
the same thing forever, whatever the models later become. `PRAGMA user_version` holds the
schema version. A test checks that the SQLModel tables in models.py match the result.
"""

from __future__ import annotations

SCHEMA_V1 = """
CREATE TABLE career_field (
    id INTEGER PRIMARY KEY,
    name VARCHAR NOT NULL,
    status VARCHAR NOT NULL DEFAULT 'exploring',
    onet_code VARCHAR,
    notes VARCHAR NOT NULL DEFAULT '',
    src_experience_done BOOLEAN NOT NULL DEFAULT 0,
    src_experience_notes VARCHAR NOT NULL DEFAULT '',
    src_self_assessment_done BOOLEAN NOT NULL DEFAULT 0,
    src_self_assessment_notes VARCHAR NOT NULL DEFAULT '',
    src_career_cruising_done BOOLEAN NOT NULL DEFAULT 0,
    src_career_cruising_notes VARCHAR NOT NULL DEFAULT '',
    src_onet_done BOOLEAN NOT NULL DEFAULT 0,
    src_onet_notes VARCHAR NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL
);

CREATE TABLE organization (
    id INTEGER PRIMARY KEY,
    name VARCHAR NOT NULL,
    career_field_id INTEGER REFERENCES career_field(id) ON DELETE SET NULL,
    website VARCHAR NOT NULL DEFAULT '',
    location VARCHAR NOT NULL DEFAULT '',
    how_found VARCHAR NOT NULL DEFAULT '',
    notes VARCHAR NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL
);
CREATE INDEX ix_organization_field ON organization(career_field_id);
CREATE INDEX ix_organization_name ON organization(name COLLATE NOCASE);

CREATE TABLE contact (
    id INTEGER PRIMARY KEY,
    name VARCHAR NOT NULL,
    title VARCHAR NOT NULL DEFAULT '',
    organization_id INTEGER REFERENCES organization(id) ON DELETE SET NULL,
    career_field_id INTEGER REFERENCES career_field(id) ON DELETE SET NULL,
    email VARCHAR NOT NULL DEFAULT '',
    phone VARCHAR NOT NULL DEFAULT '',
    linkedin_url VARCHAR NOT NULL DEFAULT '',
    how_found VARCHAR NOT NULL DEFAULT '',
    relationship VARCHAR NOT NULL DEFAULT '',
    referred_by_id INTEGER REFERENCES contact(id) ON DELETE SET NULL,
    stage INTEGER NOT NULL DEFAULT 1 CHECK (stage BETWEEN 1 AND 5),
    position INTEGER NOT NULL DEFAULT 0,
    tags VARCHAR NOT NULL DEFAULT '',
    notes VARCHAR NOT NULL DEFAULT '',
    archived BOOLEAN NOT NULL DEFAULT 0,
    vcard_uid VARCHAR,
    stay_in_touch_months INTEGER NOT NULL DEFAULT 3,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX ix_contact_board ON contact(archived, stage, position);
CREATE INDEX ix_contact_organization ON contact(organization_id);
CREATE INDEX ix_contact_field ON contact(career_field_id);
CREATE INDEX ix_contact_referred_by ON contact(referred_by_id);
CREATE INDEX ix_contact_linkedin ON contact(linkedin_url);
CREATE INDEX ix_contact_vcard_uid ON contact(vcard_uid);

CREATE TABLE stage_event (
    id INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
    from_stage INTEGER,
    to_stage INTEGER NOT NULL,
    at DATETIME NOT NULL
);
CREATE INDEX ix_stage_event_contact ON stage_event(contact_id, at);

CREATE TABLE outreach (
    id INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
    sent_at DATETIME NOT NULL,
    channel VARCHAR NOT NULL DEFAULT 'email',
    message VARCHAR NOT NULL DEFAULT '',
    proposed_timeframe VARCHAR NOT NULL DEFAULT '',
    proposed_place VARCHAR NOT NULL DEFAULT '',
    response VARCHAR NOT NULL DEFAULT '',
    replied_at DATETIME
);
CREATE INDEX ix_outreach_contact ON outreach(contact_id, sent_at);

CREATE TABLE interview (
    id INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
    scheduled_at DATETIME,
    planned_minutes INTEGER NOT NULL DEFAULT 30,
    location VARCHAR NOT NULL DEFAULT '',
    status VARCHAR NOT NULL DEFAULT 'planned',
    started_at DATETIME,
    ended_at DATETIME,
    advice VARCHAR NOT NULL DEFAULT '',
    insight VARCHAR NOT NULL DEFAULT '',
    referral_notes VARCHAR NOT NULL DEFAULT '',
    free_notes VARCHAR NOT NULL DEFAULT '',
    summary VARCHAR NOT NULL DEFAULT ''
);
CREATE INDEX ix_interview_contact ON interview(contact_id);
CREATE INDEX ix_interview_scheduled ON interview(status, scheduled_at);

CREATE TABLE question (
    id INTEGER PRIMARY KEY,
    category INTEGER NOT NULL CHECK (category BETWEEN 1 AND 5),
    text VARCHAR NOT NULL,
    air VARCHAR NOT NULL DEFAULT '' CHECK (air IN ('', 'A', 'I', 'R')),
    favourite BOOLEAN NOT NULL DEFAULT 0,
    position INTEGER NOT NULL DEFAULT 0,
    builtin_key VARCHAR UNIQUE,
    deleted BOOLEAN NOT NULL DEFAULT 0
);
CREATE INDEX ix_question_category ON question(category, position);

CREATE TABLE interview_answer (
    id INTEGER PRIMARY KEY,
    interview_id INTEGER NOT NULL REFERENCES interview(id) ON DELETE CASCADE,
    question_id INTEGER REFERENCES question(id) ON DELETE SET NULL,
    category INTEGER NOT NULL,
    question_text VARCHAR NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    asked BOOLEAN NOT NULL DEFAULT 0,
    notes VARCHAR NOT NULL DEFAULT ''
);
CREATE INDEX ix_answer_interview ON interview_answer(interview_id, category, position);

CREATE TABLE follow_up (
    id INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
    kind VARCHAR NOT NULL,
    due DATETIME NOT NULL,
    done BOOLEAN NOT NULL DEFAULT 0,
    done_at DATETIME,
    note VARCHAR NOT NULL DEFAULT '',
    interview_id INTEGER REFERENCES interview(id) ON DELETE SET NULL,
    outreach_id INTEGER REFERENCES outreach(id) ON DELETE SET NULL
);
CREATE INDEX ix_follow_up_open ON follow_up(done, due);
CREATE INDEX ix_follow_up_contact ON follow_up(contact_id, done, due);
"""

# v2: a card's next planned interview is looked up per contact; without this index SQLite
# walked every planned interview for every card (17 ms per page of 100 at 10,000).
SCHEMA_V2 = """
CREATE INDEX ix_interview_contact_status ON interview(contact_id, status, scheduled_at);
"""

# v3: drafts written in the stage 3 composer and the stage 5 thank-you are the user's
# words too: they are kept per contact instead of being regenerated.
SCHEMA_V3 = """
ALTER TABLE contact ADD COLUMN outreach_draft VARCHAR NOT NULL DEFAULT '';
ALTER TABLE contact ADD COLUMN thank_you_draft VARCHAR NOT NULL DEFAULT '';
"""

# v4: row versions. A write states the version it read; when another window (or
# computer) changed the row since, the write is refused or merged instead of
# silently overwriting (board moves, undo, contact edits, interview notes).
SCHEMA_V4 = """
ALTER TABLE contact ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE interview ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE interview_answer ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
"""

# v5: CalDAV/CardDAV sync state. No foreign keys to the records: when a record is
# deleted its row stays until the sync has deleted the server's copy.
SCHEMA_V5 = """
CREATE TABLE sync_item (
    id INTEGER PRIMARY KEY,
    kind VARCHAR NOT NULL,
    record_id INTEGER NOT NULL,
    uid VARCHAR NOT NULL UNIQUE,
    href VARCHAR NOT NULL,
    etag VARCHAR NOT NULL DEFAULT '',
    digest VARCHAR NOT NULL DEFAULT '',
    base VARCHAR NOT NULL DEFAULT '{}',
    synced_at DATETIME NOT NULL
);
CREATE UNIQUE INDEX ix_sync_item_record ON sync_item(kind, record_id);
CREATE INDEX ix_sync_item_href ON sync_item(href);

CREATE TABLE sync_collection (
    id INTEGER PRIMARY KEY,
    kind VARCHAR NOT NULL UNIQUE,
    account VARCHAR NOT NULL,
    url VARCHAR NOT NULL,
    sync_token VARCHAR NOT NULL DEFAULT '',
    ctag VARCHAR NOT NULL DEFAULT ''
);
"""

# MIGRATIONS[n] takes a database at version n to version n + 1.
MIGRATIONS: dict[int, str] = {
    0: SCHEMA_V1,
    1: SCHEMA_V2,
    2: SCHEMA_V3,
    3: SCHEMA_V4,
    4: SCHEMA_V5,
}
SCHEMA_VERSION = max(MIGRATIONS) + 1
