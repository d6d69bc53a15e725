from datetime import datetime

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from clients.intake.models import IntakeDraft
from clinic.accounts.apitokens import api_tokens_revoke
from clinic.accounts.models import Role, User
from clinic.audit.models import AuditEvent
from clinic.audit.services import audit
from clinic.messaging.kinds import link
from clinic.messaging.models import Message
from clinic.messaging.services import messages_skip
from sessions.models import Appointment
from sessions.services import appointment_cancel

from .messages import plan_email_confirmation, plan_sign_up_attempt
from .models import ClientProfile
from .selectors import upcoming_sessions


@transaction.atomic
def client_register(
    *, email: str, password: str, first_name: str, last_name: str, phone: str = ""
) -> User:
    user = User.objects.create_user(
        email, password, first_name=first_name, last_name=last_name, role=Role.CLIENT
    )
    ClientProfile.objects.create(user=user, phone=phone)
    return user


@transaction.atomic
def client_sign_up(
    *,
    email: str,
    password: str,
    first_name: str,
    last_name: str,
    phone: str = "",
    now: datetime | None = None,
) -> User | None:
    """A new client account, sent a link to confirm its email address; or None when the
    address has an account already, whose owner is told by email instead. The caller
    answers the same either way, so sign-up never tells whose address is in use."""
    now = now or timezone.now()
    email = User.objects.normalize_email(email).strip().lower()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is None:
        try:
            user = client_register(
                email=email,
                password=password,
                first_name=first_name,
                last_name=last_name,
                phone=phone,
            )
        except IntegrityError:  # the same address, signed up a moment ago
            existing = User.objects.get(email__iexact=email)
        else:
            plan_email_confirmation(user, now=now)
            return user
    make_password(password)  # as long as a new account takes, so timing tells nothing
    plan_sign_up_attempt(existing, now=now)
    return None


class ConfirmationRefused(Exception):
    pass


def email_confirmation_resend(*, user: User, now: datetime | None = None) -> None:
    """Send a new confirmation link (at most one an hour) to a client not yet confirmed."""
    if user.email_confirmed:
        raise ConfirmationRefused("Your email address is confirmed already.")
    plan_email_confirmation(user, now=now or timezone.now())


class CloseRefused(Exception):
    pass


CLOSED_REASON = "The client closed their account."


@transaction.atomic
def account_close(*, user: User, password_confirmed: bool, ip: str | None) -> list[Appointment]:
    """Close a client's account at their request; return the sessions it cancelled.
    The caller checks the password as a sign-in (clinic.signin.password_confirmed).

    The clinical records (intakes, notes, appointments, check-ins) stay, as the clinic must
    keep them; the person's access goes: the account is deactivated and every session and
    API token ends. The phone is blanked (the signed intakes keep the contact details the
    record needs) and messages stop.
    """
    if not user.is_client:
        raise CloseRefused("Only a client's own account can be closed here.")
    if not user.is_active or not password_confirmed:
        raise CloseRefused("The password is not right.")
    now = timezone.now()
    cancelled = [
        appointment_cancel(appointment=appointment, by=user, reason=CLOSED_REASON, now=now)
        for appointment in upcoming_sessions(user, now=now)
    ]
    # After the cancellations, whose notices to the client are skipped with the rest.
    messages_skip(Message.objects.filter(recipient=user), reason=CLOSED_REASON)
    _blank_contact(user, now=now)
    IntakeDraft.objects.filter(client=user).delete()
    User.objects.filter(pk=user.pk).update(is_active=False)
    user.is_active = False
    api_tokens_revoke(user=user)
    end_sessions(user)
    audit(
        actor=user,
        action=AuditEvent.Action.CHANGE,
        record=user,
        ip=ip,
        detail="account closed",
    )
    return cancelled


def _blank_contact(user: User, *, now) -> None:
    profile, _ = ClientProfile.objects.get_or_create(user=user)
    profile.phone = ""
    profile.by_sms = profile.reminders = profile.reminder_2h = False
    profile.closed_at = now
    profile.closed_by = user
    profile.save()


