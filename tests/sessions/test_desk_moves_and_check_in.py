"""The desk moves sessions (to another therapist too), checks clients in and records outcomes."""

from datetime import UTC, datetime, timedelta

import pytest

from clinic.messaging.models import Message
from sessions.models import Appointment, AppointmentStatus
from sessions.services import (
    ActionRefused,
    BookingRefused,
    SlotTaken,
    appointment_cancel,
    appointment_check_in,
    appointment_reschedule,
    appointment_set_outcome,
)
from tests.api import api_as
from tests.clock import at_clinic, frozen_at
from tests.factories import (
    AdminFactory,
    AppointmentFactory,
    ClientFactory,
    DeskFactory,
    ServiceFactory,
    bookable_therapist,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 1, 15, 7, tzinfo=UTC)  # Tuesday 10:07 in Toronto
TODAY = NOW.date()
TOMORROW = TODAY + timedelta(days=1)

frozen = frozen_at(NOW)


@pytest.fixture
def service():
    return ServiceFactory(duration_minutes=60)


@pytest.fixture
def first(service):
    return bookable_therapist(service)


@pytest.fixture
def second(service):
    return bookable_therapist(service)


@pytest.fixture
def desk():
    return DeskFactory()


@pytest.fixture
def booked(first, service):
    return AppointmentFactory(therapist=first, service=service, start=at_clinic(TOMORROW, 10))


# Moving


def test_desk_moves_a_session_to_another_therapist_and_time(desk, booked, second):
    moved = appointment_reschedule(
        appointment=booked, by=desk, start=at_clinic(TOMORROW, 14), therapist=second
    )

    saved = Appointment.objects.get(pk=booked.pk)
    assert (saved.therapist, saved.start, saved.end) == (
        second,
        at_clinic(TOMORROW, 14),
        at_clinic(TOMORROW, 15),
    )
    assert moved.sequence == booked.sequence + 1
    assert Message.objects.filter(kind="change", subject_id=booked.pk).count() == 1


def test_desk_moves_a_session_to_a_time_inside_the_minimum_notice(desk, first, service):
    today = AppointmentFactory(therapist=first, service=service, start=at_clinic(TODAY, 15))

    appointment_reschedule(appointment=today, by=desk, start=at_clinic(TODAY, 11))

    assert Appointment.objects.get(pk=today.pk).start == at_clinic(TODAY, 11)


def test_moving_to_another_therapist_keeps_the_rules(desk, booked, second, service):
    AppointmentFactory(therapist=second, service=service, start=at_clinic(TOMORROW, 14))

    with pytest.raises(SlotTaken):
        appointment_reschedule(
            appointment=booked, by=desk, start=at_clinic(TOMORROW, 14), therapist=second
        )

    assert Appointment.objects.get(pk=booked.pk).therapist_id == booked.therapist_id


def test_moving_to_a_therapist_who_does_not_offer_the_service_is_refused(desk, booked):
    other = bookable_therapist(ServiceFactory())

    with pytest.raises(BookingRefused, match="does not offer that service"):
        appointment_reschedule(
            appointment=booked, by=desk, start=at_clinic(TOMORROW, 14), therapist=other
        )


def test_a_client_cannot_move_their_session_to_another_therapist(booked, second):
    with pytest.raises(ActionRefused, match="^Only the front desk moves a session to another"):
        appointment_reschedule(
            appointment=booked,
            by=booked.client,
            start=at_clinic(TOMORROW, 14),
            therapist=second,
        )


def test_a_client_moving_their_own_session_keeps_the_minimum_notice(first, service):
    today = AppointmentFactory(therapist=first, service=service, start=at_clinic(TODAY, 15))

    with pytest.raises(BookingRefused, match="at least 2 hours ahead"):
        appointment_reschedule(appointment=today, by=today.client, start=at_clinic(TODAY, 11))


def test_desk_cancels_a_session_and_it_is_not_a_late_cancellation(desk, first, service):
    today = AppointmentFactory(therapist=first, service=service, start=at_clinic(TODAY, 15))

    appointment_cancel(appointment=today, by=desk, reason="Phoned in sick")

    saved = Appointment.objects.get(pk=today.pk)
    assert (saved.status, saved.late_cancellation, saved.cancelled_by) == (
        AppointmentStatus.CANCELLED,
        False,
        desk,
    )


