"""Failed deliveries: a transient failure is retried with backoff up to a limit, others fail."""

import smtplib
from datetime import timedelta

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from clinic.messaging.dispatch import MAX_ATTEMPTS, Outcome, claim_due, message_send
from clinic.messaging.models import MessageState
from clinic.messaging.sms import SmsError
from tests.clinic.messaging.sending import NOW, PHONE, send
from tests.factories import ClientProfileFactory, MessageFactory

pytestmark = pytest.mark.django_db


class DisconnectingBackend(BaseEmailBackend):
    """A mail server that drops the connection: a transient failure."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class BrokenBackend(BaseEmailBackend):
    """A failure that trying again won't cure."""

    def send_messages(self, email_messages):
        raise ValueError("Invalid address")


class FlakySmsBackend:
    def send(self, *, to: str, body: str) -> str:
        raise SmsError("Twilio answered 503", transient=True)


class RefusingSmsBackend:
    def send(self, *, to: str, body: str) -> str:
        raise SmsError("Twilio answered 400", transient=False)


def use_mailer(settings, backend: type) -> None:
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.{backend.__name__}"}}


DISCONNECTED = "SMTPServerDisconnected: Connection unexpectedly closed"


def test_transient_failure_goes_back_to_pending_with_backoff(appointment, settings):
    use_mailer(settings, DisconnectingBackend)

    outcome, message = send("confirmation", appointment, send_by=NOW + timedelta(days=1))

    assert outcome == Outcome(MessageState.PENDING, DISCONNECTED)
    assert (message.state, message.attempts, message.last_error) == (
        MessageState.PENDING,
        1,
        DISCONNECTED,
    )
    assert message.due_at == NOW + timedelta(minutes=1)


def test_transient_failures_back_off_then_fail_after_max_attempts(appointment, settings, frozen):
    use_mailer(settings, DisconnectingBackend)
    message = MessageFactory(
        kind="confirmation",
        appointment=appointment,
        state=MessageState.PENDING,
        send_by=NOW + timedelta(days=1),
    )
    rounds = []

    for _ in range(MAX_ATTEMPTS):
        message.refresh_from_db()
        frozen.move_to(message.due_at)
        assert claim_due(now=timezone.now()) == [message.pk]
        state = message_send(message_id=message.pk).state
        message.refresh_from_db()
        rounds.append((state, message.attempts, message.due_at - timezone.now()))

    minute = timedelta(minutes=1)
    assert rounds == [
        (MessageState.PENDING, 1, minute),
        (MessageState.PENDING, 2, 2 * minute),
        (MessageState.PENDING, 3, 4 * minute),
        (MessageState.PENDING, 4, 8 * minute),
        (MessageState.FAILED, 5, timedelta(0)),
    ]
    assert (message.state, message.last_error, message.sent_at) == (
        MessageState.FAILED,
        DISCONNECTED,
        None,
    )
    assert claim_due(now=timezone.now() + timedelta(days=1)) == []


def test_non_transient_failure_fails_at_once(appointment, settings):
    use_mailer(settings, BrokenBackend)

    outcome, message = send("confirmation", appointment)

    assert outcome == Outcome(MessageState.FAILED, "Invalid address")
    assert (message.state, message.attempts, message.last_error) == (
        MessageState.FAILED,
        1,
        "ValueError: Invalid address",
    )


@pytest.mark.parametrize(
    ("backend", "state", "last_error"),
    [
        pytest.param(FlakySmsBackend, MessageState.PENDING, "Twilio answered 503", id="transient"),
        pytest.param(
            RefusingSmsBackend, MessageState.FAILED, "SmsError: Twilio answered 400", id="final"
        ),
    ],
)
def test_sms_failures(appointment, settings, backend, state, last_error):
    settings.SMS_BACKEND = f"{__name__}.{backend.__name__}"
    ClientProfileFactory(user=appointment.client, by_sms=True, phone=PHONE)

    outcome, message = send("confirmation", appointment, channel="sms")

    assert (message.state, message.attempts, message.last_error) == (state, 1, last_error)
