"""TIARA beside AIR: Trends, Insights, Advice, Resources, Assignments (Dalton and Jeff Lin).

A question carries an optional TIARA tag as well as its AIR tag; the note screen shows
which of both an interview has asked so far.
"""

from __future__ import annotations

from dataclasses import dataclass

from .parts import StorePart

TIARA_TAGS: dict[str, str] = {
    "trends": "Trends",
    "insights": "Insights",
    "advice": "Advice",
    "resources": "Resources",
    "assignments": "Assignments",
}
TIARA_SHORT: dict[str, str] = {
    "trends": "Tr",
    "insights": "In",
    "advice": "Ad",
    "resources": "Re",
    "assignments": "As",
}
TIARA_CYCLE: dict[str, str] = dict(zip(("", *TIARA_TAGS), (*TIARA_TAGS, ""), strict=True))


@dataclass(frozen=True, slots=True)
class Coverage:
    """The AIR letters and TIARA tags among an interview's asked questions."""

    air: frozenset[str]
    tiara: frozenset[str]

    @property
    def missing_essentials(self) -> list[str]:
        """What finishing without warns about: a referral (AIR R), a resource (TIARA)."""
        missing = []
        if "R" not in self.air:
            missing.append("a referral")
        if "resources" not in self.tiara:
            missing.append("a resource")
        return missing


class TiaraQueries(StorePart):
    """TIARA tags and coverage; part of the Store."""

    def tiara_of(self, question_ids: list[int]) -> dict[int, str]:
        """The TIARA tag of each question (untagged ones absent)."""
        from sqlmodel import col, select

        from .models import Question

        if not question_ids:
            return {}
        stmt = select(Question.id, Question.tiara).where(
            col(Question.id).in_(question_ids), Question.tiara != ""
        )
        with self.session() as session:
            return {int(i or 0): t for i, t in session.exec(stmt)}

    def coverage(self, interview_id: int) -> Coverage:
        """Which AIR and TIARA tags the interview's asked questions carry."""
        from sqlmodel import col, select

        from .models import InterviewAnswer, Question

        stmt = (
            select(Question.air, Question.tiara)
            .join(InterviewAnswer, col(InterviewAnswer.question_id) == Question.id)
            .where(InterviewAnswer.interview_id == interview_id, col(InterviewAnswer.asked))
            .distinct()
        )
        with self.session() as session:
            rows = list(session.exec(stmt))
        return Coverage(frozenset(a for a, _ in rows if a), frozenset(t for _, t in rows if t))
