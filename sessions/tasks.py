"""Celery tasks: thin wrappers that take ids and call the message services."""

from celery import shared_task
from django.utils import timezone

from .send_messages import claim_due, message_send


@shared_task
def dispatch_due_messages() -> int:
    """Every minute (beat): claim the due rows and hand each to a send task by id."""
    ids = claim_due(now=timezone.now())
    for message_id in ids:
        send_message.delay(message_id)
    return len(ids)


@shared_task
def send_message(message_id: int) -> str:
    return message_send(message_id=message_id).state
