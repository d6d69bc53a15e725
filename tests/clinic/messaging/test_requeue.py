"""Failed messages queued again, in code or from the admin, and what the next dispatch does."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from clinic.messaging.models import Message, MessageState
from clinic.messaging.services import message_requeue
from tests.clinic.messaging.sending import NOW, SESSION, pending, send_due, state_of
from tests.factories import AdminFactory, MessageFactory

pytestmark = pytest.mark.django_db


def test_message_requeue_makes_failed_rows_due_again():
    failed = pending(
        NOW - timedelta(days=2), state=MessageState.FAILED, attempts=5, last_error="Boom"
    )
    others = [
        pending(NOW - timedelta(days=2), state=state)
        for state in (MessageState.SENT, MessageState.SKIPPED, MessageState.PENDING)
    ]

    count = message_requeue(Message.objects.all(), now=NOW)

    assert count == 1
    assert Message.objects.values_list("state", "due_at", "send_by", "attempts", "last_error").get(
        pk=failed.pk
    ) == (MessageState.PENDING, NOW, NOW + timedelta(days=1), 0, "Boom")
    assert [Message.objects.get(pk=row.pk).state for row in others] == [
        MessageState.SENT,
        MessageState.SKIPPED,
        MessageState.PENDING,
    ]


def test_requeued_message_is_sent_by_the_next_dispatch(appointment):
    message = MessageFactory(
        kind="confirmation",
        appointment=appointment,
        state=MessageState.FAILED,
        attempts=5,
        due_at=NOW - timedelta(days=1),
        send_by=NOW - timedelta(hours=20),
    )
    message_requeue(Message.objects.filter(pk=message.pk), now=NOW)

    send_due()

    assert state_of(message)[:3] == (MessageState.SENT, "", 1)
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("kind", ["confirmation", "reminder_24h", "intake_nudge"])
def test_requeued_message_about_a_session_that_has_begun_is_skipped(appointment, frozen, kind):
    message = MessageFactory(
        kind=kind, appointment=appointment, state=MessageState.FAILED, send_by=SESSION
    )
    frozen.move_to(SESSION + timedelta(hours=3))
    message_requeue(Message.objects.filter(pk=message.pk), now=timezone.now())

    send_due()

    assert state_of(message)[:2] == (MessageState.SKIPPED, "Too late to be useful.")
    assert mail.outbox == []


def test_requeued_aftercare_after_the_session_is_sent(appointment, frozen):
    message = MessageFactory(kind="aftercare", appointment=appointment, state=MessageState.FAILED)
    frozen.move_to(SESSION + timedelta(days=1))
    message_requeue(Message.objects.filter(pk=message.pk), now=timezone.now())

    send_due()

    assert state_of(message)[0] == MessageState.SENT


def test_admin_action_requeues_only_failed_messages():
    failed = pending(NOW - timedelta(days=1), state=MessageState.FAILED, last_error="Boom")
    sent = pending(NOW - timedelta(days=1), state=MessageState.SENT)
    browser = Client()
    browser.force_login(AdminFactory())

    response = browser.post(
        reverse("admin:messaging_message_changelist"),
        {"action": "requeue", "_selected_action": [failed.pk, sent.pk]},
        follow=True,
    )

    assert [str(notice) for notice in response.context["messages"]] == [
        "1 message(s) queued again."
    ]
    assert Message.objects.values_list("state", "due_at").get(pk=failed.pk) == (
        MessageState.PENDING,
        NOW,
    )
    assert Message.objects.get(pk=sent.pk).state == MessageState.SENT
