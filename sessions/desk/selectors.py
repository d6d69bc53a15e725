"""Reads of the clinic's calendar that the API serves."""

from datetime import date

from clinic.accounts.access import runs_front_desk, therapist_of
from sessions.models import Appointment
from sessions.selectors import local_span
from therapists.models import Therapist


def calendar_for(user, *, first_day: date, days: int) -> dict:
    """The therapists and appointments (cancelled ones too) of the local days from
    `first_day`: every one for the desk and admins, a therapist's own for a therapist.
    Two queries."""
    start, end = local_span(first_day, days)
    if runs_front_desk(user):
        therapists = Therapist.objects.all()
    else:
        therapists = Therapist.objects.filter(pk=getattr(therapist_of(user), "pk", None))
    appointments = (
        Appointment.objects.visible_to(user)
        .filter(start__lt=end, end__gt=start)
        .select_related("client")
        .order_by("start", "pk")
    )
    return {
        "therapists": therapists.order_by("display_name", "pk"),
        "appointments": appointments,
    }
