"""Calendar files: a therapist's private feed (the token is the key) and one session's .ics."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from sessions.ics import calendar_response, therapist_feed_ics

from .models import CalendarFeed
from .selectors import feed_appointments
from .services import calendar_feed_rotate


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
    return calendar_response(body)


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
    return render(request, "calendars/calendar_feed.html", {"feed": feed, "feed_url": url})
