"""Interview notes as Markdown: questions by category with notes, AIR, referrals."""

from __future__ import annotations

import re
from pathlib import Path

from ..interview_rows import InterviewState
from ..stages import CATEGORIES
from ..store import Store
from .errors import InteropError
from .files import check_target, write_atomically


def _escape_heading(text: str) -> str:
    return text.replace("\n", " ").strip() or "(untitled)"


def _block(text: str) -> str:
    text = text.strip()
    return text if text else "_(no notes)_"


def render_interview(state: InterviewState) -> str:
    """One interview as a Markdown document."""
    who = state.contact_name
    if state.organization:
        who += f" ({state.organization})"
    when = state.started_at or state.scheduled_at
    lines = [f"# Information interview: {_escape_heading(who)}", ""]
    facts = []
    if state.contact_title:
        facts.append(f"- **Title:** {state.contact_title}")
    if when:
        facts.append(f"- **Date:** {when:%Y-%m-%d %H:%M} UTC")
    facts.append(f"- **Status:** {state.status}")
    if state.location:
        facts.append(f"- **Location:** {state.location}")
    if state.started_at and state.ended_at:
        minutes = round((state.ended_at - state.started_at).total_seconds() / 60)
        facts.append(f"- **Length:** {minutes} of {state.planned_minutes} planned minutes")
    lines += facts + [""]
    for number, title, _ in CATEGORIES:
        answers = [a for a in state.answers if a.category == number]
        if not answers:
            continue
        lines += [f"## {number}. {title}", ""]
        for answer in answers:
            mark = "x" if answer.asked else " "
            lines += [
                f"### [{mark}] {_escape_heading(answer.question)}",
                "",
                _block(answer.notes),
                "",
            ]
    lines += [
        "## AIR",
        "",
        "### Advice",
        "",
        _block(state.advice),
        "",
        "### Insight",
        "",
        _block(state.insight),
        "",
        "### Referral",
        "",
    ]
    if state.referrals:
        lines += [f"- {name}" for name in state.referrals] + [""]
    lines += [_block(state.referral_notes), ""]
    if state.free_notes.strip():
        lines += ["## Notes", "", state.free_notes.strip(), ""]
    if state.summary.strip():
        lines += ["## Summary", "", state.summary.strip(), ""]
    return "\n".join(lines).rstrip() + "\n"


def file_name(state: InterviewState) -> str:
    """'2026-11-26-ada-lovelace.md': by date, then contact."""
    when = state.started_at or state.scheduled_at
    day = f"{when:%Y-%m-%d}" if when else "undated"
    slug = re.sub(r"[^a-z0-9]+", "-", state.contact_name.lower()).strip("-") or "contact"
    return f"{day}-{slug}-{state.id}.md"


def write_interview(
    store: Store, interview_id: int, out: Path | None = None, *, force: bool = False
) -> Path:
    """Write one interview's Markdown to `out` (default: beside the database), mode 0600;
    an existing file is replaced only with `force`."""
    state = store.interviews.state(interview_id)
    target = out if out is not None else store.path.parent / file_name(state)
    if target.is_dir():
        target = target / file_name(state)
    write_atomically(target, render_interview(state), force=force)
    return target


def export_markdown(store: Store, directory: Path, *, force: bool = False) -> int:
    """One file per interview with notes (or started), into `directory`; returns count.

    Without `force`, nothing is written when any of the files already exists.
    """
    if directory.exists() and not directory.is_dir():
        raise InteropError(f"{directory} is a file; give a directory")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InteropError(f"cannot create {directory}: {exc.strerror}") from None
    ids = store.interviews.with_notes()
    states = [store.interviews.state(interview_id) for interview_id in ids]
    if not force:
        for state in states:
            check_target(directory / file_name(state))
    for state in states:
        write_atomically(directory / file_name(state), render_interview(state), force=force)
    return len(ids)
