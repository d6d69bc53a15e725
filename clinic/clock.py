"""The clinic's wall-clock time: its zone, and its local days and times as UTC instants."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import dateformat

# How people read a moment, on pages (the `date` filter's format) and in stored text.
SPOKEN = "l j F Y, H:i"


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


def spoken(instant: datetime) -> str:
    """An instant as people read it, in the clinic's zone: "Sunday 15 November 2026, 10:00"."""
    return dateformat.format(instant.astimezone(clinic_zone()), SPOKEN)
