"""Availability agrees with the booking check: every offered slot, and only those, books."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone

from clinic.catalogue.models import Service
from sessions.models import AppointmentStatus
from sessions.services import BookingRefused, check_slot
from tests.clock import TORONTO, at_clinic
from tests.factories import AppointmentFactory, ClientFactory, ServiceFactory, TimeOffFactory
from tests.sessions.booking import DAY, FALL_BACK, NOW, SPRING_FORWARD, slots_for, working
from therapists.models import Therapist

pytestmark = pytest.mark.django_db


def busy_clinic(service: Service, day: date) -> list[Therapist]:
    """Three therapists whose day holds every kind of blocked time."""
    long_session = ServiceFactory(name="Long session", duration_minutes=90, buffer_minutes=15)
    weekday = day.weekday()
    night_owl = working(service, (time(0), time(5)), (time(20), time(23, 30)), weekday=weekday)
    split = working(
        service, (time(9), time(12)), (time(11), time(14)), (time(15), time(18)), weekday=weekday
    )
    regular = working(service, (time(8), time(18)), weekday=weekday)
    AppointmentFactory(therapist=night_owl, service=long_session, start=at_clinic(day, 3))
    AppointmentFactory(therapist=split, service=long_session, start=at_clinic(day, 10))
    TimeOffFactory(therapist=split, start=at_clinic(day, 12, 10), end=at_clinic(day, 12, 40))
    AppointmentFactory(
        therapist=regular,
        service=service,
        start=at_clinic(day, 9),
        status=AppointmentStatus.CANCELLED,
    )
    AppointmentFactory(therapist=regular, service=service, start=at_clinic(day, 13, 15))
    TimeOffFactory(therapist=regular, start=at_clinic(day, 16), end=at_clinic(day, 23))
    return [night_owl, split, regular]


def accepted_starts(client, therapist: Therapist, service: Service, day: date) -> list[datetime]:
    """Every instant of the local day, 15 minutes apart, that check_slot accepts."""
    accepted = []
    instant = datetime.combine(day, time(0), tzinfo=TORONTO).astimezone(UTC)
    day_end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=TORONTO)
    while instant < day_end:
        try:
            check_slot(
                client=client,
                therapist=therapist,
                service=service,
                start=instant,
                now=timezone.now(),
            )
        except BookingRefused:
            pass
        else:
            accepted.append(instant)
        instant += timedelta(minutes=15)
    return accepted


@pytest.mark.parametrize(
    ("now", "day"),
    [
        pytest.param(NOW, DAY, id="ordinary-day"),
        pytest.param(datetime(2026, 3, 1, 12, tzinfo=UTC), SPRING_FORWARD, id="spring-forward"),
        pytest.param(datetime(2026, 10, 25, 12, tzinfo=UTC), FALL_BACK, id="fall-back"),
    ],
)
def test_check_slot_accepts_exactly_the_available_slots(now, day):
    with time_machine.travel(now, tick=False):
        service = ServiceFactory(duration_minutes=45, buffer_minutes=15)
        therapists = busy_clinic(service, day)
        client = ClientFactory()

        slots = slots_for(service, *therapists, day=day)

        assert slots != []
        for therapist in therapists:
            offered = [slot.start for slot in slots if slot.therapist_id == therapist.pk]
            assert accepted_starts(client, therapist, service, day) == offered


@time_machine.travel(NOW, tick=False)
def test_every_available_slot_passes_check_slot():
    service = ServiceFactory(duration_minutes=45, buffer_minutes=15)
    therapists = busy_clinic(service, DAY)
    by_id = {therapist.pk: therapist for therapist in therapists}
    client = ClientFactory()
    slots = slots_for(service, *therapists)

    ends = [
        check_slot(
            client=client,
            therapist=by_id[slot.therapist_id],
            service=service,
            start=slot.start,
            now=timezone.now(),
        )
        for slot in slots
    ]

    assert ends == [slot.end for slot in slots]
