"""Reads of client records, with who may make them."""

from datetime import timedelta

from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from clinic.accounts.models import User
from sessions.models import Appointment, AppointmentStatus

from .models import Intake, IntakeClearance, ScreeningStatus

INTAKE_VALID_FOR = timedelta(days=365)


def can_read_client_records(user: User, client_id: int) -> bool:
    """The client, admins, and therapists booked with or who treated the client."""
    if not user.is_authenticated:
        return False
    if user.pk == client_id or user.is_clinic_admin or user.is_superuser:
        return True
    if user.is_therapist:
        booked = Appointment.objects.live().filter(client_id=client_id, therapist__user=user)
        return booked.exists()
    return False


def upcoming_sessions(client: User, *, now=None):
    """The client's booked sessions still to come, soonest first."""
    booked = Appointment.objects.filter(client=client, status=AppointmentStatus.BOOKED)
    return booked.filter(start__gt=now or timezone.now()).with_related().order_by("start")


def intake_is_current(intake: Intake | None) -> bool:
    return intake is not None and intake.created_at > timezone.now() - INTAKE_VALID_FOR


def with_intake_state(appointments):
    """Annotate appointments with their client's latest intake: when, screen, cleared."""
    latest = Intake.objects.filter(client=OuterRef("client_id")).order_by("-version")
    return appointments.annotate(
        intake_at=Subquery(latest.values("created_at")[:1]),
        intake_screening=Subquery(latest.values("screening_status")[:1]),
        intake_pk=Subquery(latest.values("pk")[:1]),
        # OuterRef here is the appointment row (with its intake_pk), not the clearance.
        intake_cleared=Exists(IntakeClearance.objects.filter(intake=OuterRef("intake_pk"))),
    )


def intake_flags(appointment) -> list[str]:
    """What the therapist's schedule says about an annotated appointment's intake."""
    flags = []
    if appointment.intake_at is None:
        flags.append("No intake")
    elif appointment.intake_at <= timezone.now() - INTAKE_VALID_FOR:
        flags.append("Intake over a year old")
    if (
        appointment.intake_screening == ScreeningStatus.NEEDS_CLEARANCE
        and not appointment.intake_cleared
    ):
        flags.append("Needs clearance")
    elif appointment.intake_screening == ScreeningStatus.CAUTION:
        flags.append("Caution")
    return flags
