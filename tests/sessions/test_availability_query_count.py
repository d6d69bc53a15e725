"""Availability costs the same few queries for one therapist's day as for five's fortnight."""

from datetime import date, timedelta

import pytest
import time_machine
from rest_framework.test import APIClient

from clinic.catalogue.models import Service
from sessions.availability import available_slots
from tests.clock import TORONTO, at_clinic
from tests.factories import (
    AppointmentFactory,
    CredentialFactory,
    ServiceFactory,
    TimeOffFactory,
    bookable_therapist,
)
from tests.sessions.booking import DAY, NOW
from tests.sessions.web import AVAILABILITY_URL

pytestmark = pytest.mark.django_db


def one_therapist_one_day(service: Service) -> tuple[list[int], int]:
    return [bookable_therapist(service).pk], 1


def five_busy_therapists_two_weeks(service: Service) -> tuple[list[int], int]:
    therapists = [bookable_therapist(service) for _ in range(5)]
    for index, therapist in enumerate(therapists):
        CredentialFactory(
            therapist=therapist, issued_on=date(2010, 1, 1), expires_on=date(2020, 1, 1)
        )
        for offset in range(0, 14, 2):
            day = DAY + timedelta(days=offset)
            AppointmentFactory(therapist=therapist, service=service, start=at_clinic(day, 10))
        TimeOffFactory(
            therapist=therapist,
            start=at_clinic(DAY + timedelta(days=index + 1), 13),
            end=at_clinic(DAY + timedelta(days=index + 1), 15),
        )
    return [therapist.pk for therapist in therapists], 14


@pytest.mark.parametrize("arrange", [one_therapist_one_day, five_busy_therapists_two_weeks])
@time_machine.travel(NOW, tick=False)
def test_available_slots_query_count_constant(arrange, django_assert_num_queries):
    service = ServiceFactory(duration_minutes=60)
    therapist_ids, days = arrange(service)

    with django_assert_num_queries(4):
        slots = available_slots(
            service=service, therapist_ids=therapist_ids, first_day=DAY, days=days, now=NOW
        )

    assert {slot.therapist_id for slot in slots} == set(therapist_ids)
    assert len({slot.start.astimezone(TORONTO).date() for slot in slots}) == days


@pytest.mark.parametrize("arrange", [one_therapist_one_day, five_busy_therapists_two_weeks])
@time_machine.travel(NOW, tick=False)
def test_the_availability_api_keeps_its_queries(arrange, django_assert_num_queries):
    service = ServiceFactory(duration_minutes=60)
    therapist_ids, days = arrange(service)
    query = {"service": service.pk, "start": DAY.isoformat(), "days": days}

    # The service, then the four, each asking for the therapists offering it as a subquery.
    with django_assert_num_queries(1 + 4):
        response = APIClient().get(AVAILABILITY_URL, query)

    slots = response.json()["slots"]
    assert response.status_code == 200
    assert {slot["therapist"] for slot in slots} == set(therapist_ids)
