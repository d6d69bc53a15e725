"""Reads about credentials that pages and the API share."""

from datetime import date

from .models import Credential, CredentialKind


def public_credentials(therapist, on: date) -> list[Credential]:
    """What clients may see: verified credentials valid today, licence first."""
    order = {CredentialKind.LICENCE: 0, CredentialKind.CERTIFICATION: 1}
    held = therapist.credentials.valid_on(on).order_by("kind", "certification", "-decided_at")
    return sorted(held, key=lambda credential: order.get(credential.kind, 2))
