"""A snapshot of every screen on demo data with a frozen clock, at 140x42 (the board,
stage 3, a form, insights and the note-taking screen also at 80x24).

Update after an intended change with `pytest tests/snapshots --snapshot-update`;
`python scripts/screenshots.py` makes the README's screenshots from the same scenes.
"""

from __future__ import annotations

import pytest

from infointerview_tui.scenes import SCENES, build_app

SIZE = (140, 42)


@pytest.mark.parametrize("scene", SCENES, ids=[s.name for s in SCENES])
def test_screen(scene, snap_compare, tmp_path):
    app = build_app(tmp_path / "demo.db")
    assert snap_compare(app, run_before=scene.drive, terminal_size=scene.size)


def test_a_rebound_key_in_the_footer(snap_compare, tmp_path):
    """[keys] "board.move_next" = "ctrl+l": the footer shows ^l, not shift+→."""
    from pathlib import Path

    from infointerview_tui.core.settings import LoadedSettings, Settings

    keys = {"board.move_next": "ctrl+l", "board.new": "plus"}
    config = LoadedSettings(Settings(keys=keys), Path("config.toml"))
    app = build_app(tmp_path / "demo.db", config=config)
    assert snap_compare(app, terminal_size=SIZE)
