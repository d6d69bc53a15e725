from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from clients.intake.models import IntakeDraft
from clinic.accounts.models import Role, User
from clinic.audit.models import AuditEvent
from clinic.audit.services import audit
from clinic.messaging.models import Message
from clinic.messaging.services import messages_skip
from sessions.models import Appointment
from sessions.services import appointment_cancel

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
    Token.objects.filter(user=user).delete()
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
