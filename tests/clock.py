"""Clinic wall-clock times for arranging tests."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

TORONTO = ZoneInfo("America/Toronto")


def at_clinic(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    """The UTC instant of a wall-clock time at the clinic (its first one if the clock repeats)."""
    return datetime.combine(day, time(hour, minute, second), tzinfo=TORONTO).astimezone(UTC)
