"""Session rules enforced on every request: the staff idle timeout and two-step sign-in."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from .access import is_clinic_staff
from .signin import LAST_ACTIVITY_SESSION_KEY, second_factor_required
from .twofactor import has_second_factor

# Activity is written to the session at most this often, so a page view rarely saves it.
ACTIVITY_RESOLUTION_SECONDS = 60


def _sign_in_again(request: HttpRequest) -> HttpResponse:
    return redirect(f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}")


class IdleTimeoutMiddleware:
    """Signs out therapists, admins and staff after a spell without a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and is_clinic_staff(user):
            now = time.time()
            last = request.session.get(LAST_ACTIVITY_SESSION_KEY)
            if last is not None and now - last > settings.SESSION_IDLE_TIMEOUT.total_seconds():
                logout(request)
                minutes = round(settings.SESSION_IDLE_TIMEOUT.total_seconds() / 60)
                messages.info(request, f"You were signed out after {minutes} minutes idle.")
                if request.path.startswith("/api/"):
                    return self.get_response(request)
                return _sign_in_again(request)
            if last is None or now - last >= ACTIVITY_RESOLUTION_SECONDS:
                request.session[LAST_ACTIVITY_SESSION_KEY] = now
        return self.get_response(request)


class SecondFactorMiddleware:
    """Until their code is checked, those who need one reach only the code pages and sign-out."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.open_paths = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and second_factor_required(request)
            and not self._is_open(request.path)
        ):
            return self._refuse(request)
        return self.get_response(request)

    def _is_open(self, path: str) -> bool:
        if self.open_paths is None:
            names = ["two-factor-verify", "two-factor-setup", "logout", "admin:logout"]
            self.open_paths = tuple(reverse(name) for name in names)
        return path in self.open_paths or path.startswith("/" + settings.STATIC_URL.lstrip("/"))

    def _refuse(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            detail = "Finish two-step sign-in on the website first, or use an API token."
            return JsonResponse({"detail": detail}, status=403)
        step = "two-factor-verify" if has_second_factor(request.user) else "two-factor-setup"
        return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
