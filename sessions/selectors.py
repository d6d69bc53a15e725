"""Reads that pages and the API share."""

from collections import Counter
from datetime import date, datetime, timedelta

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from clients.models import Intake, ScreeningStatus
from clients.selectors import can_read_client_records
from clinic.bodymap.muscles import MUSCLES_BY_ID
from clinic.bodymap.suggestions import NOTE as SUGGESTION_NOTE
from clinic.bodymap.suggestions import suggest_muscles
from clinic.catalogue.models import Service
from therapists.credentials.models import Credential, CredentialKind, CredentialStatus
from therapists.models import Therapist

from .availability import Slot, available_slots
from .models import Appointment, AppointmentStatus, CheckIn, NoteStatus, SessionNote
from .plot import OutcomePoint
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
    if not can_read_client_records(user, client_id):
        return notes.none()
    if user.is_clinic_admin or user.is_superuser:
        return notes
    if user.is_therapist:
        return notes.filter(Q(author=user) | Q(status=NoteStatus.SIGNED))
    return notes.filter(status=NoteStatus.SIGNED)


def client_outcomes(client_id: int) -> list[OutcomePoint]:
    """Pain before and after each signed session, and each intake's average, by date."""
    zone = clinic_zone()
    points = []
    for start, before, after in SessionNote.objects.filter(
        appointment__client_id=client_id, status=NoteStatus.SIGNED
    ).values_list("appointment__start", "pain_before", "pain_after"):
        day = start.astimezone(zone).date()
        points += [OutcomePoint(day, "before", before), OutcomePoint(day, "after", after)]
    for created, chart in Intake.objects.filter(client_id=client_id).values_list(
        "created_at", "pain_chart"
    ):
        if chart.get("average") is not None:
            points.append(OutcomePoint(created.astimezone(zone).date(), "intake", chart["average"]))
    for answered, pain in CheckIn.objects.filter(appointment__client_id=client_id).values_list(
        "answered_at", "pain_now"
    ):
        points.append(OutcomePoint(answered.astimezone(zone).date(), "checkin", pain))
    return sorted(points, key=lambda point: (point.day, KIND_ORDER[point.kind]))


KIND_ORDER = {"intake": 0, "before": 1, "after": 2, "checkin": 3}


def treated_counts(notes) -> dict[tuple[str, str], int]:
    """How often each (region, side) was treated, by where each muscle's points lie."""
    counts: Counter = Counter()
    for note in notes:
        for point in note.points.all():
            found = MUSCLES_BY_ID.get(point.muscle)
            if found and point.side in "LR":
                counts[found.lies_in, point.side] += 1
    return dict(counts)


def points_by_muscle(notes) -> list[tuple[str, int, str]]:
    """(muscle and side, times treated, last response) across the notes, most treated first."""
    tally: Counter = Counter()
    last: dict[str, str] = {}
    for note in sorted(notes, key=lambda n: n.appointment.start):
        for point in note.points.all():
            key = f"{point.muscle_name} ({point.get_side_display().lower()})"
            tally[key] += 1
            last[key] = point.get_response_display()
    return [(key, count, last[key]) for key, count in tally.most_common()]


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
    return suggest_muscles(intake.pain_chart), SUGGESTION_NOTE


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
