"""Reads about credentials that pages and the API share."""

from datetime import date, datetime

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate

from clinic.catalogue.models import Service
from sessions.models import Appointment, AppointmentStatus
from sessions.rules import clinic_zone

from .models import Credential, CredentialKind, CredentialStatus, Therapist


def public_credentials(therapist: Therapist, on: date) -> list[Credential]:
    """What clients may see: verified credentials valid today, licence first."""
    order = {CredentialKind.LICENCE: 0, CredentialKind.CERTIFICATION: 1}
    held = therapist.credentials.valid_on(on).order_by("kind", "certification", "-decided_at")
    return sorted(held, key=lambda credential: order.get(credential.kind, 2))


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


def _held(kind: str, **match) -> Exists:
    """A verified credential of this kind covering the appointment's clinic date."""
    return Exists(
        Credential.objects.filter(
            therapist=OuterRef("therapist"),
            kind=kind,
            status=CredentialStatus.VERIFIED,
            issued_on__lte=OuterRef("session_day"),
            expires_on__gte=OuterRef("session_day"),
            **match,
        )
    )


def appointments_without_credentials(*, now: datetime) -> QuerySet[Appointment]:
    """Booked sessions still to come whose therapist will not hold, on the session's date,
    a required credential (or the certification the service needs): the clients to call."""
    certified = Q(service__required_certification="") | _held(
        CredentialKind.CERTIFICATION, certification=OuterRef("service__required_certification")
    )
    return (
        Appointment.objects.filter(status=AppointmentStatus.BOOKED, start__gt=now)
        .annotate(session_day=TruncDate("start", tzinfo=clinic_zone()))
        .annotate(
            has_licence=_held(CredentialKind.LICENCE),
            has_insurance=_held(CredentialKind.INSURANCE),
            has_certification=ExpressionWrapper(certified, output_field=BooleanField()),
        )
        .filter(Q(has_licence=False) | Q(has_insurance=False) | Q(has_certification=False))
        .select_related("client__client_profile", "therapist", "service")
        .order_by("start")
    )
