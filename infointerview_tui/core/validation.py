"""Field validation with messages fit to show the user next to the field."""

from __future__ import annotations

import re
from typing import Any

from .text import clean_line, clean_text

ONET_RE = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


class ValidationError(ValueError):
    """One or more fields are wrong; `errors` maps field name -> message."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


def onet_code(value: str) -> str | None:
    """An O*NET-SOC code like 15-1252.00, or None when empty."""
    value = value.strip()
    if not value:
        return None
    if not ONET_RE.match(value):
        raise ValueError("O*NET-SOC codes look like 15-1252.00 (NN-NNNN.NN)")
    return value


def onet_url(code: str) -> str:
    """The O*NET OnLine summary page of a code."""
    return f"https://www.onetonline.org/link/summary/{code}"


def email(value: str) -> str:
    value = value.strip()
    if value and not EMAIL_RE.match(value):
        raise ValueError("an email address looks like name@example.org")
    return value


# "javascript:", "data:", "file:" …: a scheme other than http(s). A port ("host:8080")
# is not a scheme.
OTHER_SCHEME_RE = re.compile(r"^[a-z][a-z0-9+.-]*:(?!\d)", re.IGNORECASE)


def url(value: str) -> str:
    """An http(s) address; "example.org" gains https://; any other scheme is refused."""
    value = value.strip()
    if value and not URL_RE.match(value) and OTHER_SCHEME_RE.match(value):
        raise ValueError("a web address looks like https://example.org")
    if value and not URL_RE.match(value):
        if "." in value and " " not in value and "://" not in value:
            return "https://" + value
        raise ValueError("a web address looks like https://example.org")
    return value


def required(value: str) -> str:
    value = clean_line(value)
    if not value:
        raise ValueError("required")
    return value


def positive_int(value: Any, *, low: int = 1, high: int = 10_000) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ValueError(f"a whole number from {low} to {high}") from None
    if not low <= number <= high:
        raise ValueError(f"a whole number from {low} to {high}")
    return number


def tags(value: str) -> str:
    """Comma-separated tags, trimmed and de-duplicated, order kept."""
    seen: list[str] = []
    for tag in clean_line(value).split(","):
        tag = tag.strip()
        if tag and tag.lower() not in (t.lower() for t in seen):
            seen.append(tag)
    return ", ".join(seen)


CONTACT_FIELDS: dict[str, Any] = {
    "name": required,
    "title": clean_line,
    "email": email,
    "phone": clean_line,
    "linkedin_url": url,
    "how_found": clean_line,
    "relationship": clean_line,
    "tags": tags,
    "notes": clean_text,
    "stay_in_touch_months": lambda v: positive_int(v, high=60),
}


def check(values: dict[str, Any], rules: dict[str, Any]) -> dict[str, Any]:
    """Apply each field's rule; collect every error before raising, so all show at once."""
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for key, value in values.items():
        rule = rules.get(key)
        if rule is None:
            cleaned[key] = value
            continue
        try:
            cleaned[key] = rule(value)
        except ValueError as exc:
            errors[key] = str(exc)
    if errors:
        raise ValidationError(errors)
    return cleaned
