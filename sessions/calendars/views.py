"""A therapist's private calendar feed (the token is the key) and its settings."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from clinic.accounts.access import access_required, has_therapist_profile, therapist_of
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


@access_required(
    has_therapist_profile, "Calendar feeds are for therapists.", methods=["GET", "POST"]
)
def calendar_feed_settings(request):
    therapist = therapist_of(request.user)
    if request.method == "POST":
        calendar_feed_rotate(therapist=therapist)
        messages.success(request, "Your calendar has a new address; the old one no longer works.")
        return redirect("calendar-feed-settings")
    feed = CalendarFeed.objects.filter(therapist=therapist).first()
    url = request.build_absolute_uri(reverse("calendar-feed", args=[feed.token])) if feed else ""
    return render(request, "calendars/calendar_feed.html", {"feed": feed, "feed_url": url})
