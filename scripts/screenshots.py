"""Regenerate screenshots/*.svg: every screen on demo data, frozen clock, 140x42.

    python scripts/screenshots.py

The scenes are the ones the snapshot tests check (infointerview_tui/scenes.py), so the
README's pictures are what the tests hold the app to. Never edit the SVGs by hand.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("TEXTUAL_ANIMATION", "none")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from infointerview_tui.scenes import SCENES, Scene, build_app  # noqa: E402

OUT = ROOT / "screenshots"


async def shoot(scene: Scene, workdir: Path) -> Path:
    folder = workdir / scene.name
    folder.mkdir()
    app = build_app(folder / "demo.db")
    async with app.run_test(size=(140, 42)) as pilot:
        await pilot.pause()
        await scene.drive(pilot)
        await pilot.pause()
        path = OUT / f"{scene.name}.svg"
        app.save_screenshot(filename=path.name, path=str(OUT))
    return path


async def main() -> None:
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for scene in SCENES:
            path = await shoot(scene, Path(tmp))
            print(f"{path.relative_to(ROOT)}  {scene.title}")


if __name__ == "__main__":
    asyncio.run(main())
