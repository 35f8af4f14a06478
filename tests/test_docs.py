"""The README and screenshots/ keep up with the app."""

from pathlib import Path

from infointerview_tui.scenes import SCENES

ROOT = Path(__file__).parent.parent


def test_every_screen_has_a_screenshot_shown_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    for scene in SCENES:
        svg = ROOT / "screenshots" / f"{scene.name}.svg"
        assert svg.exists(), f"run scripts/screenshots.py ({svg.name} is missing)"
        assert svg.read_text().lstrip().startswith("<svg")
        assert f"screenshots/{scene.name}.svg" in readme


def test_the_browser_screenshot_is_a_png_shown_in_the_readme():
    png = ROOT / "screenshots" / "browser.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", "run scripts/screenshots.py"
    assert "screenshots/browser.png" in (ROOT / "README.md").read_text()


def test_readme_opens_with_the_two_commands_ci_runs():
    readme = (ROOT / "README.md").read_text()
    block = readme.split("```sh", 1)[1].split("```", 1)[0]
    commands = [line for line in block.splitlines() if line and not line.startswith("#")]
    assert commands[0].endswith("infointerview demo")
    assert commands[1].endswith(".venv/bin/pytest")
    ci = (ROOT / ".ci" / "run").read_text()
    assert "pip install --quiet -e ." in ci and "pip install --quiet -e '.[test]'" in ci
    assert ".venv/bin/pytest" in ci
