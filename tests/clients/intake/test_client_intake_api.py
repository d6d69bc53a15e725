"""GET /api/v1/clients/ID/intake/ for the client, their therapists and admins, and no one else."""

import pytest

from clinic.accounts.models import Role
from sessions.models import AppointmentStatus
from tests.factories import (
    AdminFactory,
    AppointmentFactory,
    ClientFactory,
    TherapistFactory,
    submit_intake,
)

from .api import IP, OWN, api, reads
from .data import CHART, NOW

pytestmark = pytest.mark.django_db

MISSING_ID = 999_999


def client_path(client_id: int) -> str:
    return f"/api/v1/clients/{client_id}/intake/"


def get_client_intake(user, client_id: int):
    return api(user).get(client_path(client_id))


def test_client_intake_for_the_client_themself(ava, intake):
    response = get_client_intake(ava, ava.pk)

    assert (response.status_code, response.json()["version"]) == (200, 1)


def test_client_intake_for_the_booked_therapist_is_the_current_version(ava, intake, therapist):
    submit_intake(ava, chart=CHART, phone="416-555-0777")

    response = get_client_intake(therapist, ava.pk)

    assert response.status_code == 200
    assert response.json() == api(ava).get(OWN).json()
    assert (response.json()["version"], response.json()["phone"]) == (2, "416-555-0777")


def test_client_intake_for_a_therapist_who_treated_the_client(ava, intake):
    treated = TherapistFactory()
    AppointmentFactory(client=ava, therapist=treated, status=AppointmentStatus.COMPLETED)

    response = get_client_intake(treated.user, ava.pk)

    assert response.status_code == 200


def test_client_intake_for_an_admin(ava, intake):
    response = get_client_intake(AdminFactory(role=Role.ADMIN), ava.pk)

    assert (response.status_code, response.json()["pain_chart"]) == (200, CHART)


NOT_FOUND = (404, {"detail": "No such client."})


def answer(response) -> tuple[int, dict]:
    return response.status_code, response.json()


def test_client_intake_for_another_client_is_a_404(ava, intake):
    assert answer(get_client_intake(ClientFactory(), ava.pk)) == NOT_FOUND


def test_client_intake_for_a_therapist_without_booking_is_a_404(ava, intake):
    assert answer(get_client_intake(TherapistFactory().user, ava.pk)) == NOT_FOUND


def test_client_intake_for_a_therapist_with_only_a_cancelled_booking_is_a_404(ava, intake):
    cancelled = TherapistFactory()
    AppointmentFactory(client=ava, therapist=cancelled, status=AppointmentStatus.CANCELLED)

    assert answer(get_client_intake(cancelled.user, ava.pk)) == NOT_FOUND


def test_client_intake_of_a_client_booked_with_the_therapist_is_not_anothers(ava, intake):
    """A booking with one client opens only that client's records."""
    therapist = TherapistFactory()
    AppointmentFactory(therapist=therapist)

    assert answer(get_client_intake(therapist.user, ava.pk)) == NOT_FOUND


@pytest.mark.parametrize("who", ["other_client", "therapist_without_booking"])
def test_client_intake_of_a_missing_client_answers_as_for_someone_elses(ava, intake, who):
    user = ClientFactory() if who == "other_client" else TherapistFactory().user

    assert answer(get_client_intake(user, MISSING_ID)) == answer(get_client_intake(user, ava.pk))
    assert answer(get_client_intake(user, MISSING_ID)) == NOT_FOUND


def test_client_intake_of_a_missing_client_for_an_admin_is_a_404():
    response = get_client_intake(AdminFactory(role=Role.ADMIN), MISSING_ID)

    assert response.status_code == 404


def test_client_intake_of_a_client_without_intake_for_their_therapist_is_a_404(ava, therapist):
    assert answer(get_client_intake(therapist, ava.pk)) == (404, {"detail": "No intake yet."})


def test_client_intake_anonymous_is_a_401(ava, intake):
    assert get_client_intake(None, ava.pk).status_code == 401


def test_client_intake_refused_writes_no_event(ava, intake):
    get_client_intake(TherapistFactory().user, ava.pk)
    get_client_intake(ClientFactory(), ava.pk)

    assert reads() == []


@pytest.mark.parametrize("who", ["client", "therapist", "admin"])
def test_client_intake_read_writes_one_event_with_actor_and_ip(ava, intake, therapist, who):
    user = {"client": ava, "therapist": therapist, "admin": AdminFactory(role=Role.ADMIN)}[who]

    get_client_intake(user, ava.pk)

    assert reads() == [(user.pk, "intake.Intake", str(intake.pk), NOW, IP)]
