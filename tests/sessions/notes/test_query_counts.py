"""Query counts stay constant as a client's record grows: record pages and notes API."""

import re
from datetime import timedelta

import pytest

from tests.factories import AppointmentFactory, signed_note, submit_intake
from tests.pages import html, http_as

from .note_cast import SESSION_START

pytestmark = pytest.mark.django_db


@pytest.fixture
def grown(cast):
    """Make `n` signed notes for Ava, each with three points and two addenda."""

    def grow(n: int) -> None:
        submit_intake(cast["ava"])
        for week in range(n):
            appointment = cast["appointment"]
            if week:
                appointment = AppointmentFactory(
                    client=cast["ava"],
                    therapist=appointment.therapist,
                    service=cast["service"],
                    start=SESSION_START - timedelta(weeks=week),
                )
            signed_note(appointment=appointment, points=3, addenda=2)

    return grow


# A therapist's session also loads its second-factor device (one query).
QUERIES = {"client-record": 16, "my-record": 11, "api-notes": 12}


@pytest.mark.parametrize("n", [1, 5])
def test_client_record_queries_do_not_grow(cast, grown, django_assert_num_queries, n):
    grown(n)
    http = http_as(cast["people"]["other_therapist"])

    with django_assert_num_queries(QUERIES["client-record"]):
        response = http.get(f"/clients/{cast['ava'].pk}/")

    assert len(re.findall(r'<article class="card mb-3 note"', html(response))) == n


@pytest.mark.parametrize("n", [1, 5])
def test_my_record_queries_do_not_grow(cast, grown, django_assert_num_queries, n):
    grown(n)
    http = http_as(cast["ava"])

    with django_assert_num_queries(QUERIES["my-record"]):
        response = http.get("/record/")

    assert len(re.findall(r'<article class="card mb-3 note"', html(response))) == n


@pytest.mark.parametrize("n", [1, 5])
def test_api_client_notes_queries_do_not_grow(cast, grown, django_assert_num_queries, n):
    grown(n)
    http = http_as(cast["people"]["therapist"])

    with django_assert_num_queries(QUERIES["api-notes"]):
        response = http.get(f"/api/v1/clients/{cast['ava'].pk}/notes/")

    assert response.json()["count"] == n
