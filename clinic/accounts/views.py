from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as second_factor_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticToken

from clinic.web.requests import client_ip, next_url

from .access import is_clinic_staff
from .forms import (
    AuthenticatorConfirmForm,
    CountedPasswordChangeForm,
    SecondFactorForm,
    TurnOffSecondFactorForm,
)
from .signals import second_factor_refused
from .signin import SECOND_FACTOR_SESSION_KEY, locked_out, lockout_response, password_confirmed
from .twofactor import (
    TooManyCodes,
    backup_codes_renew,
    has_second_factor,
    second_factor_turn_off,
    second_factor_verify,
    totp_device_confirm,
    totp_device_pending,
    totp_qr_svg,
    totp_secret,
)

WRONG_CODE = "That code is not right, or it was used already."


def _next_url(request: HttpRequest) -> str:
    return next_url(request, resolve_url(settings.LOGIN_REDIRECT_URL))


def _verified(request: HttpRequest, device) -> None:
    second_factor_login(request, device)
    request.session.cycle_key()
    request.session[SECOND_FACTOR_SESSION_KEY] = True


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "enabled": has_second_factor(user),
        "required": is_clinic_staff(user),
        "backup_codes_left": StaticToken.objects.filter(device__user=user).count(),
    }
    return render(request, "two_factor/home.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    if has_second_factor(request.user):
        return redirect("two-factor")
    device = totp_device_pending(request.user)
    form = AuthenticatorConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = totp_device_confirm(device=device, code=form.cleaned_data["code"])
        if codes is not None:
            _verified(request, device)
            context = {"codes": codes, "next": _next_url(request), "new": True}
            return render(request, "two_factor/backup_codes.html", context)
        form.add_error("code", "That code is not right. Type the code the app shows now.")
    context = {
        "form": form,
        "qr_svg": totp_qr_svg(device),
        "secret": totp_secret(device),
        "next": _next_url(request),
        "required": is_clinic_staff(request.user),
    }
    return render(request, "two_factor/setup.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    if not has_second_factor(user):
        return redirect("two-factor-setup" if is_clinic_staff(user) else "two-factor")
    form = SecondFactorForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        device, status = _device_for_code(form, user)
        if device is not None:
            _verified(request, device)
            return redirect(_next_url(request))
        if status == 400:
            second_factor_refused.send(sender=type(user), request=request, user=user)
    context = {"form": form, "next": _next_url(request)}
    return render(request, "two_factor/verify.html", context, status=status)


def _device_for_code(form, user) -> tuple[Device | None, int]:
    """The device that accepts the form's code; else None, the form's error and its status
    (429 while the device pauses after many wrong codes)."""
    try:
        device = second_factor_verify(user=user, code=form.cleaned_data["code"])
    except TooManyCodes as paused:
        form.add_error("code", str(paused))
        return None, 429
    if device is None:
        form.add_error("code", WRONG_CODE)
    return device, 400


@never_cache
@login_required
@require_POST
def two_factor_backup_codes(request: HttpRequest) -> HttpResponse:
    if not has_second_factor(request.user):
        return redirect("two-factor-setup")
    if not request.user.is_verified():
        return redirect("two-factor-verify")
    codes = backup_codes_renew(user=request.user)
    return render(request, "two_factor/backup_codes.html", {"codes": codes, "next": ""})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_turn_off(request: HttpRequest) -> HttpResponse:
    """A client's password and a current code turn it off; staff must keep it on."""
    user = request.user
    if is_clinic_staff(user):
        raise PermissionDenied("Clinic staff must keep two-step sign-in on.")
    if not has_second_factor(user):
        return redirect("two-factor")
    form = TurnOffSecondFactorForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        confirmed = password_confirmed(request, user, form.cleaned_data["password"])
        if locked_out(request):
            return lockout_response(request)
        if not confirmed:
            form.add_error("password", "The password is not right.")
            status = 400
        else:
            device, status = _device_for_code(form, user)
            if device is not None:
                second_factor_turn_off(user=user, ip=client_ip(request))
                request.session.pop(SECOND_FACTOR_SESSION_KEY, None)
                messages.success(request, "Two-step sign-in is off.")
                return redirect("two-factor")
    if form.errors and status == 200:
        status = 400
    return render(request, "two_factor/turn_off.html", {"form": form}, status=status)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's page; a wrong old password counts toward the sign-in lockout."""

    form_class = CountedPasswordChangeForm

    def get_form_kwargs(self) -> dict:
        return {**super().get_form_kwargs(), "request": self.request}

    def form_invalid(self, form) -> HttpResponse:
        if locked_out(self.request):
            return lockout_response(self.request)
        return super().form_invalid(form)
