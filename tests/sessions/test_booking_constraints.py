"""PostgreSQL's exclusion constraints refuse overlapping live appointments by themselves."""

import pytest
import time_machine
from django.db import IntegrityError, transaction

from sessions.models import Appointment, AppointmentStatus
from tests.clock import at_clinic
from tests.factories import AppointmentFactory, ClientFactory, ServiceFactory, TherapistFactory
from tests.sessions.booking import DAY, NOW

pytestmark = pytest.mark.django_db


def constraint_refusing(**appointment) -> str:
    """The name of the constraint that refuses writing this appointment."""
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        AppointmentFactory(**appointment)
    return caught.value.__cause__.diag.constraint_name


@pytest.mark.postgres
@time_machine.travel(NOW, tick=False)
def test_database_refuses_overlapping_live_appointments_of_a_therapist():
    service = ServiceFactory(duration_minutes=60, buffer_minutes=15)
    therapist = TherapistFactory()
    AppointmentFactory(therapist=therapist, service=service, start=at_clinic(DAY, 10))

    name = constraint_refusing(therapist=therapist, service=service, start=at_clinic(DAY, 11))

    assert name == "appointment_therapist_no_overlap"


@pytest.mark.postgres
@time_machine.travel(NOW, tick=False)
def test_database_refuses_overlapping_live_appointments_of_a_client():
    service = ServiceFactory(duration_minutes=60)
    client = ClientFactory()
    AppointmentFactory(client=client, service=service, start=at_clinic(DAY, 10))

    name = constraint_refusing(client=client, service=service, start=at_clinic(DAY, 10, 30))

    assert name == "appointment_client_no_overlap"


@pytest.mark.postgres
@time_machine.travel(NOW, tick=False)
def test_database_accepts_an_appointment_over_a_cancelled_one():
    service = ServiceFactory(duration_minutes=60)
    therapist = TherapistFactory()
    client = ClientFactory()
    AppointmentFactory(
        client=client,
        therapist=therapist,
        service=service,
        start=at_clinic(DAY, 10),
        status=AppointmentStatus.CANCELLED,
    )

    AppointmentFactory(
        client=client, therapist=therapist, service=service, start=at_clinic(DAY, 10)
    )

    assert Appointment.objects.filter(therapist=therapist).count() == 2
