"""What the benchmark visits in the app, and how it knows each screen is painted.

Add a screen with one line in SCREENS once its key exists; a key the app does not bind
(yet) is skipped, so the table may name screens still being built.
"""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from terminal import Lines, Pane, input_shows, shows

Predicate = Callable[[Lines], bool]


class Plan(Protocol):
    quiet: float  # seconds without change before a picture counts as final
    typing_quiet: float  # the same for search results (they wait for a pause in typing)
    moves: int
    revisits: int


def heading_then_rows(heading: str) -> Predicate:
    """The heading is shown and the list under it has drawn its first line (a row, or
    the list's own 'no one here yet' line)."""

    def ready(lines: Lines) -> bool:
        for i, line in enumerate(lines[:-1]):
            if heading in line:
                return bool(lines[i + 1].split("▊")[0].strip())
        return False

    return ready


@dataclass(frozen=True)
class Screen:
    name: str
    key: str  # the app's binding (Textual key name); tmux sends the same character
    ready: Predicate


SCREENS = [
    Screen("stage 1", "1", heading_then_rows("Stage 1: Identify")),
    Screen("stage 2", "2", heading_then_rows("Stage 2: Identify")),
    Screen("stage 3", "3", heading_then_rows("Stage 3: Identify people")),
    Screen("stage 4", "4", heading_then_rows("Stage 4: Conduct")),
    Screen("stage 5", "5", heading_then_rows("Stage 5: Follow-up")),
    Screen("questions", "q", shows("1. The person")),
    Screen("agenda", "a", heading_then_rows("Agenda · what is due")),
    Screen("insights", "g", shows("people who reached each stage")),
    Screen("referral map", "m", shows("found yourself")),
]

CONTACT_READY = shows("Tab into the form to edit")


def bound_keys() -> set[str]:
    """Every key the app binds at the top level (where the screens' keys live)."""
    from infointerview_tui.app import InfoInterviewApp

    keys: set[str] = set()
    for binding in InfoInterviewApp.BINDINGS:
        key = binding.key if hasattr(binding, "key") else binding[0]  # type: ignore[index]
        keys.update(k.strip() for k in key.split(","))
    return keys


def board_ready(marker: str) -> Predicate:
    """The board with its cards: `marker` is a card of the rightmost non-empty column."""
    return shows(marker)


@dataclass
class Visit:
    """Everything measured in one app session (milliseconds, MiB)."""

    times: dict[str, list[float]]
    peak_rss_mib: float = 0.0
    gc_pauses_ms: list[float] = field(default_factory=list)  # full collections, interacting
    gc_idle_ms: list[float] = field(default_factory=list)  # those the app ran at a pause

    def add(self, name: str, seconds: float) -> None:
        self.times.setdefault(name, []).append(seconds * 1000)


def _open(pane: Pane, key: str, ready: Predicate) -> float:
    start = pane.send(key)
    return pane.wait(ready) - start


def _typing(
    pane: Pane,
    visit: Visit,
    label: str,
    query: str,
    quiet: float,
    result: Callable[[str], Predicate] | None = None,
) -> None:
    """Type `query` one key at a time: echo latency, then result latency, per key.

    The result is painted when `result(typed)` holds, else (no way to tell from the
    outside) at the first capture of the picture that then stays `quiet` seconds."""
    for i, char in enumerate(query):
        typed = query[: i + 1]
        start = pane.send("-l", char)
        echoed = pane.wait(input_shows(typed)) - start
        if result is not None:
            done = pane.wait(result(typed)) - start
        else:
            done = pane.settle(start, quiet)[0]
        visit.add(f"{label} echo", echoed)
        visit.add(f"{label} result", max(done, echoed))


def timeline_counts(counts: dict[int, int]) -> Predicate:
    """The board's timeline line shows exactly these per-stage counts, as the app writes
    them ("1,234", or "1,000+" for a column over the filter's cap: core count_text)."""
    from infointerview_tui.core.contact_rows import count_text

    wanted = {stage: count_text(n) for stage, n in counts.items()}

    def shown(lines: Lines) -> bool:
        for line in lines[:4]:
            if "─▶" in line:
                found = dict(re.findall(r"(\d) \D+? (\d[\d,]*\+?)", line))
                return {int(s): n for s, n in found.items()} == wanted
        return False

    return shown


def filter_result(typed: str, counts: dict[int, int]) -> Predicate:
    """The board shows the filter's result for `typed`: its count line names the text
    and the timeline has its counts (the counts alone can be the previous text's: at 10
    contacts "Sa", "Sam" and "Sami" match the same cards, and would count as instant).
    The line is built as the app builds it (core total_of and count_text)."""
    from infointerview_tui.core.contact_rows import MoreThan, count_text, total_of

    total = total_of(counts)
    exact_one = total == 1 and not isinstance(total, MoreThan)
    said = (
        "1 card matches"
        if exact_one
        else f"{count_text(total)} cards match"
        if total
        else "No card"
    )
    line = f"{said}{'' if total else ' matches'} “{typed}”"
    on_timeline = timeline_counts(counts)
    return lambda lines: any(line in text for text in lines) and on_timeline(lines)


