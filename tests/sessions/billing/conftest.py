from datetime import UTC, datetime

import pytest

from sessions.models import AppointmentStatus
from tests.clock import at_clinic, frozen_at
from tests.factories import (
    AppointmentFactory,
    ClientFactory,
    DeskFactory,
    ServiceFactory,
    bookable_therapist,
)

NOW = datetime(2026, 12, 1, 17, tzinfo=UTC)  # Tuesday 12:00 in Toronto
TODAY = NOW.date()

frozen = frozen_at(NOW)


@pytest.fixture
def desk():
    return DeskFactory()


@pytest.fixture
def service():
    return ServiceFactory(
        name="Trigger point therapy", duration_minutes=60, price="110.00", tax_rate="13.00"
    )


@pytest.fixture
def therapist(service):
    return bookable_therapist(service)


@pytest.fixture
def ava():
    return ClientFactory(first_name="Ava", last_name="Chen")


@pytest.fixture
def arrived(ava, therapist, service):
    """Ava's 11:00 session today; she is in the clinic."""
    return AppointmentFactory(
        client=ava,
        therapist=therapist,
        service=service,
        start=at_clinic(TODAY, 11),
        status=AppointmentStatus.ARRIVED,
    )
