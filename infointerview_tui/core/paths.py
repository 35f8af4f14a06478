"""Where the user's database lives unless they say otherwise."""

from __future__ import annotations

import os
from pathlib import Path

ENV_DB = "INFOINTERVIEW_DB"


def default_db_path() -> Path:
    """$INFOINTERVIEW_DB, else infointerview.db in the user's data directory."""
    if env := os.environ.get(ENV_DB):
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path("infointerview", appauthor=False) / "infointerview.db"
