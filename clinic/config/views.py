from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from clinic.accounts.access import access_required, has_therapist_profile, is_admin, runs_front_desk
from sessions.reports.queries import day_figures
from sessions.selectors import requests_to_decide
from therapists.credentials.models import Credential
from therapists.credentials.selectors import credentials_expiring

# How far ahead the admin's home lists the credentials that end.
EXPIRY_NOTICE_DAYS = 30


def home_for(user) -> str | None:
    """Where a member of staff starts (after signing in, or at /): admins at their home,
    therapists at their schedule, the front desk at the clinic's calendar. None for clients
    and visitors, whose start is the home page."""
    if is_admin(user):
        return reverse("admin-home")
    if has_therapist_profile(user):
        return reverse("schedule")
    if runs_front_desk(user):
        return reverse("desk")
    return None


def home(request: HttpRequest) -> HttpResponse:
    start = home_for(request.user)
    if start is not None:
        return redirect(start)
    return render(request, "clinic/home.html")


@access_required(is_admin, "This page is for clinic admins.", methods=["GET"])
def admin_home(request: HttpRequest) -> HttpResponse:
    """What waits for an admin's decision, today's figures, and the credentials that end soon."""
    now = timezone.now()
    today = timezone.localdate(now)
    context = {
        "today": today,
        "credentials_waiting": Credential.objects.pending().count(),
        "requests_waiting": requests_to_decide(now=now).count(),
        "figures": day_figures(today),
        "expiring": credentials_expiring(today=today, within_days=EXPIRY_NOTICE_DAYS),
        "expiry_notice_days": EXPIRY_NOTICE_DAYS,
    }
    return render(request, "clinic/admin_home.html", context)
