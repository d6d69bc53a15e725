"""The clinic's booking rules."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from clinic.clock import existing_wall_to_utc


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

    def notice(self, *, by_staff: bool) -> timedelta:
        """How soon a session may start: the minimum notice online; at the desk, a walk-in
        may take the slot that began a slot ago."""
        return -timedelta(minutes=self.slot_minutes) if by_staff else self.min_notice


def is_on_grid(start: datetime, zone: ZoneInfo, slot_minutes: int) -> bool:
    """Whether an instant is the one canonical instant of a grid time on the clinic's clock."""
    local = start.astimezone(zone)
    minutes = local.hour * 60 + local.minute
    if local.second or local.microsecond or minutes % slot_minutes:
        return False
    return existing_wall_to_utc(local.date(), local.time(), zone) == start


def validate_near_date(day: date) -> None:
    """Calendar pages and availability look at most a year away (and keep dates computable)."""
    if abs((day - timezone.localdate()).days) > 366:
        raise ValidationError("Choose a date within a year of today.")
