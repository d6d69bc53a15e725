"""appointment_set_outcome: who records a session as completed or a no-show, and when."""

from datetime import timedelta

import pytest

from sessions.models import Appointment, AppointmentStatus
from sessions.services import ActionRefused, appointment_set_outcome
from tests.factories import AdminFactory

from .note_cast import SESSION_START

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("status", [AppointmentStatus.COMPLETED, AppointmentStatus.NO_SHOW])
def test_outcome_by_the_sessions_therapist(appointment, therapist, status):
    appointment_set_outcome(appointment=appointment, by=therapist.user, status=status)

    appointment.refresh_from_db()
    assert appointment.status == status


def test_outcome_by_an_admin(appointment):
    appointment_set_outcome(appointment=appointment, by=AdminFactory(), status="no_show")

    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.NO_SHOW


def test_outcome_can_be_corrected(appointment, therapist):
    appointment_set_outcome(appointment=appointment, by=therapist.user, status="completed")

    appointment_set_outcome(appointment=appointment, by=therapist.user, status="no_show")

    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.NO_SHOW


@pytest.mark.parametrize("who", ["client", "other_therapist"])
def test_outcome_by_anyone_else_is_refused(appointment, other_therapist, who):
    by = {"client": appointment.client, "other_therapist": other_therapist.user}[who]
    message = "^Only the session's therapist, the front desk or an admin records its outcome.$"

    with pytest.raises(ActionRefused, match=message):
        appointment_set_outcome(appointment=appointment, by=by, status="completed")

    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.BOOKED


def test_outcome_before_the_start_is_refused(appointment, therapist):
    a_second_before = appointment.start - timedelta(seconds=1)

    with pytest.raises(ActionRefused, match="^The session has not started yet.$"):
        appointment_set_outcome(
            appointment=appointment, by=therapist.user, status="no_show", now=a_second_before
        )

    assert Appointment.objects.get(pk=appointment.pk).status == AppointmentStatus.BOOKED


def test_outcome_at_the_start_is_accepted(appointment, therapist):
    appointment_set_outcome(
        appointment=appointment, by=therapist.user, status="no_show", now=SESSION_START
    )

    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.NO_SHOW


def test_outcome_of_a_cancelled_appointment_is_refused(appointment, therapist):
    appointment.status = AppointmentStatus.CANCELLED
    appointment.save()

    with pytest.raises(ActionRefused, match="^A cancelled appointment has no outcome.$"):
        appointment_set_outcome(appointment=appointment, by=therapist.user, status="completed")

    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED


@pytest.mark.parametrize("status", ["completed", "no_show"])
def test_outcome_of_a_session_awaiting_approval_is_refused(appointment, therapist, status):
    appointment.status = AppointmentStatus.PENDING_APPROVAL
    appointment.save()
    message = "^This session still awaits approval: an admin approves or declines it before"

    with pytest.raises(ActionRefused, match=message):
        appointment_set_outcome(appointment=appointment, by=therapist.user, status=status)

    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.PENDING_APPROVAL


@pytest.mark.parametrize("status", ["booked", "cancelled", "", "done"])
def test_outcome_must_be_completed_or_no_show(appointment, therapist, status):
    with pytest.raises(ActionRefused, match="^Choose completed or no-show.$"):
        appointment_set_outcome(appointment=appointment, by=therapist.user, status=status)

    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.BOOKED
