"""Sign-in rules: who needs a second factor and a short idle timeout, and the lockout answer."""

import math

from django.conf import settings
from django.contrib.auth import authenticate
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from .access import is_clinic_staff
from .models import User

# Set at sign-in for an account that has a confirmed second factor of its own choosing.
SECOND_FACTOR_SESSION_KEY = "second_factor_required"
LAST_ACTIVITY_SESSION_KEY = "last_activity"


def second_factor_required(request: HttpRequest) -> bool:
    user = request.user
    return is_clinic_staff(user) or bool(request.session.get(SECOND_FACTOR_SESSION_KEY))


def attempted_email(request: HttpRequest, credentials: dict | None) -> str | None:
    """The account a sign-in attempt names, as lockouts count it: any case is one account."""
    source = credentials or getattr(request, "data", None) or request.POST
    email = source.get("username") or source.get("email")
    return email.strip().lower()[:254] if isinstance(email, str) else None


def password_confirmed(request: HttpRequest, user: User, password: str) -> bool:
    """Whether the password is the signed-in user's, checked as a sign-in is: a wrong one
    counts toward the same lockout, and during a lockout even the right one is refused."""
    confirmed = authenticate(request, email=user.email, password=password)
    return confirmed is not None and confirmed.pk == user.pk


def locked_out(request: HttpRequest) -> bool:
    return bool(getattr(request, "axes_locked_out", False))


def lockout_message() -> str:
    minutes = math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    return f"Too many failed sign-ins. Try again in {minutes} minutes."


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials=None
) -> HttpResponse:
    """The same answer whether or not the account exists: 429 with the cool-off."""
    status = settings.AXES_HTTP_RESPONSE_CODE
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": lockout_message()}, status=status)
    return render(
        request, "registration/locked_out.html", {"message": lockout_message()}, status=status
    )
