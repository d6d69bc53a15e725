"""What every sign-in, sign-out and failed sign-in sets in motion, whichever path it took."""

import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver
from rest_framework.authtoken.models import Token

from clinic.audit.models import AuditEvent
from clinic.audit.services import audit_authentication

from .models import User
from .signin import (
    LAST_ACTIVITY_SESSION_KEY,
    SECOND_FACTOR_SESSION_KEY,
    attempted_email,
    is_clinic_staff,
)
from .twofactor import has_second_factor

SIGN_IN_AUDIT = "clinic.audit_sign_in"


@receiver(user_logged_in, dispatch_uid="clinic.start_session")
def start_session(sender, request, user, **kwargs) -> None:
    request.session[LAST_ACTIVITY_SESSION_KEY] = time.time()
    if not is_clinic_staff(user) and has_second_factor(user):
        request.session[SECOND_FACTOR_SESSION_KEY] = True


@receiver(user_logged_in, dispatch_uid=SIGN_IN_AUDIT)
def audit_sign_in(sender, request, user, **kwargs) -> None:
    audit_authentication(request, action=AuditEvent.Action.SIGN_IN, user=user)


@receiver(user_logged_out, dispatch_uid="clinic.audit_sign_out")
def audit_sign_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit_authentication(request, action=AuditEvent.Action.SIGN_OUT, user=user)


@receiver(user_login_failed, dispatch_uid="clinic.audit_sign_in_failed")
def audit_sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    _audit_attempt(request, AuditEvent.Action.SIGN_IN_FAILED, attempted_email(request, credentials))


@receiver(user_locked_out, dispatch_uid="clinic.audit_lockout")
def audit_lockout(sender, request, username, **kwargs) -> None:
    _audit_attempt(request, AuditEvent.Action.LOCKOUT, username)


def _audit_attempt(request, action: str, email: str | None) -> None:
    user = User.objects.filter(email__iexact=email).first() if email else None
    audit_authentication(request, action=action, user=user, attempted_email=email or "")


@receiver(post_save, sender=User, dispatch_uid="clinic.end_api_access")
def end_api_access(sender, instance: User, created: bool, **kwargs) -> None:
    """A new password (set on a page, in the admin or by manage.py) or a deactivation ends
    the account's API token; its sessions end by themselves (see the session auth hash)."""
    # set_password() keeps the new raw password in _password until the save completes.
    if not created and (instance._password is not None or not instance.is_active):
        Token.objects.filter(user=instance).delete()
