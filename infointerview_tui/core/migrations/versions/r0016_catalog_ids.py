"""Career field, organization and question ids are never reused on SQLite.

As r0015 did for interviews and messages: a table without AUTOINCREMENT gives a new row
the id of the deleted one at the top, and a second window still showing the deleted
organization, field or question renamed, edited, scored (LAMP) or linked the one that
came after it, where it should find it gone. Each table is rebuilt as an AUTOINCREMENT
table, rows and ids kept (migrations/rebuild.py). The stage 1-2 counts' triggers on
organization and career_field go with their old copies, so the counters' triggers are
dropped before and installed again after (core/counters.py, as r0012 made them).
PostgreSQL's sequences never reuse an id: nothing to do there.

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

from alembic import op

from infointerview_tui.core.migrations import rebuild

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

# Each rebuilt table's references and what deleting the row they name does to theirs.
ON_DELETE: dict[str, dict[str, str]] = {
    "career_field": {},
    "organization": {"career_field_id": "SET NULL"},
    "question": {},
}


def upgrade() -> None:
    from infointerview_tui.core import counters

    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    counters.drop_triggers(bind, counters.TRIGGER_TABLES)
    for table, actions in ON_DELETE.items():
        rebuild.autoincrement(bind, table, actions)
    counters.install(bind)


def downgrade() -> None:
    raise NotImplementedError("infointerview never goes back a schema version")
