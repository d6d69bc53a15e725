"""Credentials' parts of other apps' pages: the therapist's credentials to renew, at the top
of their schedule."""

from django import template
from django.utils import timezone

from clinic.accounts.access import therapist_of

from ..models import Credential, Expiry
from ..selectors import credentials_to_renew

register = template.Library()

# How far ahead a therapist is reminded, on their schedule, of a credential's end.
RENEWAL_NOTICE_DAYS = 60


@register.simple_tag(takes_context=True)
def credentials_to_renew_soon(context) -> list:
    """The signed-in therapist's verified credentials that have expired or end within 60
    days and that nothing renews yet, each with the days it has left (negative: expired)."""
    therapist = therapist_of(context["request"].user)
    if therapist is None:
        return []
    today = timezone.localdate()
    credentials = list(
        credentials_to_renew(therapist, today=today, within_days=RENEWAL_NOTICE_DAYS)
    )
    for credential in credentials:
        credential.days_left = (credential.expires_on - today).days
    return credentials


@register.simple_tag
def credential_expiry(credential: Credential) -> Expiry | None:
    """Whether the credential has expired or expires soon, as of the clinic's today."""
    return credential.expiry_on(timezone.localdate())


@register.inclusion_tag("credentials/_expiry_badge.html")
def expiry_badge(credential: Credential) -> dict:
    """The credential's "Expired" or "Expires soon" badge; nothing when neither."""
    return {"expiry": credential_expiry(credential)}
