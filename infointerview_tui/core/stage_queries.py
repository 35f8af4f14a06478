"""The lists of the five stage screens, paged and in one query each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from . import db
from .base import StoreBase


@dataclass(frozen=True, slots=True)
class PersonRow:
    id: int
    name: str
    stage: int
    organization: str
    how_found: str
    referred_by: str
    last_outreach: datetime | None
    replied: bool


@dataclass(frozen=True, slots=True)
class InterviewRow:
    contact_id: int
    name: str
    organization: str
    interview_id: int | None
    scheduled_at: datetime | None
    status: str
    location: str
    planned_minutes: int


@dataclass(frozen=True, slots=True)
class FollowUpRow:
    contact_id: int
    name: str
    organization: str
    thank_you: str  # "due", "sent", "none"
    thank_you_due: datetime | None
    next_touch: datetime | None
    open_items: int


class StageQueries(StoreBase):
    """The stage screens' part of the Store."""

    # -- stage 3: people -------------------------------------------------------------

    def people_count(self) -> int:
        return int(
            self.conn.execute(
                "SELECT count(*) FROM contact WHERE archived = 0 AND stage <= 3"
            ).fetchone()[0]
        )

    def people(self, offset: int = 0, limit: int = 200) -> list[PersonRow]:
        rows = self.query(
            "SELECT c.id, c.name, c.stage, coalesce(o.name, ''), c.how_found, "
            "coalesce(r.name, ''), (SELECT max(sent_at) FROM outreach x WHERE x.contact_id ="
            " c.id), (SELECT count(*) FROM outreach x WHERE x.contact_id = c.id AND "
            "x.replied_at IS NOT NULL) FROM contact c "
            "LEFT JOIN organization o ON o.id = c.organization_id "
            "LEFT JOIN contact r ON r.id = c.referred_by_id "
            "WHERE c.archived = 0 AND c.stage <= 3 ORDER BY c.stage DESC, c.position, c.id "
            "LIMIT ? OFFSET ?",
            (limit, offset),
        )
        return [
            PersonRow(r[0], r[1], r[2], r[3], r[4], r[5], db.from_db(r[6]), bool(r[7]))
            for r in rows
        ]

    # -- stage 4: interviews -----------------------------------------------------------

    def interview_rows(self) -> list[InterviewRow]:
        """Contacts at stage 4 and anyone with a planned interview; upcoming first."""
        rows = self.query(
            "SELECT c.id, c.name, coalesce(o.name, ''), i.id, i.scheduled_at, "
            "coalesce(i.status, ''), coalesce(i.location, ''), coalesce(i.planned_minutes, 30)"
            " FROM contact c LEFT JOIN organization o ON o.id = c.organization_id "
            "LEFT JOIN interview i ON i.id = (SELECT j.id FROM interview j WHERE j.contact_id"
            " = c.id AND j.status IN ('planned', 'in progress') ORDER BY "
            "coalesce(j.scheduled_at, '9999') LIMIT 1) "
            "WHERE c.archived = 0 AND (c.stage = 4 OR i.id IS NOT NULL) "
            "ORDER BY i.scheduled_at IS NULL, i.scheduled_at, c.name"
        )
        return [
            InterviewRow(r[0], r[1], r[2], r[3], db.from_db(r[4]), r[5], r[6], r[7]) for r in rows
        ]

    def planned_question_ids(self, interview_id: int) -> set[int]:
        return {
            r[0]
            for r in self.query(
                "SELECT question_id FROM interview_answer WHERE interview_id = ? AND question_id "
                "IS NOT NULL",
                (interview_id,),
            )
        }

    def set_planned_questions(self, interview_id: int, question_ids: list[int]) -> None:
        """Plan exactly these bank questions; answers with notes are never dropped."""
        with self.write() as conn:
            have = {
                r[0]: (r[1], r[2])
                for r in conn.execute(
                    "SELECT question_id, id, notes FROM interview_answer WHERE interview_id = ? "
                    "AND question_id IS NOT NULL",
                    (interview_id,),
                )
            }
            wanted = set(question_ids)
            for qid, (answer_id, notes) in have.items():
                if qid not in wanted and not notes.strip():
                    conn.execute("DELETE FROM interview_answer WHERE id = ?", (answer_id,))
            for position, qid in enumerate(question_ids):
                if qid in have:
                    conn.execute(
                        "UPDATE interview_answer SET position = ? WHERE id = ?",
                        (position, have[qid][0]),
                    )
                    continue
                q = conn.execute(
                    "SELECT category, text FROM question WHERE id = ?", (qid,)
                ).fetchone()
                if q is not None:
                    conn.execute(
                        "INSERT INTO interview_answer (interview_id, question_id, category, "
                        "question_text, position) VALUES (?, ?, ?, ?, ?)",
                        (interview_id, qid, q[0], q[1], position),
                    )

    # -- stage 5: follow-up ------------------------------------------------------------

    def follow_up_rows(self) -> list[FollowUpRow]:
        rows = self.query(
            "SELECT c.id, c.name, coalesce(o.name, ''), "
            "(SELECT CASE WHEN f.done THEN 'sent' ELSE 'due' END || '|' || f.due FROM "
            " follow_up f WHERE f.contact_id = c.id AND f.kind = 'thank-you' ORDER BY f.id DESC"
            " LIMIT 1), "
            "(SELECT min(f.due) FROM follow_up f WHERE f.contact_id = c.id AND f.kind = "
            " 'stay-in-touch' AND f.done = 0), "
            "(SELECT count(*) FROM follow_up f WHERE f.contact_id = c.id AND f.done = 0) "
            "FROM contact c LEFT JOIN organization o ON o.id = c.organization_id "
            "WHERE c.archived = 0 AND c.stage = 5 ORDER BY c.position, c.id"
        )
        result = []
        for r in rows:
            status, due = "none", None
            if r[3]:
                status, due_text = r[3].split("|", 1)
                due = db.from_db(due_text)
            result.append(FollowUpRow(r[0], r[1], r[2], status, due, db.from_db(r[4]), r[5]))
        return result

    def open_follow_ups(self, contact_id: int) -> list[tuple[int, str, datetime, str]]:
        """(id, kind, due, note) of the contact's open follow-ups, soonest first."""
        rows = self.query(
            "SELECT id, kind, due, note FROM follow_up WHERE contact_id = ? AND done = 0 "
            "ORDER BY due",
            (contact_id,),
        )
        return [(r[0], r[1], db.from_db(r[2]) or self.now(), r[3]) for r in rows]

    def latest_done_interview(self, contact_id: int) -> int | None:
        row = self.conn.execute(
            "SELECT id FROM interview WHERE contact_id = ? AND status = 'done' "
            "ORDER BY ended_at DESC LIMIT 1",
            (contact_id,),
        ).fetchone()
        return int(row[0]) if row else None

    def contacts_linked(
        self,
        *,
        career_field_id: int | None = None,
        organization_id: int | None = None,
        limit: int = 50,
    ) -> list[tuple[int, str, int]]:
        """(id, name, stage) of live contacts in a field or at an organization."""
        value: int | None
        if organization_id is not None:
            where, value = "c.organization_id = ?", organization_id
        else:
            where, value = ("(c.career_field_id = ? OR o.career_field_id = ?)", career_field_id)
        params = (value, value, limit) if "OR" in where else (value, limit)
        return [
            (r[0], r[1], r[2])
            for r in self.query(
                f"SELECT c.id, c.name, c.stage FROM contact c LEFT JOIN organization o "
                f"ON o.id = c.organization_id WHERE c.archived = 0 AND {where} "
                f"ORDER BY c.stage, c.name LIMIT ?",
                params,
            )
        ]
