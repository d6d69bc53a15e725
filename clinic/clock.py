"""The clinic's wall-clock time: its zone, and its local days and times as UTC instants."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import dateformat

# How people read a moment, a day and a time of day: on pages (the project's format module
# makes them the `date` and `time` filters' defaults and how a plain {{ value }} renders),
# in messages, in the admin and in stored text. Always in the clinic's zone.
DATETIME_FORMAT = "D j M Y, H:i"  # Tue 8 Dec 2026, 13:00
DATE_FORMAT = "D j M Y"  # Tue 8 Dec 2026
TIME_FORMAT = "H:i"  # 13:00


def clinic_zone() -> ZoneInfo:
    return ZoneInfo(settings.CLINIC_TIME_ZONE)


def wall_to_utc(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The instant a wall-clock time falls at; its first occurrence when the clock repeats.

    A time skipped by a spring-forward change maps past the gap, which suits the ends of
    working intervals; slot starts use `existing_wall_to_utc` instead.
    """
    # fold=0 picks the first occurrence even if `at` came from an instant's second one.
    return datetime.combine(day, at.replace(fold=0), tzinfo=zone).astimezone(UTC)


def existing_wall_to_utc(day: date, at: time, zone: ZoneInfo) -> datetime | None:
    """Like `wall_to_utc`, but None for a wall-clock time that does not exist that day."""
    instant = wall_to_utc(day, at, zone)
    local = instant.astimezone(zone)
    if (local.date(), local.time()) != (day, at):
        return None
    return instant


def local_days(first: date, count: int) -> list[date]:
    return [first + timedelta(days=offset) for offset in range(count)]


def spoken(value: datetime | date | time) -> str:
    """A moment, a day or a time of day as people read it: "Sun 15 Nov 2026, 10:00".

    An aware moment is read on the clinic's wall clock; a day or a time stands as it is.
    """
    if isinstance(value, datetime):
        return dateformat.format(value.astimezone(clinic_zone()), DATETIME_FORMAT)
    if isinstance(value, date):
        return dateformat.format(value, DATE_FORMAT)
    return dateformat.time_format(value, TIME_FORMAT)


def for_csv(instant: datetime | None) -> str:
    """A moment for a spreadsheet: ISO 8601 on the clinic's wall clock, with its offset.

    "2026-12-08T13:00:00-05:00" says both the clinic's time and the instant it was.
    """
    if instant is None:
        return ""
    return instant.astimezone(clinic_zone()).isoformat(timespec="seconds")
