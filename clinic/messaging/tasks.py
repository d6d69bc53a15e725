"""Celery tasks: thin wrappers that take ids and call the dispatch functions."""

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from .dispatch import BATCH, claim_due, messages_send


@shared_task
def dispatch_due_messages() -> int:
    """Every minute (beat), and after each change that plans messages: claim a batch of
    due rows and hand them, by id, to send tasks of MESSAGE_SEND_CHUNK messages each.

    A full batch means more rows may be due, so the dispatcher queues itself again, halfway
    through the batch's send tasks: it runs while the second half is being sent, so the
    workers never wait for a claim, and it never claims far ahead of what they can send
    (a claim must not outlive its lease while waiting in the queue).
    """
    ids = claim_due(now=timezone.now())
    size = settings.MESSAGE_SEND_CHUNK
    chunks = [ids[start : start + size] for start in range(0, len(ids), size)]
    half = len(chunks) // 2
    for chunk in chunks[:half]:
        send_messages.delay(chunk)
    if len(ids) == BATCH:
        dispatch_due_messages.delay()
    for chunk in chunks[half:]:
        send_messages.delay(chunk)
    return len(ids)


@shared_task
def send_messages(message_ids: list[int]) -> int:
    """Send a chunk of messages over one mail connection; returns how many were sent."""
    outcomes = messages_send(message_ids=message_ids)
    return sum(outcome.state == "sent" for outcome in outcomes)
