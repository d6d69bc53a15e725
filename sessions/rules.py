"""The clinic's booking rules and wall-clock time helpers."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone


@dataclass(frozen=True)
class BookingRules:
    min_notice: timedelta
    horizon: timedelta
    slot_minutes: int
    free_cancellation: timedelta

    @classmethod
    def current(cls) -> "BookingRules":
        return cls(
            min_notice=settings.BOOKING_MIN_NOTICE,
            horizon=settings.BOOKING_HORIZON,
            slot_minutes=settings.BOOKING_SLOT_MINUTES,
            free_cancellation=settings.BOOKING_FREE_CANCELLATION,
        )


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


def is_on_grid(start: datetime, zone: ZoneInfo, slot_minutes: int) -> bool:
    """Whether an instant is the one canonical instant of a grid time on the clinic's clock."""
    local = start.astimezone(zone)
    minutes = local.hour * 60 + local.minute
    if local.second or local.microsecond or minutes % slot_minutes:
        return False
    return existing_wall_to_utc(local.date(), local.time(), zone) == start


def local_days(first: date, count: int) -> list[date]:
    return [first + timedelta(days=offset) for offset in range(count)]


def validate_near_date(day: date) -> None:
    """Calendar pages and availability look at most a year away (and keep dates computable)."""
    if abs((day - timezone.localdate()).days) > 366:
        raise ValidationError("Choose a date within a year of today.")
