"""The one-line widgets (titles, timeline, the filter's count line) cut text that does
not fit as wrapping would have shown its first line, and draw again when their look
changes."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st
from textual.app import App, ComposeResult
from textual.content import Content

from infointerview_tui.widgets.timeline import ColumnTitle, Timeline, _first_line

WORD = st.text(alphabet="abcdefghij,0123456789─▶", min_size=1, max_size=12)


@given(
    words=st.lists(WORD, min_size=1, max_size=8),
    gaps=st.lists(st.sampled_from([" ", "  "]), min_size=8, max_size=8),
    cuts=st.lists(st.integers(0, 30), max_size=4),
    room=st.integers(1, 60),
)
def test_the_first_line_is_what_wrapping_shows(words, gaps, cuts, room):
    text = "".join(w + (gaps[i] if i < len(words) - 1 else "") for i, w in enumerate(words))
    # The same text in parts (cut anywhere), each with a component of its own.
    bounds = sorted({0, len(text), *(c for c in cuts if c < len(text))})
    parts = [(text[a:b], f"c{i}") for i, (a, b) in enumerate(pairwise(bounds))]
    shown = _first_line(parts, room)
    assert "".join(t for t, _ in shown) == Content(text).wrap(room)[0].plain.rstrip(" ")
    assert [c for _, c in shown] == [c for _, c in parts][: len(shown)]


class Board(App[None]):
    def compose(self) -> ComposeResult:
        yield Timeline()
        yield ColumnTitle(2, "Organization", id="title")


async def test_a_title_and_the_timeline_say_their_counts_and_redraw_on_a_new_look():
    app = Board()
    async with app.run_test(size=(60, 4)) as pilot:
        timeline, title = app.query_one(Timeline), app.query_one(ColumnTitle)
        timeline.update({1: 7, 2: 1234}, current=2)
        title.show(1234)
        await pilot.pause()
        line = timeline.render_lines(timeline.region.reset_offset)[0]
        # 60 cells: the first stages, cut after the last whole word that fits.
        assert line.text == " 1 Career field 7 ─▶ 2 Organization 1,234 ─▶ 3 People 0 ─▶  "
        # (no padding: the board's stylesheet gives the titles theirs)
        assert title.render_lines(title.region.reset_offset)[0].text.rstrip() == (
            "2 Organization  1,234"
        )
        before = title.render_lines(title.region.reset_offset)[0]
        title.add_class("-current")
        title.styles.background = "red"
        await pilot.pause()
        after = title.render_lines(title.region.reset_offset)[0]
        assert after.text == before.text and after is not before
        assert str(title.render()) == "2 Organization  1,234"
