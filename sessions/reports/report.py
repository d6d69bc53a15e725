"""What a report is: its rows, columns, chart, default range and who may open it."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils.safestring import SafeString

from clinic.accounts.access import is_admin


@dataclass(frozen=True)
class Report:
    slug: str
    title: str
    about: str
    rows: Callable[[date, date], list]
    # (heading, row attribute); "{currency}" in a heading becomes the clinic's currency
    columns: Sequence[tuple[str, str]]
    chart: Callable[[list], SafeString]
    default_range: tuple[int, int]  # days from today to the first and last day
    admits: Callable[[object], bool] = is_admin
    # Without a range, a report is of today: its rows are asked for today alone.
    ranged: bool = True

    def default_dates(self, today: date) -> tuple[date, date]:
        return tuple(today + timedelta(days=offset) for offset in self.default_range)

    def headings(self) -> list[str]:
        currency = settings.CLINIC_CURRENCY
        return [heading.replace("{currency}", currency) for heading, _ in self.columns]

    def table(self, rows: list) -> list[list[str]]:
        return [[cell(getattr(row, attribute)) for _, attribute in self.columns] for row in rows]


def cell(value) -> str:
    """A value as the table and the CSV show it."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date | Decimal):
        return str(value)
    return str(value)
