"""Two beats (one on each of two machines, say) both schedule the dispatcher; the claim of
due rows (`select_for_update(skip_locked=True)`) keeps their dispatches from taking the
same rows, so each message is claimed once and sent once. A claim without the row lock
claims some rows twice here.

One worker with four pool processes runs every dispatch the two beats publish, several at
once. Dispatches claim two rows at a time (MESSAGE_DISPATCH_BATCH), and a full batch
queues the dispatcher again, so many claims overlap. The mail goes through Django's file
backend, which writes every delivery, so a message delivered twice shows twice.
"""

import re
from collections import Counter

import pytest
from django.utils import timezone

from clinic.messaging.models import Message, MessageState
from tests.integration.workers import count_states, due_reminders, wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

DUE = 40
DISPATCHED = re.compile(r"dispatch_due_messages\[[^\]]+\] succeeded in [^:]+: (\d+)")
MESSAGE_ID = re.compile(r"^Message-ID: <clinic-message-(\d+)@", re.MULTILINE)


def claims(log: str) -> list[int]:
    """How many rows each dispatch that the worker ran claimed, from its log."""
    return [int(count) for count in DISPATCHED.findall(log)]


def deliveries(farm) -> Counter:
    """How many times each message went to the mail sink, by message id."""
    delivered = Counter()
    for path in farm.mail.glob("*.log"):
        delivered.update(int(pk) for pk in MESSAGE_ID.findall(path.read_text()))
    return delivered


def test_two_beats_dispatching_at_once_send_each_due_message_exactly_once(worker_farm, redis_url):
    ids = due_reminders(DUE, now=timezone.now(), pairs=DUE)
    farm = worker_farm(
        redis_url,
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        MESSAGE_DISPATCH_BATCH="2",
        MESSAGE_SEND_CHUNK="2",
    )
    worker = farm.start(concurrency=4, beat=False)
    worker.wait_ready()

    beats = [farm.start_beat(), farm.start_beat()]

    wait_until(
        lambda: count_states(ids) == {MessageState.SENT: DUE},
        what=f"all {DUE} messages to be sent",
    )
    rows = Message.objects.filter(pk__in=ids)
    assert sorted(rows.values_list("attempts", flat=True)) == [1] * DUE
    assert deliveries(farm) == Counter(ids)
    wait_until(lambda: sum(claims(worker.log_text())) >= DUE, what="the worker to log its claims")
    assert sum(claims(worker.log_text())) == DUE
    assert all("Sending due task dispatch-due-messages" in beat.log_text() for beat in beats)
