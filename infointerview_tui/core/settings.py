"""The user's settings file, `config.toml`: profile, weekly goals, the method's numbers.

Where it lives: `--config PATH`, else `$INFOINTERVIEW_CONFIG`, else `config.toml` in the
user config directory (platformdirs). A missing file means defaults. A bad file never
stops the app: each problem names the key and its line, and that key keeps its default.

    holidays = "US"              # business days skip weekends and these holidays
    stay_in_touch_months = 3
    word_limit = 100             # outreach word limit: 75, 100 or 150

    [profile]
    name = "Sam Lee"
    background = "a data-analysis student at Seneca"
    signature = "Sam"

    [goals]
    outreach = 5                 # messages sent per week
    interviews = 2               # interviews held per week

    [sync]                       # CalDAV/CardDAV; the password is never stored here
    url = "https://dav.example.com/"
    username = "sam"
    ca_file = ""                 # a CA bundle for a self-signed server
    carddav_url = ""             # only if contacts live on another host (Fastmail)

    [keys]                       # rebind any key by its binding id
    "interview.next_question" = "alt+down"
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

ENV_CONFIG = "INFOINTERVIEW_CONFIG"
WORD_LIMITS = (75, 100, 150)


@dataclass(frozen=True)
class Profile:
    """Who is writing: used by every message template."""

    name: str = ""
    background: str = ""
    signature: str = ""


@dataclass(frozen=True)
class Goals:
    """Weekly targets shown on the agenda and the insights screen."""

    outreach: int = 5
    interviews: int = 2


@dataclass(frozen=True)
class SyncSettings:
    """The CalDAV/CardDAV account; the password comes from the keyring or the env."""

    url: str = ""
    username: str = ""
    ca_file: str = ""
    carddav_url: str = ""  # only when address books live on another host (Fastmail)


@dataclass(frozen=True)
class Settings:
    """Everything config.toml can set, with the defaults a new user gets."""

    holidays: str = ""
    stay_in_touch_months: int = 3
    word_limit: int = 100
    profile: Profile = field(default_factory=Profile)
    goals: Goals = field(default_factory=Goals)
    sync: SyncSettings = field(default_factory=SyncSettings)
    keys: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class LoadedSettings:
    """Settings plus where they came from and what was wrong with the file."""

    settings: Settings
    path: Path
    problems: tuple[str, ...] = ()


def config_path(explicit: str | Path | None = None) -> Path:
    """The config file in use: `--config`, else $INFOINTERVIEW_CONFIG, else the default."""
    if explicit:
        return Path(explicit).expanduser()
    if env := os.environ.get(ENV_CONFIG):
        return Path(env).expanduser()
    from platformdirs import user_config_path

    return user_config_path("infointerview", appauthor=False) / "config.toml"


def load_settings(path: Path) -> LoadedSettings:
    """Read `path`; a missing file gives defaults, a bad one defaults plus problems."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return LoadedSettings(Settings(), path)
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        return LoadedSettings(Settings(), path, (f"{path}: cannot read ({reason}); defaults used",))
    return parse_settings(text, path)


