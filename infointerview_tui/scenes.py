"""Named scenes of the app on demo data with a frozen clock: one per screen.

Used by the snapshot tests and by scripts/screenshots.py, so the README's pictures are
exactly what the tests check.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .app import InfoInterviewApp
from .core.demo import write_demo
from .core.settings import LoadedSettings
from .core.store import Store

FROZEN_NOW = datetime(2026, 11, 26, 13, 0, tzinfo=UTC)


def frozen_clock() -> datetime:
    return FROZEN_NOW


def build_app(
    path: Path, contacts: int = 60, config: LoadedSettings | None = None
) -> InfoInterviewApp:
    store = Store(path, clock=frozen_clock)
    write_demo(store, contacts, seed=7)
    return InfoInterviewApp(store, clock=frozen_clock, timezone=UTC, config=config)


Drive = Callable[[Any], Awaitable[None]]


@dataclass(frozen=True)
class Scene:
    name: str
    title: str
    drive: Drive
    size: tuple[int, int] = (140, 42)


async def _board(pilot: Any) -> None:
    # The cards load on a worker, then the responsiveness: both in before the keys, and
    # after them (a loaded machine had drawn the picture between the two loads).
    await _settle(pilot)
    await pilot.press("l", "l")
    await _settle(pilot)


async def _questions(pilot: Any) -> None:
    await pilot.press("q", "down", "down")
    await pilot.pause()


async def _interview(pilot: Any) -> None:
    await _settle(pilot)  # the board's cards in before its keys move the selection
    await pilot.press("l", "l", "l", "j", "i")
    await pilot.pause()
    screen = pilot.app.screen

    async def type_into(widget_id: str, text: str) -> None:
        area = screen.query_one(widget_id)
        area.focus()
        area.insert(text)  # as if typed: the same Changed events drive the autosave
        await pilot.pause()

    await type_into(
        "#answer",
        "Started in support, moved to QA after a bootcamp.\n"
        "Says the night course mattered more than the degree.",
    )
    await pilot.press("ctrl+down")
    await type_into("#answer", "Stand-ups, code review, then focused work until 3.")
    await type_into("#advice", "Build one small project and show it.")
    await type_into("#insight", "Communication matters more than speed.")
    screen.query_one("#answer").focus()
    for _ in range(100):  # until the autosave says "saved" (bounded: 10 s on a busy machine)
        await pilot.pause(0.1)
        if not screen.saver.unsaved() and not screen._pending_save:
            break
    await pilot.pause(0.3)  # the "saved" report drawn, so the picture is stable


def _keys(*keys: str) -> Drive:
    async def drive(pilot: Any) -> None:
        # The board's cards load on a worker: on a loaded machine keys pressed before
        # they are in moved nothing (a fresh-clone run opened the wrong card's notes).
        await _settle(pilot)
        await pilot.press(*keys)
        await pilot.pause()

    return drive


async def _people(pilot: Any) -> None:
    await pilot.press("3")
    await pilot.pause()
    for box in ("#timeframe", "#place"):  # this person's last proposal: write a new one
        pilot.app.screen.query_one(box).value = ""
    await pilot.pause()
    await pilot.press("w", *"Tue 3-3:30pm")
    pilot.app.screen.query_one("#place").focus()
    await pilot.press(*"a video call (link to follow)", "escape")
    await pilot.pause()


async def _people_slips(pilot: Any) -> None:
    """Stage 3 with a message that needs work: what the checks found, in view."""
    await _people(pilot)
    message = pilot.app.screen.query_one("#message")
    message.focus()
    message.text = "Hi! Could you refer me for an opening on your team? Thanks."
    await pilot.pause()


async def _archived(pilot: Any) -> None:
    store = pilot.app.store
    for card in store.contacts.cards(2, 0, 2):
        store.intents.archive(card.id)
    pilot.app.show_archived()
    await pilot.pause()


async def _advice_update(pilot: Any) -> None:
    await pilot.press("5", "v")
    dialog = pilot.app.screen
    todo = next(i for i, item in enumerate(dialog.items) if not item.done)
    dialog.query_one("#items").highlighted = todo
    await pilot.press("enter")
    await pilot.pause()


async def _settle(pilot: Any) -> None:
    """Let the screen's worker threads finish and their results be drawn."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _sync(pilot: Any) -> None:
    # No [sync] account in the demo's settings: the screen says how to set one up.
    pilot.app.action_sync()
    await pilot.pause()
    await _settle(pilot)


async def _insights(pilot: Any) -> None:
    # The demo's outreach is fresh and unanswered: log three replies, as a user would.
    store = pilot.app.store
    answered = 0
    for person in store.contacts.people(0, 60):
        if answered < 3 and store.outreach.latest_unanswered(person.id) is not None:
            store.intents.log_reply(person.id, "Happy to talk next week.")
            answered += 1
    await pilot.press("g")
    await _settle(pilot)


async def _referral_map(pilot: Any) -> None:
    await pilot.press("m")
    await _settle(pilot)
    await pilot.press("space")
    await _settle(pilot)
    await pilot.press("down", "down", "down", "down", "space")
    await _settle(pilot)


SCENES: tuple[Scene, ...] = (
    Scene("board", "Board", _board),
    Scene("stage1", "Stage 1: career fields", _keys("1")),
    Scene("stage2", "Stage 2: the LAMP list of organizations", _keys("2", "down")),
    Scene("stage3", "Stage 3: people and the outreach composer", _people),
    Scene("stage4", "Stage 4: interviews", _keys("4")),
    Scene("stage5", "Stage 5: follow-up", _keys("5", "down")),
    Scene("questions", "Question bank", _questions),
    Scene("interview", "Note-taking, mid-interview", _interview),
    Scene("agenda", "Agenda", _keys("a")),
    Scene("contact", "Contact", _keys("l", "l", "l", "l", "enter")),
    Scene("archived", "Archived contacts", _archived),
    Scene("board-80x24", "Board at 80x24", _board, (80, 24)),
    Scene("interview-80x24", "Note-taking at 80x24", _interview, (80, 24)),
    Scene(
        "interview-prepare-80x24",
        "Note-taking at 80x24, before it starts",
        _keys("l", "l", "l", "j", "i"),
        (80, 24),
    ),
    Scene("stage3-80x24", "Stage 3 at 80x24: the checks in view", _people_slips, (80, 24)),
    Scene("form-80x24", "A form at 80x24: values and the save hint", _keys("1", "e"), (80, 24)),
    Scene("insights-80x24", "Insights at 80x24: one column that scrolls", _insights, (80, 24)),
    Scene("linkedin", "Stage 3: a LinkedIn connection note, checked", _keys("3", "e")),
    Scene("template", "Editing a message template", _keys("3", "t")),
    Scene("advice", "Advice acted on: the update that closes the loop", _advice_update),
    Scene("insights", "Insights, after logging three replies", _insights),
    Scene("referrals", "Referral map", _referral_map),
    Scene("sync", "Sync with your phone", _sync),
)
