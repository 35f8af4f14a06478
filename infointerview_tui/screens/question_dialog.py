"""Add or edit a question: category, text, AIR tag, favourite."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..core.stages import AIR_TAGS, CATEGORIES
from ..core.validation import ValidationError
from .form import Field, FormScreen


@dataclass(frozen=True)
class QuestionValues:
    category: int
    text: str
    air: str = ""
    favourite: bool = False


class QuestionDialog(FormScreen[QuestionValues]):
    """Closes with what `save` (the caller's intent, given the QuestionValues) returns,
    or the values themselves without one; None when cancelled."""

    HINT = "enter saves · escape cancels"

    def __init__(
        self,
        heading: str,
        *,
        category: int = 1,
        text: str = "",
        air: str = "",
        favourite: bool = False,
        ask_air: bool = True,
        save: Callable[[QuestionValues], Any] | None = None,
    ) -> None:
        fields = [
            Field(
                "category",
                "Category",
                kind="select",
                value=category,
                options=[(f"{n}. {t}", n) for n, t, _ in CATEGORIES],
            ),
            Field("text", "Question", "What would you like to ask?", value=text),
        ]
        if ask_air:
            fields += [
                Field(
                    "air",
                    "AIR tag",
                    kind="select",
                    value=air,
                    options=[("none", "")] + [(v, k) for k, v in AIR_TAGS.items()],
                ),
                Field("favourite", "", "Favourite (planned by default)", "tick", value=favourite),
            ]
        super().__init__(heading, fields, save)

    def focus_first(self) -> None:
        self.query_one("#f-text").focus()

    def validate(self, values: dict[str, Any]) -> QuestionValues:
        text = str(values["text"]).strip()
        if not text:
            raise ValidationError({"text": "A question needs some text."})
        air = str(values.get("air", ""))
        return QuestionValues(
            int(values["category"]), text, air, bool(values.get("favourite", False))
        )
