"""The audit trail's record of sign-ins, sign-outs, failed sign-ins and lockouts, and of
changes to how an account signs in, whichever path each took."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from clinic.accounts.models import User
from clinic.accounts.signals import (
    second_factor_refused,
    second_factor_turned_off,
    signed_in_with_token,
)
from clinic.accounts.signin import attempted_email

from .models import AuditEvent
from .services import audit, audit_authentication

SIGN_IN_AUDIT = "clinic.audit_sign_in"


@receiver(user_logged_in, dispatch_uid=SIGN_IN_AUDIT)
def audit_sign_in(sender, request, user, **kwargs) -> None:
    audit_authentication(request, action=AuditEvent.Action.SIGN_IN, user=user)


@receiver(signed_in_with_token, dispatch_uid="clinic.audit_token_sign_in")
def audit_token_sign_in(sender, request, user, **kwargs) -> None:
    audit_authentication(request, action=AuditEvent.Action.SIGN_IN, user=user)


@receiver(user_logged_out, dispatch_uid="clinic.audit_sign_out")
def audit_sign_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit_authentication(request, action=AuditEvent.Action.SIGN_OUT, user=user)


@receiver(user_login_failed, dispatch_uid="clinic.audit_sign_in_failed")
def audit_sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    _audit_attempt(request, AuditEvent.Action.SIGN_IN_FAILED, attempted_email(request, credentials))


@receiver(second_factor_refused, dispatch_uid="clinic.audit_second_factor_refused")
def audit_second_factor_refused(sender, request, user, **kwargs) -> None:
    audit_authentication(request, action=AuditEvent.Action.SIGN_IN_FAILED, user=user)


@receiver(user_locked_out, dispatch_uid="clinic.audit_lockout")
def audit_lockout(sender, request, username, **kwargs) -> None:
    _audit_attempt(request, AuditEvent.Action.LOCKOUT, username)


def _audit_attempt(request, action: str, email: str | None) -> None:
    user = User.objects.filter(email__iexact=email).first() if email else None
    audit_authentication(request, action=action, user=user, attempted_email=email or "")


@receiver(second_factor_turned_off, dispatch_uid="clinic.audit_second_factor_turned_off")
def audit_second_factor_turned_off(sender, user, ip, **kwargs) -> None:
    audit(
        actor=user,
        action=AuditEvent.Action.CHANGE,
        record=user,
        ip=ip,
        detail="two-step sign-in turned off",
    )
