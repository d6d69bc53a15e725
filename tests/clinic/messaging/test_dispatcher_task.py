"""The dispatcher task: it claims the due rows and hands them to the send tasks."""

from datetime import timedelta

import pytest
from django.core import mail

from clinic.messaging.dispatch import LEASE
from clinic.messaging.models import MessageState
from clinic.messaging.tasks import dispatch_due_messages
from tests.clinic.messaging.sending import NOW, state_of
from tests.factories import MessageFactory

pytestmark = pytest.mark.django_db


def test_dispatcher_sends_due_rows_end_to_end(appointment, eager_celery):
    due = MessageFactory(
        kind="confirmation",
        appointment=appointment,
        state=MessageState.PENDING,
        due_at=NOW - timedelta(minutes=1),
    )
    stale = MessageFactory(
        kind="change",
        appointment=appointment,
        state=MessageState.QUEUED,
        claimed_at=NOW - LEASE - timedelta(minutes=1),  # its worker died
    )
    later = MessageFactory(
        kind="reminder_24h",
        appointment=appointment,
        state=MessageState.PENDING,
        due_at=NOW + timedelta(minutes=1),
    )

    count = dispatch_due_messages.apply().get()

    assert count == 2
    assert [email.subject for email in mail.outbox] == [
        "Booked: Mon 9 Mar 2026, 10:00 with Dana O'Brien",
        "Moved: your session is now Mon 9 Mar 2026, 10:00",
    ]
    assert [state_of(message)[0] for message in (due, stale, later)] == [
        MessageState.SENT,
        MessageState.SENT,
        MessageState.PENDING,
    ]


def test_dispatcher_run_directly_claims_and_hands_off(appointment):
    """Without eager tasks the sends wait in the (in-memory) broker: rows are queued."""
    due = MessageFactory(kind="confirmation", appointment=appointment, state=MessageState.PENDING)

    count = dispatch_due_messages.run()

    assert count == 1
    assert state_of(due)[0] == MessageState.QUEUED
    assert mail.outbox == []
