import pytest

from tests.factories import ServiceFactory, bookable_therapist


@pytest.fixture
def service():
    return ServiceFactory(name="Trigger point therapy", duration_minutes=60)


@pytest.fixture
def therapist(service):
    """Bookable every day, 09:00-17:00."""
    return bookable_therapist(service)