def end_sessions(user: User) -> None:
    """Delete every signed-in session of this user (the session table holds no user column,
    so each live session is decoded; closing an account is rare)."""
    user_id = str(user.pk)
    ended = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get(SESSION_KEY) == user_id
    ]
    Session.objects.filter(pk__in=ended).delete()


# The desk keeps clients' contact details.

DUPLICATE_EMAIL = "Another account already uses this email address."
CONTACT_FIELDS = ("first_name", "last_name", "email")
PREFERENCE_FIELDS = ("phone", "by_email", "by_sms", "reminders", "reminder_2h")


class ContactRefused(Exception):
    """Contact details the rules refuse; `field` names the input at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _check_email_free(email: str, *, keep: User | None = None) -> str:
    email = User.objects.normalize_email(email).strip().lower()
    others = User.objects.filter(email__iexact=email)
    if keep is not None:
        others = others.exclude(pk=keep.pk)
    if others.exists():
        raise ContactRefused("email", DUPLICATE_EMAIL)
    return email


@transaction.atomic
def client_create(
    *, first_name: str, last_name: str, email: str, phone: str, by: User, ip: str | None = None
) -> User:
    """A client the desk adds (one who phoned in, say), who has never signed up: the account
    has no usable password until the client sets one from an invitation."""
    email = _check_email_free(email)
    client = User.objects.create_user(
        email,
        None,
        first_name=first_name,
        last_name=last_name,
        role=Role.CLIENT,
        email_confirmed_at=timezone.now(),
    )
    ClientProfile.objects.create(user=client, phone=phone)
    audit(
        actor=by, action=AuditEvent.Action.CREATE, record=client, ip=ip, detail="added at the desk"
    )
    return client


@transaction.atomic
def client_update_contact(
    *, client: User, by: User, ip: str | None = None, **changes: str | bool
) -> User:
    """Change a client's name, email, phone or message preferences (only the fields given).
    The audit trail says which fields changed, not their values."""
    if not client.is_client:
        raise ContactRefused("email", "Only a client's contact details are kept here.")
    unknown = set(changes) - set(CONTACT_FIELDS) - set(PREFERENCE_FIELDS)
    if unknown:
        raise TypeError(f"Not a contact detail: {', '.join(sorted(unknown))}")
    if "email" in changes:
        changes["email"] = _check_email_free(str(changes["email"]), keep=client)
    profile, _ = ClientProfile.objects.get_or_create(user=client)
    if changes.get("by_sms", profile.by_sms) and not changes.get("phone", profile.phone):
        raise ContactRefused("phone", "Give a mobile number for text messages.")
    changed = [
        name
        for name in (*CONTACT_FIELDS, *PREFERENCE_FIELDS)
        if name in changes
        and getattr(client if name in CONTACT_FIELDS else profile, name) != changes[name]
    ]
    for name in changed:
        setattr(client if name in CONTACT_FIELDS else profile, name, changes[name])
    client.save()
    profile.save()
    if changed:
        audit(
            actor=by,
            action=AuditEvent.Action.CHANGE,
            record=client,
            ip=ip,
            detail="contact details: " + ", ".join(changed),
        )
    return client


def client_may_be_invited(client: User) -> bool:
    """A client who has no password yet (added at the desk) may be sent an invitation."""
    return client.is_client and client.is_active and not client.has_usable_password()


def client_invite(*, client: User, by: User) -> None:
    """Email the client a link to set their password: Django's password-reset token, which
    stops working once a password is set, opened by the ordinary set-password page. The
    mail goes at once, not through the message rows: the link is a credential and is not
    kept anywhere."""
    if not client_may_be_invited(client):
        raise ContactRefused("client", "This client has a password already.")
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(client.pk)),
            "token": default_token_generator.make_token(client),
        },
    )
    context = {
        "client": client,
        "link": link(path),
        "days": settings.PASSWORD_RESET_TIMEOUT // 86400,
    }
    subject = render_to_string("clients/invitation.subject.txt", context).strip()
    body = render_to_string("clients/invitation.txt", context)
    send_mail(subject, body, None, [client.email])
