"""Reads about credentials that pages and the API share."""

from datetime import date, timedelta

from django.db.models import Exists, OuterRef, QuerySet

from .models import Credential, CredentialKind, CredentialStatus


def public_credentials(therapist, on: date) -> list[Credential]:
    """What clients may see: verified credentials valid today, licence first."""
    order = {CredentialKind.LICENCE: 0, CredentialKind.CERTIFICATION: 1}
    held = therapist.credentials.valid_on(on).order_by("kind", "certification", "-decided_at")
    return sorted(held, key=lambda credential: order.get(credential.kind, 2))


def _renewed() -> Exists:
    """A later credential of the same therapist and kind, verified or waiting for
    verification, takes over: renewing is adding the new one and keeping the old one."""
    return Exists(
        Credential.objects.filter(
            therapist=OuterRef("therapist"),
            kind=OuterRef("kind"),
            certification=OuterRef("certification"),
            expires_on__gt=OuterRef("expires_on"),
            status__in=[CredentialStatus.VERIFIED, CredentialStatus.PENDING],
        )
    )


def _ending(credentials: QuerySet[Credential], last_day: date) -> QuerySet[Credential]:
    """The verified ones that are valid no later than `last_day` and not renewed, the first
    to end first."""
    return (
        credentials.filter(status=CredentialStatus.VERIFIED, expires_on__lte=last_day)
        .exclude(_renewed())
        .order_by("expires_on", "pk")
    )


def credentials_expiring(*, today: date, within_days: int) -> QuerySet[Credential]:
    """Every therapist's verified credentials that end within `within_days` days (today
    included) with no renewal: what the clinic chases before a therapist can't be booked."""
    still_valid = Credential.objects.filter(expires_on__gte=today)
    return _ending(still_valid, today + timedelta(within_days)).select_related("therapist")


def credentials_to_renew(therapist, *, today: date, within_days: int) -> QuerySet[Credential]:
    """The therapist's own verified credentials that have expired, or end within
    `within_days` days, with no renewal yet."""
    return _ending(therapist.credentials.all(), today + timedelta(within_days))
