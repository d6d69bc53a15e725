from datetime import time

import pytest

from tests.factories import ClientFactory, ServiceFactory, bookable_therapist
from therapists.models import Modality


@pytest.fixture
def service():
    return ServiceFactory(name="Trigger point therapy", duration_minutes=60, price="110.00")


@pytest.fixture
def therapist(service):
    """Bookable every day, 09:00-17:00."""
    return bookable_therapist(service)


@pytest.fixture
def maya(service):
    """Maya Lindqvist, the therapist the page tests book: every day, 09:00-12:00; her
    modalities are trigger point therapy and PNF stretching."""
    therapist = bookable_therapist(service, start=time(9), end=time(12))
    therapist.display_name = "Maya Lindqvist"
    therapist.modalities = [Modality.TRIGGER_POINT, Modality.PNF]
    therapist.save()
    return therapist


@pytest.fixture
def client_user():
    return ClientFactory(first_name="Ava", last_name="Chen")


@pytest.fixture
def signed_in(client, client_user):
    client.force_login(client_user)
    return client
