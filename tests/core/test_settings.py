"""config.toml: defaults, every key read, bad files named by key and line, never fatal."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from infointerview_tui.core.settings import (
    Settings,
    config_path,
    load_settings,
    parse_settings,
    render_settings,
)

GOOD = """
holidays = "CA-ON"
stay_in_touch_months = 4
word_limit = 75

[profile]
name = "Sam Lee"
background = "a data-analysis student"
signature = "Sam"

[goals]
outreach = 8
interviews = 3

[sync]
url = "https://dav.example.com/"
username = "sam"

[keys]
"interview.next_question" = "alt+down"
"""


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    loaded = load_settings(tmp_path / "nope.toml")
    assert loaded.settings == Settings()
    assert loaded.problems == ()
    assert loaded.settings.goals.outreach == 5 and loaded.settings.goals.interviews == 2
    assert loaded.settings.word_limit == 100 and loaded.settings.stay_in_touch_months == 3


def test_every_key_is_read(tmp_path: Path) -> None:
    loaded = parse_settings(GOOD, tmp_path / "c.toml")
    s = loaded.settings
    assert loaded.problems == ()
    assert s.holidays == "CA-ON" and s.stay_in_touch_months == 4 and s.word_limit == 75
    assert (s.profile.name, s.profile.signature) == ("Sam Lee", "Sam")
    assert (s.goals.outreach, s.goals.interviews) == (8, 3)
    assert s.sync.url == "https://dav.example.com/" and s.sync.username == "sam"
    assert s.keys == {"interview.next_question": "alt+down"}


def test_show_round_trips(tmp_path: Path) -> None:
    s = parse_settings(GOOD, tmp_path / "c.toml").settings
    again = parse_settings(render_settings(s), tmp_path / "c.toml")
    assert again.problems == () and again.settings == s


def test_bad_values_name_key_and_line_and_keep_defaults(tmp_path: Path) -> None:
    text = 'word_limit = 90\nholidays = "XX"\n\n[goals]\noutreach = "five"\ninterviews = 2\n'
    loaded = parse_settings(text, tmp_path / "c.toml")
    s = loaded.settings
    assert s.word_limit == 100 and s.holidays == "" and s.goals.outreach == 5
    assert s.goals.interviews == 2
    joined = "\n".join(loaded.problems)
    assert "line 1: word_limit" in joined
    assert "line 2: holidays" in joined
    assert "line 5: goals.outreach" in joined
    assert len(loaded.problems) == 3


def test_unknown_key_and_syntax_error(tmp_path: Path) -> None:
    loaded = parse_settings("wordlimit = 100\n", tmp_path / "c.toml")
    assert "wordlimit is not a setting" in loaded.problems[0]
    broken = parse_settings("word_limit = \n", tmp_path / "c.toml")
    assert broken.settings == Settings()
    assert "line 1" in broken.problems[0]


def test_config_path_precedence(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("INFOINTERVIEW_CONFIG", str(tmp_path / "env.toml"))
    assert config_path() == tmp_path / "env.toml"
    assert config_path(tmp_path / "flag.toml") == tmp_path / "flag.toml"
    monkeypatch.delenv("INFOINTERVIEW_CONFIG")
    assert config_path().name == "config.toml"


def test_cli_config_path_and_show(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text('word_limit = 75\n[goals]\noutreach = "x"\n', encoding="utf-8")
    run = [sys.executable, "-m", "infointerview_tui", "--config", str(cfg), "config"]
    path = subprocess.run([*run, "path"], capture_output=True, text=True, check=True)
    assert path.stdout.strip() == str(cfg)
    show = subprocess.run([*run, "show"], capture_output=True, text=True, check=True)
    assert "word_limit = 75" in show.stdout and "outreach = 5" in show.stdout
    assert "line 3: goals.outreach" in show.stderr
    assert "Traceback" not in show.stderr
