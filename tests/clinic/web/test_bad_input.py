"""Input no field can hold (a NUL character, a date in the year 9999) is refused with a 400
and a reason, on pages and in the API alike, before any code does arithmetic with it or
hands it to the database."""

import pytest

from tests.api import api_as
from tests.factories import AdminFactory, DeskFactory
from tests.hostile import clinic_history
from tests.pages import http_as

pytestmark = pytest.mark.django_db

NUL = "Neck\x00 better."
# Naive, in the clinic's zone west of UTC: past the end of the calendar once in UTC.
YEAR_9999 = "9999-12-31T23:59:59"


@pytest.fixture
def cast() -> dict:
    """Ava, her therapist Maya with a signed note of a past session, a booked one, an admin."""
    return {**clinic_history(osteoporosis=True), "admin": AdminFactory()}


def test_booking_in_the_year_9999_is_refused(cast):
    body = {"therapist": cast["maya"].pk, "service": cast["service"].pk, "start": YEAR_9999}

    response = api_as(cast["ava"]).post("/api/v1/appointments/", body, format="json")

    assert response.status_code == 400
    assert response.json() == {"start": ["Enter a date between 1900 and 2200."]}


def test_moving_a_session_to_the_year_9999_is_refused(cast):
    path = f"/api/v1/appointments/{cast['booked'].pk}/reschedule/"

    response = api_as(cast["ava"]).post(path, {"start": YEAR_9999}, format="json")

    assert response.status_code == 400
    assert response.json() == {"start": ["Enter a date between 1900 and 2200."]}


def test_an_addendum_with_a_nul_is_refused_by_the_api(cast):
    path = f"/api/v1/appointments/{cast['past'].pk}/note/addenda/"

    response = api_as(cast["maya"].user).post(path, {"text": NUL}, format="json")

    assert response.status_code == 400
    assert response.json() == {"detail": "Text may not hold a NUL character."}


def test_an_addendum_with_a_nul_is_refused_by_the_page(cast):
    path = f"/appointments/{cast['past'].pk}/note/addenda/"

    response = http_as(cast["maya"].user).post(path, {"text": NUL})

    assert response.status_code == 400
    assert "Text may not hold a NUL character." in response.content.decode()


def test_a_clearance_note_with_a_nul_is_refused(cast):
    path = f"/clients/{cast['ava'].pk}/intake/clearance/"

    response = http_as(cast["maya"].user).post(path, {"note": NUL})

    assert response.status_code == 400
    assert "Text may not hold a NUL character." in response.content.decode()


def test_the_audit_search_to_the_year_9999_is_refused(cast):
    response = http_as(cast["admin"]).get("/audit/?end=9999-12-31")

    assert response.status_code == 400
    assert "Enter a date between 1900 and 2200." in response.content.decode()


def test_a_next_that_is_no_path_sends_to_the_start():
    response = http_as(DeskFactory()).get("/accounts/two-factor/verify/", {"next": "9999-12-31"})

    assert (response.status_code, response["Location"]) == (302, "/")
