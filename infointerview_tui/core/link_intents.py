"""Typing a linked name (organization, career field) on a contact, saved as it is typed.

The contact form autosaves every field within a second of typing, so a killed terminal
loses nothing. A new organization or career field typed there is created at once — and
would leave "Clea", "Clear", "Clearp" behind while "Clearpath" is typed. So a record
created by the typing is *provisional* for the form that made it: the next save of the
same field renames it (or, when the name now names another record, or nothing, relinks
the contact and deletes it), as long as nobody else uses it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .intent_base import IntentBase
from .text import clean_line

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

LINKED_RECORDS = ("organization", "career_field")


class LinkIntents(IntentBase):
    """Mixed into Intents (which provides `_write`, `edit_contact`)."""

    edit_contact: Callable[..., int]

    def type_contact_link(
        self,
        contact_id: int,
        kind: str,
        name: str,
        made: int | None = None,
        base: str | None = None,
    ) -> int | None:
        """Link the contact to the `kind` ("organization" or "career_field") called
        `name`, as typed so far; `made` is the record the previous call returned (one it
        created). Returns the id of a record this call created or kept provisional, else
        None. `base` is what the form started from (a change elsewhere is refused)."""
        if kind not in LINKED_RECORDS:
            raise ValueError(f"not a linked record: {kind}")
        name = clean_line(name)
        if made is not None:
            with self._write() as conn:
                provisional = self._unused_but_by(conn, kind, made, contact_id)
                if provisional and name and self._named(conn, kind, name, made) is None:
                    self._set_name(conn, kind, made, name)
                    return made
            if provisional:
                self.edit_contact(contact_id, {kind: name})
                with self._write() as conn:
                    if self._unused_but_by(conn, kind, made, None):
                        self._delete(conn, kind, made)
                return None
        with self._write() as conn:
            existed = not name or self._named(conn, kind, name, None) is not None
        bases = None if base is None else {kind: base}
        self.edit_contact(contact_id, {kind: name}, base=bases)
        if existed:
            return None
        with self._write() as conn:
            return self._named(conn, kind, name, None)

    # -- helpers inside one transaction --------------------------------------------

    @staticmethod
    def _model(kind: str) -> Any:
        from .models import CareerField, Organization

        return Organization if kind == "organization" else CareerField

    def _named(self, conn: Connection, kind: str, name: str, other_than: int | None) -> int | None:
        from sqlalchemy import func, select
        from sqlmodel import col

        from . import sql

        model = self._model(kind)
        query = select(col(model.id)).where(func.lower(col(model.name)) == name.lower())
        if other_than is not None:
            query = query.where(col(model.id) != other_than)
        found = sql.scalar(conn, query.order_by(col(model.id)).limit(1))
        return None if found is None else int(found)

    def _unused_but_by(
        self, conn: Connection, kind: str, record_id: int, contact_id: int | None
    ) -> bool:
        """The record exists and no contact (but `contact_id`) nor organization uses it."""
        from sqlalchemy import func, select
        from sqlmodel import col

        from . import sql
        from .models import Contact, Organization

        model = self._model(kind)
        if sql.scalar(conn, select(col(model.id)).where(col(model.id) == record_id)) is None:
            return False
        link = col(Contact.organization_id if kind == "organization" else Contact.career_field_id)
        users = select(func.count()).select_from(Contact).where(link == record_id)
        if contact_id is not None:
            users = users.where(col(Contact.id) != contact_id)
        if sql.scalar(conn, users):
            return False
        if kind == "career_field":
            orgs = (
                select(func.count())
                .select_from(Organization)
                .where(col(Organization.career_field_id) == record_id)
            )
            return not sql.scalar(conn, orgs)
        return True

    def _set_name(self, conn: Connection, kind: str, record_id: int, name: str) -> None:
        from sqlalchemy import update

        from . import sql

        model = self._model(kind)
        sql.run(conn, update(model).where(model.id == record_id).values(name=name))

    def _delete(self, conn: Connection, kind: str, record_id: int) -> None:
        from sqlalchemy import delete

        from . import sql

        model = self._model(kind)
        sql.run(conn, delete(model).where(model.id == record_id))
