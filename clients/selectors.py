"""Reads of client records, with who may make them."""

from django.utils import timezone

from clinic.accounts.models import User
from sessions.models import Appointment, AppointmentStatus


def upcoming_sessions(client: User, *, now=None):
    """The client's booked sessions still to come, soonest first."""
    booked = Appointment.objects.filter(client=client, status=AppointmentStatus.BOOKED)
    return booked.filter(start__gt=now or timezone.now()).with_related().order_by("start")
