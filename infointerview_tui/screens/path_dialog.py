"""Ask for a file path (import or export from the command palette)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..core.validation import ValidationError
from .form import Field, FormScreen


class PathDialog(FormScreen[Path]):
    HINT = "enter runs · escape cancels"

    def __init__(self, heading: str, default: str = "", must_exist: bool = False) -> None:
        super().__init__(heading, [Field("path", "File", "a file path", value=default)])
        self.must_exist = must_exist

    def validate(self, values: dict[str, Any]) -> Path:
        text = str(values["path"]).strip()
        if not text:
            raise ValidationError({"path": "Enter a path."})
        path = Path(text).expanduser()
        if self.must_exist and not path.exists():
            raise ValidationError({"path": f"{path} does not exist."})
        return path
