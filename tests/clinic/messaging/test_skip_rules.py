"""What skips any message at its time: too late, turned off by its recipient, no phone to text."""

from datetime import timedelta

import pytest
from django.core import mail

from clinic.messaging.dispatch import Outcome
from clinic.messaging.models import MessageState
from tests.clinic.messaging.sending import NOW, send
from tests.factories import ClientProfileFactory

pytestmark = pytest.mark.django_db


def test_too_late_is_skipped(appointment):
    outcome, message = send(
        "reminder_24h",
        appointment,
        due_at=NOW - timedelta(hours=13),
        send_by=NOW - timedelta(seconds=1),
    )

    assert outcome == Outcome(MessageState.SKIPPED, "Too late to be useful.")
    assert (message.state, message.skip_reason) == (MessageState.SKIPPED, "Too late to be useful.")
    assert mail.outbox == []


def test_send_by_itself_is_still_in_time(appointment):
    outcome, _ = send("reminder_24h", appointment, send_by=NOW)

    assert outcome == Outcome(MessageState.SENT)


def test_optional_email_is_skipped_once_the_client_turned_email_off(appointment):
    ClientProfileFactory(user=appointment.client, by_email=False)

    outcome, _ = send("reminder_24h", appointment)

    assert outcome == Outcome(MessageState.SKIPPED, "The client turned email off.")
    assert mail.outbox == []


def test_confirmation_goes_by_email_even_with_email_turned_off(appointment):
    ClientProfileFactory(user=appointment.client, by_email=False)

    outcome, _ = send("confirmation", appointment)

    assert outcome == Outcome(MessageState.SENT)
    assert [email.to for email in mail.outbox] == [[appointment.client.email]]


@pytest.mark.parametrize(
    "kind",
    [
        "reminder_24h",
        "reminder_2h",
        "intake_nudge",
        "aftercare",
        "check_in",
        "rebook",
    ],
)
def test_optional_messages_are_skipped_when_turned_off(appointment, kind):
    ClientProfileFactory(user=appointment.client, reminders=False)

    outcome, _ = send(kind, appointment)

    assert outcome == Outcome(MessageState.SKIPPED, "The client turned reminders off.")
    assert mail.outbox == []


@pytest.mark.parametrize("kind", ["confirmation", "change", "cancellation"])
def test_notices_go_out_with_reminders_turned_off(appointment, kind):
    ClientProfileFactory(user=appointment.client, reminders=False)

    outcome, _ = send(kind, appointment)

    assert outcome == Outcome(MessageState.SENT)
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    "profile",
    [
        pytest.param(None, id="no-profile"),
        pytest.param({"by_sms": True, "phone": ""}, id="phone-removed"),
    ],
)
def test_sms_without_a_phone_is_skipped(appointment, sms, profile):
    if profile is not None:
        ClientProfileFactory(user=appointment.client, **profile)

    outcome, _ = send("confirmation", appointment, channel="sms")

    assert outcome == Outcome(MessageState.SKIPPED, "No phone number for text messages.")
    assert sms == []
