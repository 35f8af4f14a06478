"""Where the user's database lives unless they say otherwise."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .dburl import DbTarget

ENV_DB = "INFOINTERVIEW_DB"


def default_db_target() -> DbTarget:
    """$INFOINTERVIEW_DB (a path or a postgresql URL), else the file in the data directory."""
    from .dburl import parse_target, sqlite_target

    if env := os.environ.get(ENV_DB):
        return parse_target(env)
    return sqlite_target(default_db_path())


def default_db_path() -> Path:
    """$INFOINTERVIEW_DB, else infointerview.db in the user's data directory."""
    if env := os.environ.get(ENV_DB):
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path("infointerview", appauthor=False) / "infointerview.db"


def settings_path() -> Path:
    """Where the app keeps its preferences (the theme) — not the data, which is in the DB."""
    from platformdirs import user_config_path

    return user_config_path("infointerview", appauthor=False) / "settings.json"


def board_sql_path() -> Path:
    """Where the board's compiled SQL is kept between runs (core/quick_board.py)."""
    from platformdirs import user_cache_path

    return user_cache_path("infointerview", appauthor=False) / "board-sql.json"


def read_settings(path: Path) -> dict[str, object]:
    """The saved preferences, or {} when there are none or the file is unreadable."""
    import json

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_settings(path: Path, settings: dict[str, object]) -> None:
    """Save preferences; failing to (read-only home) is not worth an error."""
    import json

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(settings, indent=2) + "\n", encoding="utf-8")
    except OSError:
        pass
