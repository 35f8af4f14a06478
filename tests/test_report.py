"""`infointerview report`: figures, privacy, file safety, and the HTML in a real browser."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from infointerview_tui.__main__ import main
from tests.insight_fixture import EXPECTED_ALL, NOW, PERSONAL, build


@pytest.fixture
def story_db(tmp_path, monkeypatch) -> Path:
    store, _ = build(tmp_path / "story.db")
    store.close()
    # The report counts up to "now": freeze it at the story's now.
    monkeypatch.setattr("infointerview_tui.core.dates.local_now", lambda: NOW)
    monkeypatch.setenv("INFOINTERVIEW_CONFIG", str(tmp_path / "no-config.toml"))
    return tmp_path / "story.db"


def run(db: Path, *args: str) -> int:
    return main(["report", *args, "--db", str(db)])


def personal_text(db: Path) -> list[str]:
    """Every name, email, phone, link and note the database holds (non-empty)."""
    conn = sqlite3.connect(db)
    try:
        queries = (
            "SELECT name, email, phone, linkedin_url, notes, title FROM contact",
            "SELECT message, response FROM outreach",
            "SELECT advice, insight, referral_notes, free_notes, summary FROM interview",
            "SELECT note FROM follow_up",
            "SELECT notes FROM interview_answer",
        )
        found = {v for q in queries for row in conn.execute(q) for v in row if v}
    finally:
        conn.close()
    return sorted(v.strip() for v in found if len(v.strip()) >= 4)


def test_json_report_has_the_figures_under_stable_keys(story_db, tmp_path):
    out = tmp_path / "report.json"
    assert run(story_db, str(out)) == 0
    data = json.loads(out.read_text())
    assert data["funnel"] == EXPECTED_ALL["funnel"]
    assert {k: data["outreach"][k] for k in ("sent", "replied", "reply_rate")} == (
        EXPECTED_ALL["outreach"]
    )
    assert data["interviews"]["done"] == 1
    assert data["interviews"]["per_week"] == EXPECTED_ALL["interviews"]["per_week"]
    assert data["referrals"]["count"] == 1 and data["referrals"]["per_interview"] == 1.0
    assert data["overdue"] == EXPECTED_ALL["overdue"]


@pytest.mark.parametrize("fmt", ["html", "md", "json"])
def test_default_report_leaks_no_personal_text(story_db, tmp_path, fmt):
    out = tmp_path / f"report.{fmt}"
    assert run(story_db, str(out)) == 0
    text = out.read_text()
    secrets = personal_text(story_db)
    assert set(PERSONAL["names"]) <= set(secrets)  # the check looks at what is there
    for value in secrets + [v for vs in PERSONAL.values() for v in vs]:
        assert value not in text, f"{value!r} leaked into the {fmt} report"
        assert json.dumps(value)[1:-1] not in text  # nor JSON-escaped


@pytest.mark.parametrize("fmt", ["html", "md", "json"])
def test_with_names_adds_names_but_never_notes(story_db, tmp_path, fmt):
    out = tmp_path / f"named.{fmt}"
    assert run(story_db, str(out), "--with-names") == 0
    text = out.read_text()
    assert "Cy Mistvale" in text and "Ana Brightwater" in text
    for value in PERSONAL["notes"] + PERSONAL["emails"]:
        assert value not in text


def test_report_is_private_and_never_overwrites(story_db, tmp_path, capsys):
    out = tmp_path / "report.html"
    assert run(story_db, str(out)) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    out.write_text("my own notes")
    capsys.readouterr()
    assert run(story_db, str(out)) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--force" in err[0]
    assert out.read_text() == "my own notes"
    os.chmod(out, 0o644)
    assert run(story_db, str(out), "--force") == 0
    assert "<svg" in out.read_text()
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_since_is_parsed_like_every_date_and_bad_input_is_one_line(story_db, tmp_path, capsys):
    out = tmp_path / "r.json"
    assert run(story_db, str(out), "--since", "2026-10-27 13:00") == 0
    data = json.loads(out.read_text())
    assert data["funnel"] == {"1": 4, "2": 3, "3": 3, "4": 2, "5": 1}  # Fay moved in July
    capsys.readouterr()
    bad = tmp_path / "bad.json"
    assert run(story_db, str(bad), "--since", "the day after never") == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("infointerview: --since:")
    assert not bad.exists()


def test_a_directory_is_refused_in_one_line(story_db, tmp_path, capsys):
    assert run(story_db, str(tmp_path)) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"infointerview: {tmp_path} is a directory; give a file name"]


def test_format_follows_the_extension_unless_given(story_db, tmp_path):
    assert run(story_db, str(tmp_path / "r.md")) == 0
    assert (tmp_path / "r.md").read_text().startswith("# Information interviews")
    assert run(story_db, str(tmp_path / "r.txt"), "--format", "json") == 0
    assert json.loads((tmp_path / "r.txt").read_text())["format"] == "infointerview-report"


def test_html_is_self_contained(story_db, tmp_path):
    out = tmp_path / "r.html"
    assert run(story_db, str(out)) == 0
    html = out.read_text().lower()
    assert html.count("<svg") >= 3
    for forbidden in ("<script", " src=", "href=", "url(", "@import", "<link"):
        assert forbidden not in html


def _png_pixels(path: Path) -> tuple[int, int, list[int]]:
    """Width, height and the grey level (0-255) of every pixel of an 8-bit RGB(A) PNG."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height, channels = 8, b"", 0, 0, 3
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6)
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw, stride = zlib.decompress(idat), width * channels
    previous, grey = bytearray(stride), []
    for y in range(height):
        kind, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        for i in range(stride):  # undo the PNG row filter
            a = line[i - channels] if i >= channels else 0
            b, c = previous[i], previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 255
        grey += [sum(line[x : x + 3]) // 3 for x in range(0, stride, channels)]
        previous = line
    return width, height, grey


def test_html_renders_in_headless_chromium(story_db, tmp_path):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (.ci/run installs Debian's chromium)")
        pytest.skip("chromium is not installed")
    out = tmp_path / "r.html"
    assert run(story_db, str(out)) == 0
    shot = tmp_path / "shot.png"
    subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--screenshot={shot}",
            "--window-size=900,1400",
            out.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    width, height, grey = _png_pixels(shot)
    assert (width, height) == (900, 1400)
    # A blank page is one colour; the report is dark text, bars and lines on white.
    dark = sum(1 for g in grey if g < 128) / len(grey)
    white = sum(1 for g in grey if g > 240) / len(grey)
    assert len(set(grey)) > 20, "the page looks blank"
    assert 0.005 < dark < 0.4 and white > 0.5, f"dark {dark:.3f}, white {white:.3f}"
