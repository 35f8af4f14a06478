"""Command palette: jump to any contact, organization, career field or screen."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.app import SystemCommand
from textual.command import Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from .core.messages import KIND_LABELS
from .core.stages import STAGES
from .faults import report

if TYPE_CHECKING:
    from .app import InfoInterviewApp
    from .core.store import Store


def screen_commands(app: InfoInterviewApp) -> Iterator[SystemCommand]:
    yield SystemCommand("Board", "The kanban board of contacts", partial(app.go, "board"))
    for s in STAGES:
        yield SystemCommand(
            f"Stage {s.number}: {s.name}", s.does, partial(app.go, f"stage{s.number}")
        )
    yield SystemCommand(
        "Question bank", "Questions in the five categories", partial(app.go, "questions")
    )
    yield SystemCommand("Agenda", "What is due", partial(app.go, "agenda"))
    yield SystemCommand(
        "Archived contacts", "List them; restore one to the board", app.show_archived
    )
    yield SystemCommand(
        "Insights",
        "Your funnel, reply rates, weekly activity, AIR yield and time in stage",
        partial(app.go, "insights"),
    )
    yield SystemCommand("Referral map", "Who referred you to whom", partial(app.go, "referrals"))
    from .core.interop.formats import EXPORTS, IMPORTS

    for imports in IMPORTS.values():
        yield SystemCommand(imports.title, imports.help, partial(app.ask_import, imports.name))
    for exports in EXPORTS.values():
        yield SystemCommand(exports.title, exports.help, partial(app.ask_export, exports.name))
    for kind, label in KIND_LABELS.items():
        yield SystemCommand(
            f"Edit template: {label}",
            "the message's text, with placeholders for them, you and your advice",
            partial(edit_template, app, kind),
        )

    yield SystemCommand(
        "Sync with phone (CalDAV/CardDAV)",
        "interviews, follow-ups and contacts to the [sync] account, and edits back",
        app.action_sync,
    )


def edit_template(app: InfoInterviewApp, kind: str) -> None:
    from .screens.template_dialog import template_form

    app.push_screen(template_form(app.store, kind))


def literal_highlight(matcher: Matcher, text: str) -> Content:
    """The match highlighted in `text` shown as typed: Matcher.highlight would parse the
    user's text as markup (a contact named '[b]Eve[/' crashes it)."""
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if score:
        for offset in offsets:
            if not text[offset].isspace():
                content = content.stylize("bold underline", offset, offset + 1)
    return content


class RecordsProvider(Provider):
    """Contacts (archived ones marked), organizations and career fields by the start of
    any word of their name, found through the search index (a page of each)."""

    LIMIT = 30  # contacts per search; organizations and career fields get a third each
    _reading: asyncio.Future[Any] | None = None  # the read running in a thread, if any

    async def search(self, query: str) -> Hits:
        app: InfoInterviewApp = self.app  # type: ignore[assignment]
        if not query.strip():
            return
        # Read in a thread at once, so the palette's input never waits for SQL: a page
        # of each kind through the search index, 1-4 ms at any size. A key typed
        # meanwhile cancels this search (the palette's doing) and starts the next, which
        # waits for this read to end, unseen: one read at a time, however fast the
        # typing and slow the disk. (It had waited 0.1 s for a pause in typing first:
        # each key's results came ~125 ms after it, now ~30 ms.)
        while self._reading is not None and not self._reading.done():
            await asyncio.wait([self._reading])
        reading = asyncio.ensure_future(asyncio.to_thread(_records, app.store, query, self.LIMIT))
        self._reading = reading
        # (Its failure is reported below, or by nobody once this search was cancelled.)
        reading.add_done_callback(lambda done: done.cancelled() or done.exception())
        try:
            contacts, organizations, fields = await asyncio.shield(reading)
        except Exception as exc:  # the palette is Textual's: no barrier of ours around it
            report(app, exc)
            return
        matcher = self.matcher(query)
        for contact_id, name, org, archived in contacts:
            label = f"{name} · {org}" if org else name
            yield Hit(
                _score(matcher, label) * (0.5 if archived else 1),
                literal_highlight(matcher, label),
                partial(app.action_open_contact, contact_id),
                help=(
                    "Archived contact: open it to restore (ctrl+r)" if archived else "Open contact"
                ),
            )
        for name in organizations:
            yield Hit(
                _score(matcher, name),
                literal_highlight(matcher, name),
                partial(app.go, "stage2"),
                help="Organization (stage 2)",
            )
        for name in fields:
            yield Hit(
                _score(matcher, name),
                literal_highlight(matcher, name),
                partial(app.go, "stage1"),
                help="Career field (stage 1)",
            )


def _score(matcher: Matcher, label: str) -> float:
    """How well `label` matches, for the palette's order. The index found it, so it
    matches even when the fuzzy matcher does not see it ("jose" for "José")."""
    return max(matcher.match(label), 0.1)


def _records(
    store: Store, query: str, limit: int
) -> tuple[list[tuple[int, str, str, bool]], list[str], list[str]]:
    """What the palette shows for `query`, read in a worker thread (its own connection):
    a page of each kind, whatever the number of records."""
    contacts = [
        (m.id, m.name, m.organization, m.archived) for m in store.contacts.search(query, limit)
    ]
    organizations, fields = store.catalog.search(query, max(limit // 3, 1))
    return contacts, organizations, fields
