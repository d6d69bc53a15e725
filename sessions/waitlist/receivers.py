"""Freed time goes to the waitlist: booking and the therapists' calendars say when."""

from django.dispatch import receiver

from sessions.signals import time_freed
from therapists.signals import calendar_changed

from .offers import offer_all_free_time, offer_freed_time


@receiver(time_freed, dispatch_uid="waitlist.offer_freed_time")
def offer_freed_booking_time(sender, *, therapist_id: int, span, now, **kwargs) -> None:
    offer_freed_time(therapist_id=therapist_id, span=span, now=now)


@receiver(calendar_changed, dispatch_uid="waitlist.offer_calendar_time")
def offer_freed_calendar_time(sender, *, therapist_id: int, **kwargs) -> None:
    """New hours or removed time off may free time that clients on the waitlist want."""
    offer_all_free_time(therapist_id=therapist_id)