def parse_settings(text: str, path: Path) -> LoadedSettings:
    """Settings from the TOML `text` of `path` (used for messages)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return LoadedSettings(Settings(), path, (f"{path}: {exc}; defaults used",))
    problems: list[str] = []
    locate = _Locator(text)

    def problem(section: str, key: str, message: str) -> None:
        line = locate(section, key)
        where = f"line {line}: " if line else ""
        dotted = f"{section}.{key}" if section else key
        problems.append(f"{path}: {where}{dotted} {message}; the default is used")

    top = _Section(data, "", problem)
    settings = Settings(
        holidays=top.holidays("holidays"),
        stay_in_touch_months=top.integer("stay_in_touch_months", 3, low=1, high=24),
        word_limit=top.choice("word_limit", 100, WORD_LIMITS),
        profile=_dataclass_of(Profile, "profile", top.table("profile"), problem),
        goals=_dataclass_of(Goals, "goals", top.table("goals"), problem),
        sync=_dataclass_of(SyncSettings, "sync", top.table("sync"), problem),
        keys=top.keys("keys"),
    )
    top.unknown({f.name for f in fields(Settings)})
    for key in ("url", "carddav_url"):
        value = getattr(settings.sync, key)
        if value and not value.startswith(("https://", "http://")):
            problem("sync", key, "must start with https:// (or http:// for a local server)")
            settings = replace(settings, sync=replace(settings.sync, **{key: ""}))
    return LoadedSettings(settings, path, tuple(problems))


class _Section:
    """Typed reads from one TOML table, reporting what does not fit."""

    def __init__(self, data: dict[str, Any], name: str, problem: Any) -> None:
        self.data = data
        self.name = name
        self.problem = problem

    def _get(self, key: str) -> Any:
        return self.data.get(key)

    def integer(self, key: str, default: int, *, low: int = 0, high: int = 1000) -> int:
        value = self._get(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.problem(self.name, key, f"must be a whole number from {low} to {high}")
            return default
        return value

    def choice(self, key: str, default: int, allowed: tuple[int, ...]) -> int:
        value = self._get(key)
        if value is None:
            return default
        if value not in allowed or isinstance(value, bool):
            self.problem(self.name, key, f"must be one of {', '.join(map(str, allowed))}")
            return default
        return int(value)

    def text(self, key: str, default: str = "") -> str:
        value = self._get(key)
        if value is None:
            return default
        if not isinstance(value, str):
            self.problem(self.name, key, "must be text in quotes")
            return default
        from .text import clean_text

        return clean_text(value)

    def holidays(self, key: str) -> str:
        value = self.text(key)
        if not value:
            return ""
        from .businessdays import HolidayError, holiday_calendar

        try:
            holiday_calendar(value)
        except HolidayError as exc:
            self.problem(self.name, key, str(exc))
            return ""
        return value

    def table(self, key: str) -> dict[str, Any]:
        value = self._get(key)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.problem(self.name, key, "must be a [table]")
            return {}
        return value

    def keys(self, key: str) -> dict[str, str]:
        table = self.table(key)
        keys: dict[str, str] = {}
        for binding_id, value in table.items():
            if isinstance(value, str) and value.strip():
                keys[binding_id] = value.strip()
            else:
                self.problem(key, binding_id, 'must be a key name in quotes, e.g. "alt+down"')
        return keys

    def unknown(self, known: set[str]) -> None:
        for key in self.data:
            if key not in known:
                self.problem(self.name, key, "is not a setting (misspelt?)")


def _dataclass_of(kind: Any, section: str, data: dict[str, Any], problem: Any) -> Any:
    """Build a settings dataclass from the table `section`, type-checking each field."""
    reader = _Section(data, section, problem)
    values: dict[str, Any] = {}
    for f in fields(kind):
        default = f.default
        if isinstance(default, int):
            values[f.name] = reader.integer(f.name, default, low=0, high=100)
        else:
            values[f.name] = reader.text(f.name, str(default))
    reader.unknown({f.name for f in fields(kind)})
    return kind(**values)


class _Locator:
    """Finds the line a key is on, for messages ("line 4: word_limit ...")."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def __call__(self, section: str, key: str) -> int | None:
        current = ""
        pattern = re.compile(r'^\s*(?:"' + re.escape(key) + r'"|' + re.escape(key) + r")\s*=")
        for number, line in enumerate(self.lines, start=1):
            header = re.match(r"^\s*\[([^\]]+)\]", line)
            if header:
                current = header.group(1).strip()
                continue
            if current == section and pattern.match(line):
                return number
        return None


def render_settings(settings: Settings) -> str:
    """The effective settings as TOML (`infointerview config show`)."""
    out = [
        f"holidays = {_toml(settings.holidays)}",
        f"stay_in_touch_months = {settings.stay_in_touch_months}",
        f"word_limit = {settings.word_limit}",
    ]
    for name in ("profile", "goals", "sync"):
        out.append(f"\n[{name}]")
        section = getattr(settings, name)
        for f in fields(section):
            out.append(f"{f.name} = {_toml(getattr(section, f.name))}")
    out.append("\n[keys]")
    for binding_id, key in sorted(settings.keys.items()):
        out.append(f"{_toml(binding_id)} = {_toml(key)}")
    return "\n".join(out) + "\n"


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    import json

    # A JSON string is a valid TOML basic string (same escapes, \uXXXX included).
    return json.dumps(str(value), ensure_ascii=False)
