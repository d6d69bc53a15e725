"""What no field of the clinic accepts, whatever the field: a NUL character in text, and a
date outside the years a person, a session or an invoice can have.

Registered once (clinic.web's AppConfig) as default validators of every Django and DRF date,
datetime and JSON field, and checked on every query string, form body and API body, so no
page or API view does arithmetic with the year 9999 or hands a NUL to the database.
"""

from datetime import date, datetime

from django.core.exceptions import ValidationError

EARLIEST_DATE, LATEST_DATE = date(1900, 1, 1), date(2200, 12, 31)
DATE_OUT_OF_RANGE = f"Enter a date between {EARLIEST_DATE.year} and {LATEST_DATE.year}."
NUL_REFUSED = "Text may not hold a NUL character."


def is_sane_date(value: date) -> bool:
    day = value.date() if isinstance(value, datetime) else value
    return EARLIEST_DATE <= day <= LATEST_DATE


def validate_sane_date(value: date | None) -> None:
    """A date or datetime between 1900 and 2200: nothing the clinic records is outside them,
    and any arithmetic on them stays far from Python's and the database's limits."""
    if value is not None and not is_sane_date(value):
        raise ValidationError(DATE_OUT_OF_RANGE, code="date_out_of_range")


def holds_nul(data: object) -> bool:
    """Whether a NUL character is in `data`: text, or the keys and values of parsed JSON or
    a QueryDict, however deep."""
    if isinstance(data, str):
        return "\x00" in data
    if isinstance(data, dict):
        return any(holds_nul(key) or holds_nul(value) for key, value in data.items())
    if hasattr(data, "lists"):  # a QueryDict: every value of every key
        return any(holds_nul(key) or holds_nul(values) for key, values in data.lists())
    if isinstance(data, list | tuple):
        return any(holds_nul(item) for item in data)
    return False


def validate_no_nul(value: object) -> None:
    """No NUL in text nor anywhere inside a JSON value (PostgreSQL stores none)."""
    if holds_nul(value):
        raise ValidationError(NUL_REFUSED, code="null_characters_not_allowed")
