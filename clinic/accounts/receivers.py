"""What every sign-in and every change of an account's password or access sets in motion."""

import time

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models.signals import post_save
from django.dispatch import receiver

from .access import is_clinic_staff
from .apitokens import api_tokens_revoke
from .models import User
from .signin import LAST_ACTIVITY_SESSION_KEY, SECOND_FACTOR_SESSION_KEY
from .twofactor import has_second_factor


@receiver(user_logged_in, dispatch_uid="clinic.start_session")
def start_session(sender, request, user, **kwargs) -> None:
    request.session[LAST_ACTIVITY_SESSION_KEY] = time.time()
    if not is_clinic_staff(user) and has_second_factor(user):
        request.session[SECOND_FACTOR_SESSION_KEY] = True


@receiver(post_save, sender=User, dispatch_uid="clinic.end_api_access")
def end_api_access(sender, instance: User, created: bool, **kwargs) -> None:
    """A new password (set on a page, in the admin or by manage.py) or a deactivation ends
    the account's API tokens; its sessions end by themselves (see the session auth hash)."""
    # set_password() keeps the new raw password in _password until the save completes.
    if not created and (instance._password is not None or not instance.is_active):
        api_tokens_revoke(user=instance)


@receiver(user_logged_out, dispatch_uid="clinic.end_api_access_at_sign_out")
def end_api_access_at_sign_out(sender, request, user, **kwargs) -> None:
    """Signing out of the website signs the account out of the API too."""
    if user is not None:
        api_tokens_revoke(user=user)
