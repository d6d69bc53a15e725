"""Calendar files: a therapist's private feed (the token is the key) and one session's .ics."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from .calendar import appointment_ics, calendar_feed_rotate, feed_appointments, therapist_feed_ics
from .models import Appointment, CalendarFeed

CALENDAR_TYPE = "text/calendar; charset=utf-8"


def _calendar_response(body: str, filename: str | None = None) -> HttpResponse:
    response = HttpResponse(body, content_type=CALENDAR_TYPE)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@require_GET
def calendar_feed(request, token: str):
    """No sign-in: calendar apps fetch this. An unknown or rotated token is a 404.

    The token is found through its unique index, so nothing compares it byte by byte in
    Python; it is 43 random URL-safe characters (256 bits), not guessable by timing.
    """
    feed = (
        CalendarFeed.objects.select_related("therapist")
        .filter(token=token, therapist__user__is_active=True)
        .first()
    )
    if feed is None:
        raise Http404("No such calendar.")
    body = therapist_feed_ics(feed.therapist, feed_appointments(feed.therapist))
    return _calendar_response(body)


@login_required
@require_http_methods(["GET", "POST"])
def calendar_feed_settings(request):
    therapist = getattr(request.user, "therapist", None) if request.user.is_therapist else None
    if therapist is None:
        raise PermissionDenied("Calendar feeds are for therapists.")
    if request.method == "POST":
        calendar_feed_rotate(therapist=therapist)
        messages.success(request, "Your calendar has a new address; the old one no longer works.")
        return redirect("calendar-feed-settings")
    feed = CalendarFeed.objects.filter(therapist=therapist).first()
    url = request.build_absolute_uri(reverse("calendar-feed", args=[feed.token])) if feed else ""
    return render(request, "sessions/calendar_feed.html", {"feed": feed, "feed_url": url})


@never_cache
@login_required
@require_GET
def appointment_calendar(request, pk: int):
    """One session as an .ics file to add to one's own calendar (same UID as the invitation)."""
    appointments = Appointment.objects.visible_to(request.user).with_related()
    appointment = get_object_or_404(appointments, pk=pk)
    body = appointment_ics(appointment, method="PUBLISH")
    return _calendar_response(body, filename=f"session-{appointment.pk}.ics")
