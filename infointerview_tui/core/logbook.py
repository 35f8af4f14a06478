"""Logging what happened with a person: the intents behind stage 3's keys and `log`.

`infointerview log sent|reply|touch|give-back CONTACT` and the keys in the app run the
same methods here, so a mail client's send hook logs outreach exactly as `s` does.
"""

from __future__ import annotations

from .parts import StorePart
from .text import clean_line
from .validation import ValidationError

LOG_KINDS = ("sent", "reply", "touch", "give-back")
OUTCOMES = ("yes", "not-now", "no")


class LogbookQueries(StorePart):
    """Finding a contact by what a person types, and logging events for them."""

    def resolve_contact(self, text: str) -> tuple[int, str]:
        """The one live contact `text` names: an email, or a unique name prefix (any case).

        ValidationError (one line) when nobody or more than one person matches.
        """
        from sqlalchemy import func
        from sqlmodel import col, select

        from .models import Contact

        wanted = clean_line(text)
        if not wanted:
            raise ValidationError({"contact": "name a contact (a name or an email)"})
        live = col(Contact.archived).is_(False)
        with self.session() as session:
            if "@" in wanted:
                stmt = (
                    select(Contact.id, Contact.name)
                    .where(live, func.lower(Contact.email) == wanted.lower())
                    .limit(2)
                )
                rows = list(session.exec(stmt))
                if len(rows) == 1:
                    return int(rows[0][0] or 0), rows[0][1]
            exact = list(
                session.exec(
                    select(Contact.id, Contact.name)
                    .where(live, func.lower(Contact.name) == wanted.lower())
                    .limit(2)
                )
            )
            if len(exact) == 1:
                return int(exact[0][0] or 0), exact[0][1]
            escaped = wanted.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            rows = list(
                session.exec(
                    select(Contact.id, Contact.name)
                    .where(live, func.lower(Contact.name).like(escaped + "%", escape="\\"))
                    .order_by(Contact.name)
                    .limit(4)
                )
            )
        if not rows:
            raise ValidationError({"contact": f"no contact matches '{wanted}'"})
        if len(rows) > 1:
            names = ", ".join(r[1] for r in rows[:3]) + (", ..." if len(rows) > 3 else "")
            raise ValidationError(
                {"contact": f"'{wanted}' matches more than one contact ({names}); say more"}
            )
        return int(rows[0][0] or 0), rows[0][1]
