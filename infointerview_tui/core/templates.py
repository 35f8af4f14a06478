"""Message templates in the database (the user's edits) and drafts made from them.

A kind with no row uses its built-in text (messages.DEFAULT_TEMPLATES); saving one stores
the user's version, resetting deletes it. Every draft carries the profile from
config.toml: who is writing, their background in a line, their signature.
"""

from __future__ import annotations

from .messages import DEFAULT_TEMPLATES, KINDS, Template, field_in_sentence, render
from .parts import StorePart
from .validation import ValidationError

TIME_PLACEHOLDER = "[a specific 20-30 minute slot, e.g. Tue 3-3:30pm]"
PLACE_PLACEHOLDER = "[a place or call link]"


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValidationError({"kind": "one of " + ", ".join(KINDS)})


class TemplateQueries(StorePart):
    """Templates and drafts; part of the Store."""

    def message_template(self, kind: str) -> Template:
        """The user's template for `kind`, else the built-in one."""
        from sqlmodel import select

        from .models import MessageTemplate

        _check_kind(kind)
        with self.session() as session:
            row = session.exec(select(MessageTemplate).where(MessageTemplate.kind == kind)).first()
        if row is None:
            return DEFAULT_TEMPLATES[kind]
        return Template(kind, row.subject, row.body)

    def is_custom_template(self, kind: str) -> bool:
        return self.message_template(kind) != DEFAULT_TEMPLATES[kind]

    def message_context(self, contact_id: int) -> dict[str, str]:
        """What templates can say about a contact, you, and what passed between you."""
        from .interview_rows import _INTERVIEW, last_done
        from .models import CareerField, Contact, Organization

        with self.session() as session:
            contact = session.get(Contact, contact_id)
            if contact is None:
                raise LookupError(f"no contact with id {contact_id}")
            org = (
                session.get(Organization, contact.organization_id)
                if contact.organization_id
                else None
            )
            field_id = contact.career_field_id or (org.career_field_id if org else None)
            field = session.get(CareerField, field_id) if field_id else None
            referrer = (
                session.get(Contact, contact.referred_by_id) if contact.referred_by_id else None
            )
            i = _INTERVIEW
            last = session.execute(last_done(contact_id, i.c.advice, i.c.insight)).first()
            email = contact.email
            name = contact.name
        profile = self.rules.settings.profile  # type: ignore[attr-defined]
        advice, insight = (last[0].strip(), last[1].strip()) if last else ("", "")
        did = self.done_advice(contact_id)  # type: ignore[attr-defined]
        first = name.split()[0] if name.strip() else "there"
        referrer_name = referrer.name if referrer else ""
        return {
            "first": first,
            "name": name,
            "email": email,
            "organization": org.name if org else "your organization",
            "field": field_in_sentence(field.name) if field else "your field",
            "referrer": referrer_name,
            "connection": f"{referrer_name} suggested I contact you. " if referrer_name else "",
            "me": profile.name,
            "background": profile.background,
            "signature": profile.signature or profile.name,
            "advice": advice,
            "insight": insight,
            "insight_line": f"What you said stayed with me: {insight}\n" if insight else "",
            "advice_line": f"I'm acting on your advice: {advice}\n" if advice else "",
            "did": "; ".join(did),
            "did_line": (
                f" Since we talked I followed your advice: {'; '.join(did)}." if did else ""
            ),
        }

    def draft_message(
        self, contact_id: int, kind: str, *, time: str = "", place: str = "", action: str = ""
    ) -> Template:
        """The template for `kind`, filled in for this contact."""
        values = self.message_context(contact_id)
        values["time"] = time.strip() or TIME_PLACEHOLDER
        values["place"] = place.strip() or PLACE_PLACEHOLDER
        values["action"] = action.strip().rstrip(".") or "[what you did]"
        template = self.message_template(kind)
        return Template(kind, render(template.subject, values), render(template.body, values))

    def connection_names(self, contact_id: int) -> list[str]:
        """Who connects you to this contact (the referrer), for the first-sentence check."""
        referrer = self.message_context(contact_id)["referrer"]
        return [referrer, referrer.split()[0]] if referrer else []
