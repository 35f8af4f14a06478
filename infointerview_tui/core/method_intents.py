"""The method's intents: LAMP keys, TIARA tags, advice items, templates.

A mixin of `Intents` (every write goes through there): each is one transaction, and the
live views are told after it commits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from .advice import AdviceEntry, advice_lines
from .intent_base import IntentBase
from .lamp import MOTIVATION_RANGE, POSTING_RANGE
from .messages import DEFAULT_TEMPLATES, KINDS, Template
from .text import clean_line, clean_text
from .tiara import TIARA_TAGS
from .validation import ValidationError

if TYPE_CHECKING:
    from sqlmodel import Session


class MethodIntents(IntentBase):
    """Writes of the 2-Hour Job Search's parts; mixed into Intents."""

    log_touch: Callable[..., int]  # Intents' (outreach_intents.py)

    @contextmanager
    def _session(self) -> Iterator[Session]:
        with self.db.session() as session:
            yield session
        if self.on_change is not None:
            self.on_change()

    # -- the LAMP list ---------------------------------------------------------------

    def set_lamp(self, organization_id: int, *, motivation: int, posting: int) -> None:
        """Key an organization for the LAMP list (M 0-3, P 1-3)."""
        from .models import Organization

        errors = {}
        if not MOTIVATION_RANGE[0] <= motivation <= MOTIVATION_RANGE[1]:
            errors["motivation"] = "0 to 3"
        if not POSTING_RANGE[0] <= posting <= POSTING_RANGE[1]:
            errors["posting"] = "1 to 3"
        if errors:
            raise ValidationError(errors)
        with self._session() as session:
            org = session.get(Organization, organization_id)
            if org is None:
                raise LookupError(f"no organization with id {organization_id}")
            org.motivation, org.posting = motivation, posting
            session.add(org)

    # -- TIARA -----------------------------------------------------------------------

    def set_tiara(self, question_id: int, tiara: str) -> None:
        from .models import Question

        if tiara and tiara not in TIARA_TAGS:
            raise ValidationError({"tiara": "one of " + ", ".join(TIARA_TAGS) + " or none"})
        with self._session() as session:
            question = session.get(Question, question_id)
            if question is None:
                raise LookupError(f"no question with id {question_id}")
            question.tiara = tiara
            session.add(question)

    # -- advice that closes the loop ---------------------------------------------------

    def capture_advice(self, interview_id: int) -> int:
        """Turn the interview's Advice lines into action items (new lines only)."""
        from sqlmodel import func, select

        from .models import AdviceItem, Interview

        with self._session() as session:
            interview = session.get(Interview, interview_id)
            if interview is None:
                raise LookupError(f"no interview with id {interview_id}")
            have = set(
                session.exec(select(AdviceItem.text).where(AdviceItem.interview_id == interview_id))
            )
            position = session.exec(
                select(func.count())
                .select_from(AdviceItem)
                .where(AdviceItem.contact_id == interview.contact_id)
            ).one()
            added = 0
            for line in advice_lines(interview.advice):
                if line in have:
                    continue
                have.add(line)
                session.add(
                    AdviceItem(
                        contact_id=interview.contact_id,
                        interview_id=interview_id,
                        text=line,
                        position=position + added,
                    )
                )
                added += 1
        return added

    def add_advice_item(self, contact_id: int, text: str) -> int:
        """A piece of advice typed by hand."""
        from sqlmodel import func, select

        from .models import AdviceItem

        line = clean_line(text)
        if not line:
            raise ValidationError({"advice": "write what they advised"})
        with self._session() as session:
            position = session.exec(
                select(func.count())
                .select_from(AdviceItem)
                .where(AdviceItem.contact_id == contact_id)
            ).one()
            item = AdviceItem(contact_id=contact_id, text=line, position=position)
            session.add(item)
            session.flush()
            return int(item.id or 0)

    def set_advice_done(self, item_id: int, done: bool = True) -> AdviceEntry:
        """Tick (or untick) an action item; returns it for the "update them" offer."""
        from . import db
        from .models import AdviceItem, Contact

        with self._session() as session:
            item = session.get(AdviceItem, item_id)
            if item is None:
                raise LookupError(f"no advice item with id {item_id}")
            item.done = done
            item.done_at = self.now() if done else None
            session.add(item)
            contact = session.get(Contact, item.contact_id)
            return AdviceEntry(
                item_id,
                item.contact_id,
                contact.name if contact else "",
                item.text,
                item.done,
                item.done_at,
                db.from_db(item.update_sent_at),
            )

    def advice_update_sent(self, item_id: int, message: str) -> None:
        """The "update on your advice" went out: a touch, and the item remembers it."""
        from .models import AdviceItem

        with self._session() as session:
            item = session.get(AdviceItem, item_id)
            if item is None:
                raise LookupError(f"no advice item with id {item_id}")
            item.update_sent_at = self.now()
            session.add(item)
            contact_id = item.contact_id
        self.log_touch(contact_id, "update", message)

    # -- templates ---------------------------------------------------------------------

    def save_template(self, kind: str, subject: str, body: str) -> None:
        """Keep the user's version of a template (the built-in text: no row at all)."""
        from sqlmodel import select

        from .models import MessageTemplate

        if kind not in KINDS:
            raise ValidationError({"kind": "one of " + ", ".join(KINDS)})
        subject, body = clean_line(subject), clean_text(body)
        if not body.strip():
            raise ValidationError({"body": "a template needs some text"})
        with self._session() as session:
            row = session.exec(select(MessageTemplate).where(MessageTemplate.kind == kind)).first()
            if Template(kind, subject, body) == DEFAULT_TEMPLATES[kind]:
                if row is not None:
                    session.delete(row)
                return
            row = row or MessageTemplate(kind=kind)
            row.subject, row.body = subject, body
            session.add(row)

    def reset_template(self, kind: str) -> None:
        """Back to the built-in text."""
        default = DEFAULT_TEMPLATES[kind]
        self.save_template(kind, default.subject, default.body)
