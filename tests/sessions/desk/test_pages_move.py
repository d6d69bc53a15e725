"""Moving an appointment from the calendar: the drop's page shows the change, POST makes it."""

from datetime import time

import pytest
from pytest_django.asserts import assertContains

from sessions.models import AppointmentStatus
from tests.clock import frozen_at
from tests.factories import AppointmentFactory, DeskFactory
from tests.pages import answer_of
from tests.sessions.desk.calendar import therapist_named
from tests.sessions.web import NOW, utc

pytestmark = pytest.mark.django_db

frozen = frozen_at(NOW)
BACK = "/desk/?date=2026-12-02"


@pytest.fixture
def desk(client):
    client.force_login(DeskFactory())
    return client


@pytest.fixture
def booked(maya, service):
    return AppointmentFactory(therapist=maya, service=service, start=utc(2, 14))  # Wed 09:00


@pytest.fixture
def bo(service):
    return therapist_named("Bo Birch", service, start=time(9), end=time(17))


def test_the_drop_shows_the_old_and_the_new_time_and_therapist(desk, booked, bo):
    response = desk.get(
        f"/desk/appointments/{booked.pk}/move/",
        {"therapist": bo.pk, "start": "2026-12-02T15:30:00+00:00", "next": BACK},
    )

    assert response.status_code == 200
    assertContains(response, 'id="move-from">Wed 2 Dec 2026, 09:00 with Maya Lindqvist</dd>')
    assertContains(response, 'id="move-to">Wed 2 Dec 2026, 10:30 with Bo Birch</dd>')
    assertContains(response, f'<option value="{bo.pk}" selected>Bo Birch</option>', count=1)
    assertContains(response, '<option value="10:30" selected>10:30</option>', count=1)
    assertContains(response, f'<input type="hidden" name="next" value="{BACK}">', count=1)


def test_a_bad_drop_is_a_400_with_the_reason_and_the_current_time_in_the_form(desk, booked):
    response = desk.get(
        f"/desk/appointments/{booked.pk}/move/", {"therapist": "x", "start": "soon"}
    )

    assert response.status_code == 400
    assertContains(response, "<div>Unknown therapist.</div>", status_code=400)
    assertContains(response, "<div>Enter a valid date/time.</div>", status_code=400)
    assertContains(response, '<option value="09:00" selected>09:00</option>', status_code=400)


def test_confirming_moves_it_to_the_other_therapist(desk, booked, bo):
    response = desk.post(
        f"/desk/appointments/{booked.pk}/move/",
        {"therapist": bo.pk, "date": "2026-12-02", "time": "10:30", "next": BACK},
    )

    assert answer_of(response) == (302, BACK)
    booked.refresh_from_db()
    assert (booked.therapist, booked.start, booked.end) == (bo, utc(2, 15, 30), utc(2, 16, 30))


def test_a_taken_time_is_a_409_with_the_form_kept(desk, booked, bo, service):
    AppointmentFactory(therapist=bo, service=service, start=utc(2, 15))

    response = desk.post(
        f"/desk/appointments/{booked.pk}/move/",
        {"therapist": bo.pk, "date": "2026-12-02", "time": "10:30"},
    )

    assert response.status_code == 409
    assertContains(
        response, "That time has just been taken. Please choose another slot.", status_code=409
    )
    assertContains(response, '<option value="10:30" selected>10:30</option>', status_code=409)
    booked.refresh_from_db()
    assert (booked.therapist_id, booked.start) == (booked.therapist.pk, utc(2, 14))


def test_a_time_outside_the_hours_is_refused_with_the_reason(desk, booked):
    response = desk.post(
        f"/desk/appointments/{booked.pk}/move/",
        {"therapist": booked.therapist_id, "date": "2026-12-02", "time": "18:00"},
    )

    assert response.status_code == 400
    assertContains(
        response, "That time is outside the therapist&#x27;s working hours.", status_code=400
    )


def test_a_finished_session_is_not_moved(desk, maya, service):
    done = AppointmentFactory(
        therapist=maya, service=service, start=utc(1, 14), status=AppointmentStatus.COMPLETED
    )

    response = desk.post(
        f"/desk/appointments/{done.pk}/move/",
        {"therapist": maya.pk, "date": "2026-12-02", "time": "10:00"},
    )

    assert response.status_code == 400
    assertContains(response, "This appointment is completed.", status_code=400)
    done.refresh_from_db()
    assert done.start == utc(1, 14)


def test_a_time_the_clock_skips_is_refused(desk, booked):
    response = desk.post(
        f"/desk/appointments/{booked.pk}/move/",
        {"therapist": booked.therapist_id, "date": "2027-03-14", "time": "02:30"},
    )

    assert response.status_code == 400
    assertContains(response, "The clock skips that time on that day", status_code=400)
