"""The intake on other pages: the schedule's flags and the prompt on my appointments."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from clients.intake.services import intake_clear
from tests.factories import AppointmentFactory, ServiceFactory, TherapistFactory, submit_intake
from tests.pages import html

from .data import NOW

pytestmark = pytest.mark.django_db


def flags_by_row(response) -> dict[int, list[str]]:
    """The intake flags on each appointment's block of the schedule's grid."""
    rows = re.findall(r'data-appointment="(\d+)">(.*?)</button>', html(response), re.S)
    return {int(pk): re.findall(r'intake-flag">([^<]+)</span>', row) for pk, row in rows}


def booked_on_wednesday(therapist, service, hour: int, client=None):
    start = datetime(2026, 12, 2, 14 + hour, tzinfo=UTC)
    kwargs = {"client": client} if client is not None else {}
    return AppointmentFactory(therapist=therapist, service=service, start=start, **kwargs)


def test_schedule_flags_sessions_whose_client_has_no_current_or_cleared_intake(client, frozen):
    therapist = TherapistFactory()
    service = ServiceFactory(duration_minutes=60)
    frozen.move_to(NOW - timedelta(days=400))
    old = booked_on_wednesday(therapist, service, 4)
    submit_intake(old.client)
    frozen.move_to(NOW)
    none = booked_on_wednesday(therapist, service, 0)
    clear = booked_on_wednesday(therapist, service, 1)
    submit_intake(clear.client)
    needs = booked_on_wednesday(therapist, service, 2)
    submit_intake(needs.client, clot_signs=True)
    cleared = booked_on_wednesday(therapist, service, 3)
    intake_clear(
        intake=submit_intake(cleared.client, fever_or_infection=True),
        by=therapist.user,
        note="Fever gone.",
        ip=None,
    )
    caution = booked_on_wednesday(therapist, service, 5)
    submit_intake(caution.client, osteoporosis=True)
    client.force_login(therapist.user)

    response = client.get("/schedule/", {"date": "2026-12-02"})

    assert flags_by_row(response) == {
        none.pk: ["No intake"],
        clear.pk: [],
        needs.pk: ["Needs clearance"],
        cleared.pk: [],
        old.pk: ["Intake over a year old"],
        caution.pk: ["Caution"],
    }


def test_schedule_flags_by_the_latest_version_only(client):
    therapist = TherapistFactory()
    service = ServiceFactory(duration_minutes=60)
    appointment = booked_on_wednesday(therapist, service, 0)
    first = submit_intake(appointment.client, clot_signs=True)
    intake_clear(intake=first, by=therapist.user, note="GP letter.", ip=None)
    submit_intake(appointment.client, clot_signs=True)
    client.force_login(therapist.user)

    response = client.get("/schedule/", {"date": "2026-12-02"})

    assert flags_by_row(response) == {appointment.pk: ["Needs clearance"]}


@pytest.mark.parametrize("count", [1, 5])
def test_schedule_queries_do_not_grow_with_intakes(client, django_assert_num_queries, count):
    therapist = TherapistFactory()
    service = ServiceFactory(duration_minutes=60)
    for hour in range(count):
        appointment = booked_on_wednesday(therapist, service, hour)
        submit_intake(appointment.client, clot_signs=hour % 2 == 0)
        submit_intake(appointment.client, clot_signs=hour % 2 == 0)
    client.force_login(therapist.user)

    # with the session's second-factor device, the credentials to renew, and the four of
    # the booking calendar that shade the grid (hours, credentials, time off, buffers)
    with django_assert_num_queries(11):
        response = client.get("/schedule/", {"date": "2026-12-02", "view": "week"})

    assert len(flags_by_row(response)) == count


def test_my_appointments_without_intake_shows_the_prompt(signed_in, ava):
    AppointmentFactory(client=ava)

    response = signed_in.get("/appointments/")

    assertContains(response, '<div class="alert alert-info" id="intake-prompt">', count=1)
    assertContains(response, '<a href="/intake/">intake form</a>', count=1)


def test_my_appointments_with_a_current_intake_has_no_prompt(signed_in, ava):
    submit_intake(ava)

    response = signed_in.get("/appointments/")

    assertNotContains(response, 'id="intake-prompt"')


def test_my_appointments_with_an_intake_over_a_year_old_shows_the_prompt(signed_in, ava, frozen):
    submit_intake(ava)
    frozen.move_to(NOW + timedelta(days=366))
    signed_in.force_login(ava)

    response = signed_in.get("/appointments/")

    assertContains(response, 'id="intake-prompt"', count=1)


def test_my_appointments_of_a_therapist_has_no_prompt(as_therapist):
    response = as_therapist.get("/appointments/")

    assertNotContains(response, 'id="intake-prompt"')
