"""What the desk does from an appointment's popover: arrived, completed, no-show."""

import pytest
from django.contrib.messages import get_messages

from sessions.models import AppointmentStatus
from tests.clock import frozen_at
from tests.factories import AppointmentFactory, ClientFactory, DeskFactory
from tests.pages import answer_of
from tests.sessions.web import NOW, utc

pytestmark = pytest.mark.django_db

frozen = frozen_at(NOW)
BACK = "/desk/?date=2026-12-01"


@pytest.fixture
def desk(client):
    client.force_login(DeskFactory())
    return client


def said(response) -> list[tuple[str, str]]:
    return [(message.level_tag, message.message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def todays(maya, service):
    ava = ClientFactory(first_name="Ava", last_name="Chen")
    return AppointmentFactory(client=ava, therapist=maya, service=service, start=utc(1, 16))


def test_arrived_checks_the_client_in_and_returns_to_the_calendar(desk, todays):
    response = desk.post(f"/desk/appointments/{todays.pk}/arrived/", {"next": BACK})

    assert answer_of(response) == (302, BACK)
    assert said(response) == [("success", "Ava Chen has arrived.")]
    todays.refresh_from_db()
    assert todays.status == AppointmentStatus.ARRIVED


def test_arrived_on_another_day_is_refused_with_the_reason(desk, maya, service):
    tomorrow = AppointmentFactory(therapist=maya, service=service, start=utc(2, 16))

    response = desk.post(f"/desk/appointments/{tomorrow.pk}/arrived/", {"next": BACK})

    assert answer_of(response) == (302, BACK)
    assert said(response) == [("error", "A client is checked in on the day of their session.")]
    tomorrow.refresh_from_db()
    assert tomorrow.status == AppointmentStatus.BOOKED


@pytest.mark.parametrize("status", ["completed", "no_show"])
def test_the_outcome_of_a_started_session_is_recorded(desk, maya, service, status):
    started = AppointmentFactory(therapist=maya, service=service, start=utc(1, 14, 30))

    response = desk.post(
        f"/desk/appointments/{started.pk}/outcome/", {"status": status, "next": BACK}
    )

    assert answer_of(response) == (302, BACK)
    started.refresh_from_db()
    assert started.status == status
    label = {"completed": "completed", "no_show": "no-show"}[status]
    assert said(response) == [("success", f"{started.client}'s session is marked {label}.")]


def test_an_unknown_outcome_is_refused_with_the_reason(desk, todays):
    response = desk.post(f"/desk/appointments/{todays.pk}/outcome/", {"status": "cured"})

    assert answer_of(response) == (302, "/desk/")
    assert said(response) == [("error", "Choose completed or no-show.")]


@pytest.mark.parametrize(
    "back", ["https://elsewhere.example/desk/", "//elsewhere.example/", "javascript:alert(1)", ""]
)
def test_a_next_off_the_site_returns_to_the_calendar(desk, todays, back):
    response = desk.post(f"/desk/appointments/{todays.pk}/arrived/", {"next": back})

    assert answer_of(response) == (302, "/desk/")


def test_a_missing_appointment_is_a_404(desk):
    response = desk.post("/desk/appointments/999999/arrived/")

    assert response.status_code == 404


def test_the_sessions_therapist_uses_their_own_pages_not_the_desks(client, todays):
    client.force_login(todays.therapist.user)

    response = client.post(f"/desk/appointments/{todays.pk}/arrived/")

    assert response.status_code == 403
    todays.refresh_from_db()
    assert todays.status == AppointmentStatus.BOOKED
