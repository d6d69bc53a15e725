"""Sending claims its row first: a row is sent once, however many tasks try."""

import threading

import pytest
from django.core import mail
from django.db import connection

from clinic.messaging.dispatch import Outcome, message_send
from clinic.messaging.models import MessageState
from tests.clinic.messaging.sending import state_of
from tests.factories import MessageFactory

pytestmark = pytest.mark.django_db


def test_second_send_of_the_same_row_is_not_claimed(appointment):
    message = MessageFactory(kind="confirmation", appointment=appointment)
    first = message_send(message_id=message.pk)

    second = message_send(message_id=message.pk)

    assert first == Outcome(MessageState.SENT)
    assert second == Outcome("not claimed", "Another task has it, or it is done.")
    assert len(mail.outbox) == 1
    assert state_of(message) == (MessageState.SENT, "", 1, "")


@pytest.mark.parametrize(
    "state",
    [MessageState.PENDING, MessageState.SENDING, MessageState.SKIPPED, MessageState.FAILED],
)
def test_send_takes_only_a_queued_row(appointment, state):
    message = MessageFactory(kind="confirmation", appointment=appointment, state=state)

    outcome = message_send(message_id=message.pk)

    assert outcome.state == "not claimed"
    assert mail.outbox == []
    assert state_of(message) == (state, "", 0, "")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_tasks_sending_one_row_at_once_send_it_once(appointment):
    message = MessageFactory(kind="confirmation", appointment=appointment)
    barrier = threading.Barrier(2)
    outcomes: list = [None, None]

    def task(index: int) -> None:
        try:
            connection.ensure_connection()
            barrier.wait(timeout=10)
            outcomes[index] = message_send(message_id=message.pk).state
        finally:
            connection.close()

    threads = [threading.Thread(target=task, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["not claimed", MessageState.SENT]
    assert len(mail.outbox) == 1
    assert state_of(message)[:3] == (MessageState.SENT, "", 1)
