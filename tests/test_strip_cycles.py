"""Drawn lines that do not cache themselves (infointerview_tui/strip_cycles.py): a line
cropped or divided to its own width is returned as it is, as Textual does, without the
reference cycle that made each such line garbage for the full collection (issue 16)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from infointerview_tui.strip_cycles import install


@pytest.fixture
def cyclic_garbage() -> Iterator[list[object]]:
    """What the collector finds unreachable (kept for a look), from here on."""
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        yield gc.garbage
    finally:
        gc.set_debug(0)
        gc.garbage.clear()


def line() -> Strip:
    return Strip([Segment("Ada Lovelace", Style(bold=True)), Segment("  ·  ")], 17)


def test_a_line_cropped_or_divided_to_its_width_is_freed_without_a_collection(
    cyclic_garbage,
):
    install()
    for derive in (
        lambda s: s.crop_extend(0, 17, None),
        lambda s: s.divide([17]),
        lambda s: s.divide([17, 30]),
    ):
        strip = line()
        derived = derive(strip)
        assert strip in ([derived] if isinstance(derived, Strip) else derived)
        del strip, derived
        gc.collect()
        assert not [o for o in cyclic_garbage if isinstance(o, Strip)]


def test_other_crops_and_divisions_are_textual_s():
    install()
    strip = line()
    assert strip.crop_extend(0, 20, None).text == "Ada Lovelace  ·     "
    assert strip.crop_extend(4, 12, None).text == "Lovelace"
    assert strip.crop_extend(4, 12, None) is strip.crop_extend(4, 12, None)  # cached
    assert [s.text for s in strip.divide([3, 17])] == ["Ada", " Lovelace  ·  "]
    assert [s.cell_length for s in strip.divide([17])] == [17]
