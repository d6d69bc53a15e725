"""Clinic wall-clock times for arranging tests."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine

TORONTO = ZoneInfo("America/Toronto")


def at_clinic(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    """The UTC instant of a wall-clock time at the clinic (its first one if the clock repeats)."""
    return datetime.combine(day, time(hour, minute, second), tzinfo=TORONTO).astimezone(UTC)


def frozen_at(moment: datetime):
    """A module's autouse fixture `frozen`: each test runs with the clock stopped at `moment`;
    a test or fixture that asks for `frozen` gets the traveller, to move the clock on."""

    @pytest.fixture(autouse=True)
    def frozen():
        with time_machine.travel(moment, tick=False) as traveller:
            yield traveller

    return frozen
