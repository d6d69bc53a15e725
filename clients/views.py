from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from clients.models import ClientProfile
from clinic.accounts.access import access_required, is_client
from clinic.accounts.confirmation import email_confirm
from clinic.accounts.signin import locked_out, lockout_response, password_confirmed
from clinic.web.requests import client_ip

from .forms import CloseAccountForm, PreferencesForm, SignUpForm
from .selectors import upcoming_sessions
from .services import (
    CloseRefused,
    ConfirmationRefused,
    account_close,
    client_sign_up,
    email_confirmation_resend,
)


@access_required(is_client, "Only clients close their account here.", methods=["GET", "POST"])
def account_close_view(request):
    form = CloseAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        confirmed = password_confirmed(request, request.user, form.cleaned_data["password"])
        if locked_out(request):
            return lockout_response(request)
        try:
            cancelled = account_close(
                user=request.user, password_confirmed=confirmed, ip=client_ip(request)
            )
        except CloseRefused as refusal:
            form.add_error("password", str(refusal))
        else:
            logout(request)
            return render(request, "clients/account_closed.html", {"cancelled": cancelled})
    context = {"form": form, "upcoming": upcoming_sessions(request.user)}
    return render(
        request, "clients/account_close.html", context, status=400 if form.errors else 200
    )


@access_required(is_client, "Your account page is for clients.", methods=["GET"])
def account(request):
    """The client's own page: their details, what they may still spend, and their choices."""
    return render(request, "clients/account.html")


@require_http_methods(["GET", "POST"])
def signup(request):
    """The same answer for a new address and one in use: check your email."""
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        client_sign_up(
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            phone=form.cleaned_data["phone"],
        )
        return redirect("signup-done")
    return render(request, "registration/signup.html", {"form": form})


@require_http_methods(["GET"])
def signup_done(request):
    return render(request, "registration/signup_done.html")


@require_http_methods(["GET"])
def email_confirm_view(request, token: str):
    confirmed = email_confirm(token=token) is not None
    context = {"confirmed": confirmed}
    return render(
        request, "clients/email_confirmed.html", context, status=200 if confirmed else 400
    )


@access_required(is_client, "Only clients confirm their email address here.", methods=["POST"])
def email_confirmation_send(request):
    try:
        email_confirmation_resend(user=request.user)
    except ConfirmationRefused as refusal:
        messages.info(request, str(refusal))
    else:
        messages.success(request, f"We sent a new link to {request.user.email}.")
    return redirect("account")


@access_required(is_client, "Message preferences are for clients.", methods=["GET", "POST"])
def message_preferences(request):
    profile, _ = ClientProfile.objects.get_or_create(user=request.user)
    form = PreferencesForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your message preferences are saved.")
        return redirect("message-preferences")
    status = 400 if form.errors else 200
    return render(request, "clients/message_preferences.html", {"form": form}, status=status)
