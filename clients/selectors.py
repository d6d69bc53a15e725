"""Reads about clients: their sessions to come, and how messages reach them."""

from django.utils import timezone

from clinic.accounts.models import User
from clinic.messaging.recipients import Reach
from sessions.models import Appointment, AppointmentStatus


def upcoming_sessions(client: User, *, now=None):
    """The client's booked sessions still to come, soonest first."""
    booked = Appointment.objects.filter(client=client, status=AppointmentStatus.BOOKED)
    return booked.filter(start__gt=now or timezone.now()).with_related().order_by("start")


def client_reach(user) -> Reach:
    """How messages reach this person: as their client profile says; by email only
    without one (therapists, admins)."""
    profile = getattr(user, "client_profile", None) if user.is_client else None
    if profile is None:
        return Reach()
    return Reach(
        email=profile.by_email,
        sms=profile.by_sms,
        phone=str(profile.phone or ""),
        reminders=profile.reminders,
        opted_in=frozenset({"reminder_2h"} if profile.reminder_2h else ()),
    )
