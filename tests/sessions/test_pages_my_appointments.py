"""My appointments: a client's upcoming sessions apart from past and cancelled ones."""

from datetime import UTC, datetime

import pytest
from pytest_django.asserts import assertContains

from sessions.models import AppointmentStatus
from tests.clock import frozen_at
from tests.factories import AppointmentFactory, bookable_therapist
from tests.sessions.web import NOW, rows, utc

pytestmark = pytest.mark.django_db

frozen = frozen_at(NOW)


def test_my_appointments_splits_upcoming_from_past_and_cancelled(signed_in, client_user, service):
    therapist = bookable_therapist(service)
    later = AppointmentFactory(
        client=client_user, therapist=therapist, service=service, start=utc(9, 15)
    )
    sooner = AppointmentFactory(
        client=client_user, therapist=therapist, service=service, start=utc(3, 15)
    )
    cancelled = AppointmentFactory(
        client=client_user,
        therapist=therapist,
        service=service,
        start=utc(4, 15),
        status=AppointmentStatus.CANCELLED,
        late_cancellation=True,
    )
    done = AppointmentFactory(
        client=client_user,
        therapist=therapist,
        service=service,
        start=datetime(2026, 11, 20, 15, tzinfo=UTC),
        status=AppointmentStatus.COMPLETED,
    )
    AppointmentFactory(therapist=therapist, service=service, start=utc(5, 15))  # someone else's

    response = signed_in.get("/appointments/")

    assert response.status_code == 200
    assert rows(response, "upcoming") == [sooner.pk, later.pk]
    assert rows(response, "past") == [cancelled.pk, done.pk]
    assertContains(response, "Cancelled, late</span>", count=1)


def test_my_appointments_when_empty_offers_to_book(signed_in):
    response = signed_in.get("/appointments/")

    assertContains(response, "Nothing booked.", count=1)
    assertContains(response, "None yet.", count=1)
