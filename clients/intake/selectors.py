from datetime import timedelta

from django.db.models import (
    Exists,
    OuterRef,
    Subquery,
)
from django.utils import timezone

from clinic.bodymap.suggestions import NOTE as SUGGESTION_NOTE
from clinic.bodymap.suggestions import suggest_muscles

from .models import Intake, IntakeClearance, ScreeningStatus

INTAKE_VALID_FOR = timedelta(days=365)


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


def suggestions_for(intake) -> tuple[list, str]:
    """Ranked muscles from the intake's chart, and the note shown with them; none while the
    screening needs a clearance that nobody has recorded."""
    if intake is None:
        return [], "No intake yet: nothing to suggest from."
    uncleared = (
        intake.screening_status == ScreeningStatus.NEEDS_CLEARANCE
        and not intake.clearances.exists()
    )
    if uncleared:
        return [], "Suggestions are held back until the screening's clearance is recorded."
    return suggest_muscles(intake.chart), SUGGESTION_NOTE


def intake_needs_therapist(client) -> bool:
    """Whether the client's latest intake raised something for the therapist (a caution, or
    a clearance still missing): all the front desk may learn of a screening, never what."""
    latest = Intake.objects.filter(client=client).order_by("-version").first()
    if latest is None:
        return False
    if latest.screening_status == ScreeningStatus.CAUTION:
        return True
    return latest.screening_status == ScreeningStatus.NEEDS_CLEARANCE and not (
        latest.clearances.exists()
    )
