"""Reads that pages and the API share."""

from datetime import date, datetime, timedelta

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate
from django.shortcuts import get_object_or_404
from django.utils import timezone

from clinic.catalogue.models import Service
from clinic.clock import clinic_zone, wall_to_utc
from therapists.credentials.models import Credential, CredentialKind, CredentialStatus
from therapists.models import Therapist

from .availability import Slot, available_slots
from .models import Appointment, AppointmentStatus


def reachable_appointment(user, pk: int) -> Appointment:
    """The appointment, if the user may reach it and its note (a client's other therapists
    too); a 404 like a missing one otherwise."""
    return get_object_or_404(Appointment.objects.reachable_by(user).with_related(), pk=pk)


def day_slots_for(*, therapist: Therapist, service: Service, day: date) -> list[Slot]:
    if not therapist.services.filter(pk=service.pk).exists():
        return []
    return available_slots(
        service=service, therapist_ids=[therapist.pk], first_day=day, days=1, now=timezone.now()
    )


def local_span(first_day: date, days: int) -> tuple[datetime, datetime]:
    zone = clinic_zone()
    end_day = first_day + timedelta(days=days)
    return wall_to_utc(first_day, datetime.min.time(), zone), wall_to_utc(
        end_day, datetime.min.time(), zone
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


def requests_to_decide(*, now: datetime) -> QuerySet[Appointment]:
    """Bookings waiting for an admin's approval whose session is still to come."""
    return Appointment.objects.filter(status=AppointmentStatus.PENDING_APPROVAL, start__gt=now)
