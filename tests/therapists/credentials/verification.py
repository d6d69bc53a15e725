"""Helpers for the verification queue tests: a pending licence with its scan, and the
address of its review page."""

from datetime import UTC, datetime

from tests.factories import CredentialFactory
from therapists.credentials.models import Credential, CredentialStatus

from .documents import png_upload

NOW = datetime(2026, 12, 1, 15, tzinfo=UTC)
QUEUE = "/therapists/credentials/"


def pending_licence(therapist, *, sent: datetime = NOW, **fields) -> Credential:
    credential = CredentialFactory(
        therapist=therapist, status=CredentialStatus.PENDING, submitted_at=sent, **fields
    )
    credential.document_type = "image/png"
    credential.document.save("scan.png", png_upload())
    return credential


def review(credential) -> str:
    return f"{QUEUE}{credential.pk}/"
