"""Email confirmation: a signed link that names the account and the address it confirms."""

from datetime import datetime, timedelta

from django.core import signing
from django.utils import timezone

from .models import User

SALT = "clinic.accounts.email-confirmation"
# How long a confirmation link works.
LINK_LIFETIME = timedelta(days=3)


def email_confirmation_token(user: User) -> str:
    """A token for the user's current address; a change of address makes it useless."""
    return signing.dumps({"user": user.pk, "email": user.email}, salt=SALT, compress=True)


def email_confirm(*, token: str, now: datetime | None = None) -> User | None:
    """Mark the address the token names as confirmed; the account, or None if the token is
    forged, expired, or for an address the account no longer has."""
    try:
        claim = signing.loads(token, salt=SALT, max_age=LINK_LIFETIME)
    except signing.BadSignature:
        return None
    user = User.objects.filter(
        pk=claim.get("user"), email__iexact=claim.get("email", ""), is_active=True
    ).first()
    if user is not None and user.email_confirmed_at is None:
        user.email_confirmed_at = now or timezone.now()
        user.save(update_fields=["email_confirmed_at"])
    return user
