"""Reads that pages and the API share."""

from datetime import date, datetime, timedelta

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from clinic.accounts.access import may_read_client_records
from clinic.catalogue.models import Service
from therapists.credentials.models import Credential, CredentialKind, CredentialStatus
from therapists.models import Therapist

from .availability import Slot, available_slots
from .models import Appointment, AppointmentStatus, NoteStatus, SessionNote
from .rules import clinic_zone, wall_to_utc


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


def therapist_schedule(*, therapist: Therapist, first_day: date, days: int):
    start, end = local_span(first_day, days)
    return (
        Appointment.objects.live()
        .filter(therapist=therapist, start__lt=end, end__gt=start)
        .with_related()
        .with_client_attendance()
        .order_by("start")
    )


def note_appointments(user):
    """Appointments whose note pages and routes this user may reach: their own (as client,
    therapist or admin), and, for a therapist, those of every client booked with them, whose
    signed notes they read and amend (notes_visible_to and the services decide the rest)."""
    if user.is_clinic_admin or user.is_superuser:
        return Appointment.objects.all()
    if user.is_therapist:
        clients = Appointment.objects.live().filter(therapist__user=user).values("client_id")
        return Appointment.objects.filter(Q(therapist__user=user) | Q(client_id__in=clients))
    return Appointment.objects.filter(client=user)


def notes_visible_to(user, client_id: int):
    """The client's notes this user may read, newest first, with their points and addenda.

    Admins read all; therapists of the client read signed notes and their own drafts; the
    client reads their signed notes (pages and API leave out therapist-only remarks).
    """
    notes = (
        SessionNote.objects.filter(appointment__client_id=client_id)
        .select_related("appointment__service", "appointment__therapist", "author", "intake")
        .prefetch_related("points", "addenda__author")
        .order_by("-appointment__start")
    )
    if not may_read_client_records(user, client_id):
        return notes.none()
    if user.is_clinic_admin or user.is_superuser:
        return notes
    if user.is_therapist:
        return notes.filter(Q(author=user) | Q(status=NoteStatus.SIGNED))
    return notes.filter(status=NoteStatus.SIGNED)


def overdue_drafts(therapist_user, now=None):
    """Drafts of this therapist older than 48 hours: flagged on the schedule."""
    now = now or timezone.now()
    return (
        SessionNote.objects.filter(
            author=therapist_user,
            status=NoteStatus.DRAFT,
            appointment__start__lt=now - UNSIGNED_AFTER,
        )
        .select_related("appointment__client", "appointment__service")
        .order_by("appointment__start")
    )


UNSIGNED_AFTER = timedelta(hours=48)


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
