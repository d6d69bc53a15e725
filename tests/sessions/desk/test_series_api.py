"""POST /api/v1/appointments/series/: the desk's series, its exact answer, and who may ask."""

import pytest

from sessions.models import Appointment, AppointmentSeries
from sessions.services import SLOT_TAKEN
from tests.api import api_as
from tests.clock import frozen_at
from tests.factories import AdminFactory, AppointmentFactory, DeskFactory, TherapistFactory
from tests.sessions.desk.series import NOW, conflicts, series_body, wednesday
from tests.sessions.web import APPOINTMENTS_URL, serialized

pytestmark = pytest.mark.django_db
frozen = frozen_at(NOW)
SERIES_URL = f"{APPOINTMENTS_URL}series/"


def local(instant) -> str:
    return serialized(AppointmentFactory.build(start=instant, end=instant))["start"]


@pytest.mark.parametrize("staff", [DeskFactory, AdminFactory])
def test_series_answers_the_booked_and_the_skipped(service, therapist, client_user, staff):
    conflicts(therapist, service)

    response = api_as(staff()).post(
        SERIES_URL, series_body(client_user, therapist, service), format="json"
    )

    booked = Appointment.objects.filter(client=client_user).order_by("start")
    assert response.status_code == 201
    assert response.json() == {
        "appointments": [serialized(appointment) for appointment in booked],
        "skipped": [
            {"start": local(wednesday(1)), "reason": SLOT_TAKEN},
            {"start": local(wednesday(2)), "reason": "The therapist is away at that time."},
        ],
    }
    assert [appointment.start for appointment in booked] == [wednesday(0), wednesday(3)]


def test_series_with_nothing_free_is_a_400_and_keeps_nothing(service, therapist, client_user):
    for weeks in (0, 1):
        AppointmentFactory(therapist=therapist, service=service, start=wednesday(weeks))

    response = api_as(DeskFactory()).post(
        SERIES_URL, series_body(client_user, therapist, service, count=2), format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"start": [f"None of the sessions could be booked. {SLOT_TAKEN}"]}
    assert AppointmentSeries.objects.count() == 0


@pytest.mark.parametrize(
    ("changes", "answer"),
    [
        ({"client": 0}, {"client": ["Unknown client."]}),
        ({"client": "x"}, {"client": ["Unknown client."]}),
        ({"therapist": 0}, {"therapist": ["Unknown therapist."]}),
        ({"service": 0}, {"service": ["Unknown service."]}),
        ({"every_weeks": 9}, {"every_weeks": ["Choose a session every 1 to 8 weeks."]}),
        ({"count": 27}, {"count": ["Choose between 2 and 26 sessions."]}),
        ({"count": 1}, {"count": ["Choose between 2 and 26 sessions."]}),
    ],
)
def test_series_bad_input_is_a_400_naming_the_field(
    service, therapist, client_user, changes, answer
):
    response = api_as(DeskFactory()).post(
        SERIES_URL, {**series_body(client_user, therapist, service), **changes}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == answer
    assert AppointmentSeries.objects.count() == 0


def test_series_for_a_therapist_as_client_is_an_unknown_client(service, therapist):
    other = TherapistFactory()

    response = api_as(DeskFactory()).post(
        SERIES_URL, series_body(other.user, therapist, service), format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"client": ["Unknown client."]}


@pytest.mark.parametrize(
    ("who", "status"), [("client", 403), ("therapist", 403), ("anonymous", 401)]
)
def test_series_is_refused_to_all_but_the_desk_and_admins(
    service, therapist, client_user, who, status
):
    user = {"client": client_user, "therapist": therapist.user, "anonymous": None}[who]

    response = api_as(user).post(
        SERIES_URL, series_body(client_user, therapist, service), format="json"
    )

    assert response.status_code == status
    assert AppointmentSeries.objects.count() == 0
