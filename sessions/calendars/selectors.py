from datetime import timedelta

from django.utils import timezone

from sessions.models import Appointment
from therapists.models import Therapist

# Past sessions kept in a feed, so a calendar does not drop today's finished ones.
FEED_PAST_DAYS = 30


def feed_appointments(therapist: Therapist):
    since = timezone.now() - timedelta(days=FEED_PAST_DAYS)
    return (
        Appointment.objects.live()
        .filter(therapist=therapist, start__gte=since)
        .select_related("client", "service")
        .order_by("start")
    )
