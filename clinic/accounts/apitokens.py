"""API tokens: a new random key at each sign-in, kept only as a digest, good for a while."""

import hashlib
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from .access import is_clinic_staff
from .models import ApiToken, User


def api_token_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_hours(user: User) -> int:
    """Staff tokens last API_TOKEN_HOURS, clients' API_TOKEN_HOURS_CLIENT."""
    return settings.API_TOKEN_HOURS if is_clinic_staff(user) else settings.API_TOKEN_HOURS_CLIENT


def api_token_create(*, user: User, now: datetime | None = None) -> tuple[str, ApiToken]:
    """A new token for the user: its key, shown this once, and the stored row."""
    now = now or timezone.now()
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        digest=api_token_digest(key),
        created=now,
        expires=now + timedelta(hours=api_token_hours(user)),
    )
    ApiToken.objects.filter(user=user, expires__lte=now).delete()
    return key, token


def api_tokens_revoke(*, user: User) -> int:
    """End every API token of the user (sign-out, a new password, a closed account)."""
    deleted, _ = ApiToken.objects.filter(user=user).delete()
    return deleted


class ApiTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`: the key's digest names a live token of an active user."""

    def authenticate_credentials(self, key: str) -> tuple[User, ApiToken]:
        token = (
            ApiToken.objects.live()
            .select_related("user")
            .filter(digest=api_token_digest(key))
            .first()
        )
        if token is None or not token.user.is_active:
            raise AuthenticationFailed("The token is not valid or has expired: sign in again.")
        return token.user, token
