"""The therapist of the waitlist tests, and their day fully booked."""

from datetime import time

import pytest

from sessions.services import appointment_book
from tests.factories import ClientFactory, bookable_therapist

from .waiting import ELEVEN, TEN


@pytest.fixture
def therapist(service):
    """Works 10:00-12:00 every day: two one-hour slots a day."""
    return bookable_therapist(service, start=time(10), end=time(12))


@pytest.fixture
def full_day(therapist, service):
    """DAY fully booked: 10:00 and 11:00."""
    return [
        appointment_book(client=ClientFactory(), therapist=therapist, service=service, start=at)
        for at in (TEN, ELEVEN)
    ]
