"""Free slots through the API: the query, its answer in clinic time, and bad queries."""

from datetime import time

import pytest
from rest_framework.test import APIClient

from tests.factories import (
    AppointmentFactory,
    CredentialFactory,
    InsuredTherapistFactory,
    bookable_therapist,
)
from tests.sessions.web import AVAILABILITY_URL, frozen, utc
from therapists.credentials.models import CredentialStatus

pytestmark = pytest.mark.django_db


@frozen
def test_availability_lists_slots_sorted_by_start_with_offsets(service):
    first = bookable_therapist(service, start=time(9), end=time(10, 30))
    second = bookable_therapist(service, start=time(9), end=time(10, 30))

    response = APIClient().get(
        AVAILABILITY_URL, {"service": service.pk, "start": "2026-12-02", "days": 1}
    )

    assert response.status_code == 200
    assert response.json() == {
        "slots": [
            {
                "therapist": therapist.pk,
                "start": f"2026-12-02T{start}:00-05:00",
                "end": f"2026-12-02T{end}:00-05:00",
            }
            for start, end in [("09:00", "10:00"), ("09:15", "10:15"), ("09:30", "10:30")]
            for therapist in (first, second)
        ]
    }


@frozen
def test_availability_for_one_therapist_leaves_out_the_others(service):
    chosen = bookable_therapist(service, start=time(9), end=time(10))
    bookable_therapist(service, start=time(9), end=time(10))

    response = APIClient().get(
        AVAILABILITY_URL,
        {"service": service.pk, "start": "2026-12-02", "days": 2, "therapist": chosen.pk},
    )

    assert response.status_code == 200
    assert response.json() == {
        "slots": [
            {
                "therapist": chosen.pk,
                "start": "2026-12-02T09:00:00-05:00",
                "end": "2026-12-02T10:00:00-05:00",
            },
            {
                "therapist": chosen.pk,
                "start": "2026-12-03T09:00:00-05:00",
                "end": "2026-12-03T10:00:00-05:00",
            },
        ]
    }


@frozen
def test_availability_leaves_out_booked_time(service):
    therapist = bookable_therapist(service, start=time(9), end=time(11))
    AppointmentFactory(therapist=therapist, service=service, start=utc(2, 15))  # 10:00 local

    response = APIClient().get(
        AVAILABILITY_URL, {"service": service.pk, "start": "2026-12-02", "therapist": therapist.pk}
    )

    assert [slot["start"] for slot in response.json()["slots"]] == ["2026-12-02T09:00:00-05:00"]


@frozen
def test_availability_of_a_non_bookable_therapist_is_empty(service):
    pending = InsuredTherapistFactory(services=[service])
    CredentialFactory(therapist=pending, status=CredentialStatus.PENDING)

    response = APIClient().get(
        AVAILABILITY_URL, {"service": service.pk, "start": "2026-12-02", "therapist": pending.pk}
    )

    assert response.status_code == 200
    assert response.json() == {"slots": []}


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ({"days": 32}, {"days": ["Ensure this value is less than or equal to 31."]}),
        ({"days": 0}, {"days": ["Ensure this value is greater than or equal to 1."]}),
        ({"days": "many"}, {"days": ["A valid integer is required."]}),
        (
            {"start": "2026-13-01"},
            {"start": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."]},
        ),
        (
            {"start": ""},
            {"start": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."]},
        ),
        ({"service": 999999}, {"service": ["Unknown service."]}),
        ({"service": "thirty"}, {"service": ["Unknown service."]}),
        ({"therapist": 999999}, {"therapist": ["Unknown therapist."]}),
        ({"therapist": "maya"}, {"therapist": ["Unknown therapist."]}),
    ],
)
@frozen
def test_availability_with_bad_query_is_a_400_naming_the_field(service, query, errors):
    params = {"service": service.pk, "start": "2026-12-02", "days": 1, **query}

    response = APIClient().get(AVAILABILITY_URL, params)

    assert response.status_code == 400
    assert response.json() == errors


def test_availability_without_service_or_start_names_both():
    response = APIClient().get(AVAILABILITY_URL)

    assert response.status_code == 400
    assert response.json() == {
        "service": ["This field is required."],
        "start": ["This field is required."],
    }


@pytest.mark.parametrize("start", ["9999-12-31", "0001-01-01"])
@frozen
def test_availability_at_the_ends_of_the_calendar_is_a_400_not_a_500(service, start):
    response = APIClient().get(
        AVAILABILITY_URL, {"service": service.pk, "start": start, "days": 31}
    )

    assert response.status_code == 400
    assert response.json() == {"start": ["Choose a date within a year of today."]}
