"""Reads of the audit trail: by client, by user, by date and by action."""

from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import AuditEvent


def _person_matches(relation: str, text: str) -> Q:
    """Every word of `text` is part of the person's email, first or last name."""
    query = Q()
    for word in text.split():
        query &= (
            Q(**{f"{relation}__email__icontains": word})
            | Q(**{f"{relation}__first_name__icontains": word})
            | Q(**{f"{relation}__last_name__icontains": word})
        )
    return query


def _local_midnight(day: date) -> datetime:
    """The start of a day in the clinic's time zone (the current one), as an aware time."""
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_events_matching(
    *,
    client: str = "",
    user: str = "",
    start: date | None = None,
    end: date | None = None,
    action: str = "",
) -> QuerySet[AuditEvent]:
    """Events newest first, with their actor and subject; dates are the clinic's, inclusive."""
    events = AuditEvent.objects.select_related("actor", "subject").order_by("-at", "-pk")
    if client.strip():
        events = events.filter(_person_matches("subject", client))
    if user.strip():
        events = events.filter(_person_matches("actor", user))
    if start:
        events = events.filter(at__gte=_local_midnight(start))
    if end:
        events = events.filter(at__lt=_local_midnight(end + timedelta(days=1)))
    if action:
        events = events.filter(action=action)
    return events
