"""Reads about therapists that pages and the API share."""

from datetime import date

from django.db.models import Q, QuerySet

from clinic.catalogue.models import Service
from therapists.credentials.models import CredentialKind

from .models import Therapist


def services_offered(therapist: Therapist, on: date) -> QuerySet[Service]:
    """Active services of the therapist whose certification (if any) they hold on `on`."""
    certifications = (
        therapist.credentials.valid_on(on)
        .filter(kind=CredentialKind.CERTIFICATION)
        .values("certification")
    )
    return therapist.services.active().filter(
        Q(required_certification="") | Q(required_certification__in=certifications)
    )
