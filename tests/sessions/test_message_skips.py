"""Why booking's messages are skipped: the session cancelled, moved or missed, and more."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail

from clinic.messaging.dispatch import Outcome
from clinic.messaging.models import MessageState
from sessions.models import Appointment, AppointmentStatus
from tests.clinic.messaging.sending import DAY, NOW, SESSION, send
from tests.clock import frozen_at
from tests.factories import submit_intake

pytestmark = pytest.mark.django_db

frozen = frozen_at(NOW)


@pytest.mark.parametrize(
    "kind",
    [
        "confirmation",
        "change",
        "reminder_24h",
        "intake_nudge",
        "aftercare",
        "check_in",
    ],
)
def test_cancelled_appointments_messages_are_skipped(appointment, kind):
    Appointment.objects.filter(pk=appointment.pk).update(status=AppointmentStatus.CANCELLED)

    outcome, message = send(kind, appointment)

    assert outcome == Outcome(MessageState.SKIPPED, "The appointment was cancelled.")
    assert mail.outbox == []


def test_cancellation_notice_of_a_cancelled_appointment_is_sent(appointment):
    Appointment.objects.filter(pk=appointment.pk).update(status=AppointmentStatus.CANCELLED)

    outcome, _ = send("cancellation", appointment)

    assert outcome == Outcome(MessageState.SENT)
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("kind", ["confirmation", "reminder_24h", "check_in"])
def test_moved_appointments_old_messages_are_skipped(appointment, kind):
    outcome, message = send(kind, appointment, subject_time=SESSION - timedelta(days=1))

    assert outcome == Outcome(MessageState.SKIPPED, "The appointment moved.")
    assert (message.state, message.skip_reason) == (MessageState.SKIPPED, "The appointment moved.")
    assert mail.outbox == []


@pytest.mark.parametrize("kind", ["aftercare", "check_in"])
def test_follow_ups_of_a_no_show_are_skipped(appointment, kind):
    Appointment.objects.filter(pk=appointment.pk).update(status=AppointmentStatus.NO_SHOW)

    outcome, _ = send(kind, appointment)

    assert outcome == Outcome(MessageState.SKIPPED, "The client did not come to the session.")
    assert mail.outbox == []


def test_intake_nudge_skipped_while_the_intake_is_current(appointment):
    submit_intake(appointment.client)

    outcome, _ = send("intake_nudge", appointment)

    assert outcome == Outcome(MessageState.SKIPPED, "The intake is current.")
    assert mail.outbox == []


def test_intake_nudge_sent_when_the_intake_is_over_a_year_old(appointment):
    with time_machine.travel(NOW - timedelta(days=366), tick=False):
        submit_intake(appointment.client)

    outcome, _ = send("intake_nudge", appointment)

    assert outcome == Outcome(MessageState.SENT)
    assert [email.subject for email in mail.outbox] == ["Before your session: your intake form"]


@pytest.mark.parametrize("cancelled", [False, True], ids=["nothing", "only-cancelled"])
def test_therapist_day_skipped_when_nothing_is_booked(appointment, cancelled):
    therapist = appointment.therapist
    if cancelled:
        Appointment.objects.filter(pk=appointment.pk).update(status=AppointmentStatus.CANCELLED)
        day = DAY
    else:
        day = DAY + timedelta(days=1)

    outcome, _ = send("therapist_day", None, recipient=therapist.user, day=day, subject_time=None)

    assert outcome == Outcome(MessageState.SKIPPED, "Nothing booked that day.")
    assert mail.outbox == []