def test_api_desk_moves_to_another_therapist(desk, booked, second):
    response = api_as(desk).post(
        f"/api/v1/appointments/{booked.pk}/reschedule/",
        {"start": "2026-12-02T14:00:00-05:00", "therapist": second.pk},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["therapist"] == second.pk


# Checking in


def test_desk_checks_in_a_client_on_the_day(desk, first, service):
    today = AppointmentFactory(therapist=first, service=service, start=at_clinic(TODAY, 10, 30))

    appointment_check_in(appointment=today, by=desk)

    assert Appointment.objects.get(pk=today.pk).status == AppointmentStatus.ARRIVED


def test_the_sessions_therapist_checks_in_too(first, service):
    today = AppointmentFactory(therapist=first, service=service, start=at_clinic(TODAY, 10, 30))

    appointment_check_in(appointment=today, by=first.user)

    assert Appointment.objects.get(pk=today.pk).status == AppointmentStatus.ARRIVED


def test_check_in_of_another_days_session_is_refused(desk, booked):
    with pytest.raises(ActionRefused, match="^A client is checked in on the day of their session"):
        appointment_check_in(appointment=booked, by=desk)

    assert Appointment.objects.get(pk=booked.pk).status == AppointmentStatus.BOOKED


@pytest.mark.parametrize(
    "status", [AppointmentStatus.CANCELLED, AppointmentStatus.ARRIVED, AppointmentStatus.NO_SHOW]
)
def test_check_in_needs_a_booked_session(desk, first, service, status):
    today = AppointmentFactory(
        therapist=first, service=service, start=at_clinic(TODAY, 10, 30), status=status
    )

    with pytest.raises(ActionRefused, match="^This appointment is "):
        appointment_check_in(appointment=today, by=desk)


@pytest.mark.parametrize("who", ["client", "other_therapist"])
def test_check_in_by_anyone_else_is_refused(who, first, second, service):
    today = AppointmentFactory(therapist=first, service=service, start=at_clinic(TODAY, 10, 30))
    by = {"client": today.client, "other_therapist": second.user}[who]

    with pytest.raises(ActionRefused):
        appointment_check_in(appointment=today, by=by)


# Outcomes


@pytest.mark.parametrize("staff", [DeskFactory, AdminFactory], ids=["desk", "admin"])
def test_staff_complete_a_session_whose_client_arrived_early(staff, first, service):
    arrived = AppointmentFactory(
        therapist=first,
        service=service,
        start=at_clinic(TODAY, 10, 30),
        status=AppointmentStatus.ARRIVED,
    )

    appointment_set_outcome(appointment=arrived, by=staff(), status=AppointmentStatus.COMPLETED)

    assert Appointment.objects.get(pk=arrived.pk).status == AppointmentStatus.COMPLETED


def test_an_arrived_client_is_no_no_show(desk, first, service):
    arrived = AppointmentFactory(
        therapist=first,
        service=service,
        start=at_clinic(TODAY, 9),
        status=AppointmentStatus.ARRIVED,
    )

    with pytest.raises(ActionRefused, match="can't be a no-show"):
        appointment_set_outcome(appointment=arrived, by=desk, status=AppointmentStatus.NO_SHOW)


def test_desk_marks_a_session_that_started_a_no_show(desk, first, service):
    started = AppointmentFactory(therapist=first, service=service, start=at_clinic(TODAY, 9))

    appointment_set_outcome(appointment=started, by=desk, status=AppointmentStatus.NO_SHOW)

    assert Appointment.objects.get(pk=started.pk).status == AppointmentStatus.NO_SHOW


def test_a_booked_session_still_to_come_has_no_outcome_yet(desk, booked):
    with pytest.raises(ActionRefused, match="^The session has not started yet.$"):
        appointment_set_outcome(appointment=booked, by=desk, status=AppointmentStatus.COMPLETED)


def test_a_client_records_no_outcome(first, service):
    started = AppointmentFactory(therapist=first, service=service, start=at_clinic(TODAY, 9))

    with pytest.raises(ActionRefused):
        appointment_set_outcome(
            appointment=started, by=started.client, status=AppointmentStatus.COMPLETED
        )


def test_desk_sees_every_appointment_but_a_client_only_their_own(desk, booked):
    other = AppointmentFactory(start=at_clinic(TOMORROW, 12))

    assert set(Appointment.objects.visible_to(desk)) == {booked, other}
    assert list(Appointment.objects.visible_to(ClientFactory())) == []