def longest_column(db: Path) -> tuple[int, int, int]:
    """(the column the board starts on, the column with the most cards, its cards): the
    board opens on the first column that has any (BoardScreen._fill), and a move and
    its undo bring the cursor back there."""
    from infointerview_tui.core.store import Store

    store = Store(db, create=False)
    try:
        counts = store.contacts.stage_counts()
    finally:
        store.close()
    first = next((s for s in sorted(counts) if counts[s]), min(counts))
    longest = max(sorted(counts), key=lambda s: counts[s])
    return first, longest, counts[longest]


def _to_the_longest_column(pane: Pane, db: Path, quiet: float) -> None:
    """The cursor on the first card of the column with the most cards, so that `board
    end` times the same thing at every size: the highlight moving from the first card
    to the last (at 10 contacts the column the board opens on may hold one card, where
    End changes nothing and the row timed a no-op against a real scroll)."""
    first, longest, cards = longest_column(db)
    if cards < 2:
        raise RuntimeError(f"{db}: no column has 2 cards for End to move through")
    for _ in range(longest - first):
        pane.settle(pane.send("Right"), quiet)
    pane.settle(pane.send("Home"), quiet)


def visit_everything(
    pane: Pane,
    db: Path,
    board: Predicate,
    query: str,
    plan: Plan,
    gc_log: Path | None = None,
) -> Visit:
    """One session at one size: every screen (first visit and revisits), a contact,
    board moves/undo/end, stage 3 end, the filter and the palette per key, peak RSS, and
    the full garbage collections from the board's first paint on (when the app writes
    them to `gc_log`: INFOINTERVIEW_GC_LOG, infointerview_tui/gc_pauses.py)."""
    from infointerview_tui.core.store import Store

    quiet, moves, revisits = plan.quiet, plan.moves, plan.revisits
    visit = Visit({})
    pane.wait(board)
    if gc_log is not None and gc_log.exists():
        gc_log.write_text("")  # start-up's collections are not interaction (O_APPEND)
    keys = bound_keys()
    screens = [s for s in SCREENS if s.key in keys]
    for round_ in range(1 + revisits):
        label = "first" if round_ == 0 else "revisit"
        for screen in screens:
            visit.add(f"open {screen.name} ({label})", _open(pane, screen.key, screen.ready))
            _open(pane, "b", board)
        visit.add(f"open contact ({label})", _open(pane, "Enter", CONTACT_READY))
        pane.escape()
        pane.wait(board)
    for _ in range(moves):  # the selected card one stage on, then back by undo
        for key, name in (("L", "board move"), ("u", "board undo")):
            start = pane.send(key)
            visit.add(name, pane.settle(start, quiet)[0])
    _to_the_longest_column(pane, db, quiet)
    start = pane.send("End")
    visit.add("board end", pane.settle(start, quiet)[0])
    pane.send("Home")
    pane.settle(pane.send("3"), quiet)
    start = pane.send("End")
    visit.add("stage 3 end", pane.settle(start, quiet)[0])
    _open(pane, "b", board)
    # What the filter will find, read now and again when the pane disagrees: on a loaded
    # machine the last undo above may still be landing (its write after this read).
    store = Store(db, create=False)
    typed_so_far = [query[: i + 1] for i in range(len(query))]
    expected = {typed: store.contacts.stage_counts(typed) for typed in typed_so_far}

    read_at = [time.perf_counter()]

    def filtered(typed: str) -> Predicate:
        def shown(lines: Lines) -> bool:
            if filter_result(typed, expected[typed])(lines):
                return True
            if time.perf_counter() - read_at[0] < 0.5:  # (a read of SQL each capture at most)
                return False
            expected[typed] = store.contacts.stage_counts(typed)
            read_at[0] = time.perf_counter()
            return filter_result(typed, expected[typed])(lines)

        return shown

    pane.open("/", lambda lines: any(line.startswith("▊▔") for line in lines))  # the input
    try:
        _typing(pane, visit, "filter", query, quiet, filtered)
    finally:
        store.close()
    pane.escape()
    pane.escape()
    pane.open("C-p", shows("🔎"))
    _typing(pane, visit, "palette", query, plan.typing_quiet)
    pane.escape()
    visit.peak_rss_mib = pane.peak_rss_mib()
    if gc_log is not None and gc_log.exists():
        lines = [line.split() for line in gc_log.read_text().splitlines()]
        # "ms freed generation idle|busy": the app runs full collections at the user's
        # pauses (gc_policy.py); CPython's own and the policy's bound are "busy".
        full = [(float(line[0]), line[3:] == ["idle"]) for line in lines if line[2] == "2"]
        visit.gc_pauses_ms = [ms for ms, idle in full if not idle]
        visit.gc_idle_ms = [ms for ms, idle in full if idle]
    return visit


def medians(visits: list[Visit]) -> dict[str, float]:
    names = {n for v in visits for n in v.times}
    return {n: statistics.median(t for v in visits for t in v.times.get(n, [])) for n in names}
