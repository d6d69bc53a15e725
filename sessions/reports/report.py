"""What a report is: its rows, columns, chart, default range and who may open it."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils.safestring import SafeString

from clinic.accounts.access import is_admin
from clinic.clock import for_csv, spoken


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

    def table(self, rows: list, *, text: Callable[[object], str] | None = None) -> list[list[str]]:
        """The rows as text: as people read it, or with `text=csv_cell` for a spreadsheet."""
        text = text or cell
        return [[text(getattr(row, attribute)) for _, attribute in self.columns] for row in rows]


def cell(value) -> str:
    """A value as the page's table shows it: dates and times as people read them."""
    if value is None:
        return ""
    if isinstance(value, date | time):
        return spoken(value)
    return str(value)


def csv_cell(value) -> str:
    """A value as the CSV gives it: moments in the clinic's zone with their offset, days
    in ISO 8601."""
    if isinstance(value, datetime):
        return for_csv(value)
    if isinstance(value, date | time):
        return value.isoformat()
    return cell(value)
