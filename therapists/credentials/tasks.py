from celery import shared_task
from django.utils import timezone

from .messages import plan_due_expiry_alerts


@shared_task
def plan_credential_expiry_alerts() -> int:
    """Hourly (beat): the expiry alerts of credentials expiring soon, planned idempotently."""
    return plan_due_expiry_alerts(now=timezone.now())
