"""Booking's parts of other apps' pages: a therapist's free times, and the bookings an
expiring credential puts at risk. Pages of apps below booking show them through these tags."""

from django import template
from django.urls import reverse
from django.utils import timezone

from therapists.selectors import services_offered

from ..selectors import appointments_without_credentials
from ..views import slot_picker_context

register = template.Library()


@register.inclusion_tag("sessions/_book_with.html", takes_context=True)
def book_with(context, therapist) -> dict:
    """The therapist's free times on a day, for a service they offer, to book one."""
    return slot_picker_context(
        context["request"],
        therapist=therapist,
        services=services_offered(therapist, timezone.localdate()),
        action=reverse("appointment-new"),
        method="get",
    )


@register.simple_tag
def bookings_without_credentials():
    """Booked sessions a therapist's required credentials won't cover on the day."""
    return appointments_without_credentials(now=timezone.now())
