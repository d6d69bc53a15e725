"""How long `available_slots`, and the API request that lists them, take for a busy month
of a busy clinic (see README.md)."""

from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.test import Client

from clinic.clock import clinic_zone
from sessions.availability import available_slots
from sessions.models import Appointment
from tests.factories import (
    AppointmentFactory,
    ClientFactory,
    ServiceFactory,
    TimeOffFactory,
    bookable_therapist,
)

THERAPISTS = 20
DAYS = 30
APPOINTMENTS = 2_000
AVAILABILITY_URL = "/api/v1/availability/"
# The session and its user, the service, then the slots' four (each with the therapists offering
# the service as a subquery).
API_QUERIES = 2 + 1 + 4
# A fixed month that holds a DST change (14 March 2027 in Toronto); `now` is passed in,
# so no clock needs freezing.
FIRST_DAY = date(2027, 3, 1)
NOW = datetime.combine(FIRST_DAY - timedelta(days=1), time(12), tzinfo=clinic_zone())

pytestmark = pytest.mark.django_db


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=clinic_zone())


def busy_clinic():
    """20 therapists working 08:00-20:00 daily, 100 sessions each over the month, time off."""
    service = ServiceFactory(duration_minutes=60, buffer_minutes=15)
    therapists = [
        bookable_therapist(service, start=time(8), end=time(20)) for _ in range(THERAPISTS)
    ]
    per_therapist = APPOINTMENTS // THERAPISTS
    for index, therapist in enumerate(therapists):
        client = ClientFactory()  # one client per therapist, so no client is double-booked
        for number in range(per_therapist):
            day = FIRST_DAY + timedelta(days=number % DAYS)
            hour = 8 + 3 * (number // DAYS)  # up to four sessions a day, three hours apart
            AppointmentFactory(
                client=client,
                therapist=therapist,
                service=service,
                start=local(day, hour, 15 * (index % 4)),
            )
        away = FIRST_DAY + timedelta(days=(7 * index) % DAYS)
        TimeOffFactory(therapist=therapist, start=local(away, 13), end=local(away, 17))
        if index % 5 == 0:  # a few whole days off as well
            whole = FIRST_DAY + timedelta(days=(7 * index + 3) % DAYS)
            TimeOffFactory(therapist=therapist, start=local(whole, 0), end=local(whole, 23, 59))
    return service, [therapist.pk for therapist in therapists]


def test_available_slots_for_20_therapists_over_30_days(benchmark, django_assert_num_queries):
    service, therapist_ids = busy_clinic()
    assert Appointment.objects.count() == APPOINTMENTS

    def month_of_slots():
        return available_slots(
            service=service, therapist_ids=therapist_ids, first_day=FIRST_DAY, days=DAYS, now=NOW
        )

    with django_assert_num_queries(4):
        expected = month_of_slots()
    slots = benchmark.pedantic(month_of_slots, rounds=30, iterations=1, warmup_rounds=2)

    assert slots == expected
    assert len({slot.therapist_id for slot in slots}) == THERAPISTS
    benchmark.extra_info.update(
        therapists=THERAPISTS, days=DAYS, appointments=APPOINTMENTS, slots=len(slots)
    )


@pytest.mark.parametrize("days", [DAYS, 7])
def test_availability_api_for_20_therapists(benchmark, django_assert_num_queries, days):
    """The whole request as a signed-in client makes it: URL routing, session, query
    validation, the slots, their JSON."""
    service, _ = busy_clinic()
    client = Client()
    query = {"service": service.pk, "start": FIRST_DAY.isoformat(), "days": days}

    def slots_page():
        return client.get(AVAILABILITY_URL, query, headers={"accept": "application/json"})

    # On the bench's day, so the whole window lies inside the booking horizon and the
    # session has not expired.
    with time_machine.travel(NOW, tick=False):
        client.force_login(ClientFactory())
        with django_assert_num_queries(API_QUERIES):
            expected = slots_page()
        response = benchmark.pedantic(slots_page, rounds=30, iterations=1, warmup_rounds=2)

    assert response.status_code == expected.status_code == 200
    assert response.content == expected.content
    slots = response.json()["slots"]
    assert len({slot["therapist"] for slot in slots}) == THERAPISTS
    benchmark.extra_info.update(therapists=THERAPISTS, days=days, slots=len(slots))
