"""Interview, interview answer and outreach ids are never reused on SQLite.

A table without AUTOINCREMENT gives a new row the id of the deleted one at the top.
Those ids outlive their rows elsewhere: a second window still showing a deleted
interview autosaves its notes by interview and answer id (and a version, which a new
row has as well), finishes it, or deletes a message by id; the calendar sync knows an
interview's event by its id. With the id given again to the next interview or message
(another contact's, as like as not), all of these landed on it silently: the notes of
one conversation in another's, a phone's change to a deleted event applied to a new
one. Each table is rebuilt as an AUTOINCREMENT table, rows and ids kept (as r0011 did
for follow_up); answers and follow-ups point at these tables, so the rebuild runs with
foreign keys off (db._migrate), which stops the old copy's removal from reaching
their rows. PostgreSQL's sequences never reuse an id: nothing to do there.

Alembic copies a table as SQLAlchemy reflects it, and that misses the ON DELETE of a
reference written inline (`contact_id INTEGER REFERENCES contact(id) ON DELETE
CASCADE`, as files from before Alembic have it): r0011's copy of follow_up lost them,
so deleting an interview or a contact there failed on its follow-ups. Every rebuilt
table, follow_up again included, gets its ON DELETE actions from `ON_DELETE`, and an
AUTOINCREMENT table keeps the highest id it ever gave.

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

from alembic import op

from infointerview_tui.core.migrations import rebuild

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

# Each rebuilt table's references and what deleting the row they name does to theirs.
ON_DELETE = {
    "interview": {"contact_id": "CASCADE"},
    "interview_answer": {"interview_id": "CASCADE", "question_id": "SET NULL"},
    "outreach": {"contact_id": "CASCADE"},
    "follow_up": {"contact_id": "CASCADE", "interview_id": "SET NULL", "outreach_id": "SET NULL"},
}


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    for table, actions in ON_DELETE.items():
        rebuild.autoincrement(bind, table, actions)


def downgrade() -> None:
    raise NotImplementedError("infointerview never goes back a schema version")
