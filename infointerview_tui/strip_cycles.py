"""Drawn lines that do not cache themselves (issue 16: the garbage behind the long full
collections).

Textual's `Strip` (one drawn line) memoises what it derives in caches of its own. When a
`crop_extend` or a `divide` changes nothing, the result is the strip itself, and it is
cached in itself: a reference cycle. Most lines of a screen are already the width they
are cropped to, so nearly every line drawn became a cycle of 14 tracked objects (the
strip, its segments, its seven caches) that only a full collection frees once the line
is redrawn; ~3,000 of them were among what a walk through the screens left frozen
(~40,000 objects) and tens of thousands per pause went through the idle collections.

`install()` wraps the two methods so that a result that is the strip itself is returned
without being cached: the same strips, drawn the same, freed by reference counting the
moment they are replaced. (The cached no-op saved nothing: both methods find it again
with a comparison of lengths.) Textual 8; tests/test_strip_cycles.py checks the methods
still leave no cycle and return what Textual's did.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.style import Style
from textual.strip import Strip

_installed: list[bool] = []


def install() -> None:
    """Patch `Strip.crop_extend` and `Strip.divide` (once per process)."""
    if _installed:
        return
    _installed.append(True)
    crop_extend = Strip.crop_extend
    divide = Strip.divide

    def crop_extend_acyclic(self: Strip, start: int, end: int, style: Style | None) -> Strip:
        if start == 0 and end == self.cell_length:
            return self  # what Textual would return, and then cache in `self`
        return crop_extend(self, start, end, style)

    def divide_acyclic(self: Strip, cuts: Iterable[int]) -> Sequence[Strip]:
        cuts = list(cuts)
        length = self.cell_length
        if [cut for cut in cuts if cut <= length] == [length]:
            return [self]
        return divide(self, cuts)

    Strip.crop_extend = crop_extend_acyclic  # type: ignore[method-assign]
    Strip.divide = divide_acyclic  # type: ignore[method-assign]
