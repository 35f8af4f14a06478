"""Regenerate screenshots/*.svg: every screen on demo data, frozen clock, 140x42; and
screenshots/browser.png: the app served by `infointerview serve`, in headless Chromium.

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
    async with app.run_test(size=scene.size) as pilot:
        await pilot.pause()
        await scene.drive(pilot)
        await pilot.pause()
        path = OUT / f"{scene.name}.svg"
        app.save_screenshot(filename=path.name, path=str(OUT))
    return path


def shoot_browser(workdir: Path) -> Path | None:
    """A real screenshot of the page: serve on a free port, system Chromium, the board."""
    from infointerview_tui.core.demo import write_demo
    from infointerview_tui.core.store import Store
    from tests.web.serving import ScreenText, browser_missing, chromium_page, serving

    if why := browser_missing():
        print(f"screenshots/browser.png not made: {why}")
        return None
    folder = workdir / "browser"
    folder.mkdir()
    store = Store(folder / "demo.db")
    write_demo(store, 60, seed=7)
    store.close()
    path = OUT / "browser.png"
    with serving(folder / "demo.db", folder / "config.toml") as (url, _), chromium_page() as page:
        screen = ScreenText(page)
        page.goto(url)
        screen.wait_for("Career field", "Move ▶")
        page.focus(".xterm-helper-textarea")
        page.keyboard.press("l")
        page.wait_for_timeout(1500)  # the redraw after the key, then the picture
        page.screenshot(path=str(path))
    return path


async def main() -> None:
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for scene in SCENES:
            path = await shoot(scene, Path(tmp))
            print(f"{path.relative_to(ROOT)}  {scene.title}")


if __name__ == "__main__":
    asyncio.run(main())
    # Playwright's sync API runs outside any asyncio loop.
    with tempfile.TemporaryDirectory() as tmp:
        if "--no-browser" not in sys.argv and (browser := shoot_browser(Path(tmp))):
            print(f"{browser.relative_to(ROOT)}  In a browser (infointerview serve)")
