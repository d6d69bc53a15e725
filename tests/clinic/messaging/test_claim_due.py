"""Claiming due rows: in due order, a batch at a time, once per lease, never one row twice."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection, transaction

from clinic.messaging.dispatch import LEASE, claim_due, message_send
from clinic.messaging.models import Message, MessageState
from tests.clinic.messaging.sending import NOW, pending, state_of
from tests.factories import MessageFactory

pytestmark = pytest.mark.django_db


def test_claim_due_takes_due_pending_rows_in_due_order():
    later = pending(NOW - timedelta(minutes=1))
    earlier = pending(NOW - timedelta(hours=1))
    exactly_now = pending(NOW)
    pending(NOW + timedelta(seconds=1))
    for state in (MessageState.SENT, MessageState.FAILED, MessageState.SKIPPED):
        pending(NOW - timedelta(hours=2), state=state)

    claimed = claim_due(now=NOW)

    assert claimed == [earlier.pk, later.pk, exactly_now.pk]
    rows = Message.objects.filter(pk__in=claimed)
    assert set(rows.values_list("state", "claimed_at")) == {(MessageState.QUEUED, NOW)}


def test_claim_due_takes_at_most_limit_rows_earliest_first():
    rows = [pending(NOW - timedelta(minutes=minutes)) for minutes in (1, 5, 3, 4)]

    claimed = claim_due(now=NOW, limit=2)

    assert claimed == [rows[1].pk, rows[3].pk]
    assert claim_due(now=NOW) == [rows[2].pk, rows[0].pk]


def test_claimed_rows_are_not_claimed_again_within_the_lease():
    row = pending(NOW - timedelta(minutes=1))
    assert claim_due(now=NOW) == [row.pk]

    assert claim_due(now=NOW + LEASE) == []


@pytest.mark.parametrize("state", [MessageState.QUEUED, MessageState.SENDING])
def test_stale_claim_is_claimed_again(state):
    stale = pending(
        NOW - timedelta(hours=1), state=state, claimed_at=NOW - LEASE - timedelta(seconds=1)
    )
    fresh = pending(NOW - timedelta(hours=1), state=state, claimed_at=NOW - LEASE)

    assert claim_due(now=NOW) == [stale.pk]
    assert Message.objects.values_list("state", "claimed_at").get(pk=stale.pk) == (
        MessageState.QUEUED,
        NOW,
    )
    assert Message.objects.values_list("state", "claimed_at").get(pk=fresh.pk) == (
        state,
        NOW - LEASE,
    )


def test_stale_sending_row_is_sent_again_and_counted(appointment):
    message = MessageFactory(
        kind="confirmation",
        appointment=appointment,
        state=MessageState.SENDING,
        attempts=1,
        claimed_at=NOW - LEASE - timedelta(minutes=1),
    )

    for message_id in claim_due(now=NOW):
        message_send(message_id=message_id)

    assert state_of(message) == (MessageState.SENT, "", 2, "")
    assert len(mail.outbox) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_claim_due_skips_rows_another_transaction_holds():
    rows = [pending(NOW - timedelta(minutes=minutes)) for minutes in range(6, 0, -1)]
    held = [row.pk for row in rows[:3]]
    claimed: list = []

    def dispatcher() -> None:
        try:
            claimed.extend(claim_due(now=NOW))
        finally:
            connection.close()

    with transaction.atomic():
        list(Message.objects.select_for_update().filter(pk__in=held).values_list("pk"))
        thread = threading.Thread(target=dispatcher)
        thread.start()
        thread.join(timeout=10)
        # It did not wait for the lock: it took the others and returned.
        assert not thread.is_alive()

    assert claimed == [row.pk for row in rows[3:]]
    assert claim_due(now=NOW) == held


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_dispatchers_never_claim_the_same_row():
    rows = [pending(NOW - timedelta(seconds=seconds)) for seconds in range(120)]
    dispatchers = 6
    barrier = threading.Barrier(dispatchers)
    claims: list[list[int]] = [[] for _ in range(dispatchers)]

    def dispatcher(index: int) -> None:
        try:
            connection.ensure_connection()
            barrier.wait(timeout=10)
            while ids := claim_due(now=NOW, limit=7):
                claims[index].extend(ids)
        finally:
            connection.close()

    threads = [threading.Thread(target=dispatcher, args=(index,)) for index in range(dispatchers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    every_claim = [pk for ids in claims for pk in ids]
    assert sorted(every_claim) == sorted(row.pk for row in rows)
    assert len(set(every_claim)) == len(every_claim)
