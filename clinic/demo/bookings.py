"""The demo clients' sessions: past ones with signed notes, missed ones, one booked after a
licence expires, upcoming ones, and a place on the waitlist."""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from clients.intake.models import Intake, ScreeningStatus
from clients.intake.screening import intake_limits
from clinic.accounts.models import User
from clinic.bodymap.suggestions import suggest_muscles
from clinic.catalogue.models import Service
from sessions.availability import available_slots
from sessions.models import Appointment, AppointmentStatus
from sessions.notes.models import SessionNote
from sessions.notes.services import note_open, note_save, note_sign
from sessions.services import appointment_book
from sessions.waitlist.models import WaitlistEntry
from sessions.waitlist.services import waitlist_join
from therapists.credentials.models import (
    CredentialKind,
)
from therapists.models import Therapist

WAITING_CLIENT = 4  # on the waitlist for a weekday late afternoon, with any therapist

WAITLIST_DAYS = 14

MISSING_CLIENT = 5  # no-shows and a late cancellation: their next booking awaits approval

PAST_SESSIONS = 4  # weekly, with pain easing from one to the next


def _hour_session(
    client: User, therapist: Therapist, service: Service, day: date, hour: int, **fields
) -> Appointment:
    """A one-hour session written directly, outside the booking rules (which refuse the past
    and a lapsed licence)."""
    start = datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())
    return Appointment.objects.create(
        client=client,
        therapist=therapist,
        service=service,
        start=start,
        end=start + timedelta(minutes=60),
        blocked_until=start + timedelta(minutes=60),
        **fields,
    )


def past_sessions(client: User, therapist: Therapist, number: int) -> None:
    """A few signed sessions in the past weeks, so plots and heat maps have data."""
    intake = Intake.objects.current_for(client)
    if intake and intake.screening_status == ScreeningStatus.NEEDS_CLEARANCE:
        return  # no massage until a clearance is recorded
    if SessionNote.objects.filter(appointment__client=client).exists():
        return
    service = therapist.services.get(duration_minutes=60)
    suggested = suggest_muscles(intake.chart, limit=3) if intake else []
    # As deep as the screening allows: the demo's notes stay within its limits.
    pressure = min([3, *(limit.limits.max_pressure or 5 for limit in intake_limits(intake))])
    for weeks_ago in range(PAST_SESSIONS, 0, -1):
        day = timezone.localdate() - timedelta(days=7 * weeks_ago + number)
        appointment = _hour_session(client, therapist, service, day, 9 + number)
        note = note_open(appointment=appointment, by=therapist.user)
        before = 3 + weeks_ago
        note_save(
            note=note,
            by=therapist.user,
            fields={
                "subjective": "Pain a little easier since last time." if weeks_ago < 4 else "",
                "objective": "Taut bands with tender nodules; referral reproduced on pressure.",
                "assessment": "Myofascial pain, improving.",
                "plan": "Heat and gentle stretches daily; drink water. Next session in a week.",
                "rebook_after_days": 7,
                "pain_before": before,
                "pain_after": max(before - 3, 0),
            },
            points=[
                {
                    "muscle": s.muscle.id,
                    "side": s.side,
                    "activity": "active",
                    "technique": "ischemic_compression",
                    "pressure": pressure,
                    "duration_seconds": 90,
                    "response": "released" if weeks_ago < 3 else "partly_released",
                    "referral_reproduced": True,
                }
                for s in suggested
            ],
        )
        note_sign(note=note, by=therapist.user, now=appointment.start + timedelta(hours=1))


def missed_sessions(client: User, therapist: Therapist) -> None:
    """As many no-shows and late cancellations in the past weeks as it takes for the client's
    next online booking to await an admin's approval (the last one a late cancellation)."""
    if Appointment.objects.filter(client=client).missed().exists():
        return
    service = therapist.services.get(duration_minutes=60)
    for weeks_ago in range(settings.NO_SHOW_APPROVAL_THRESHOLD, 0, -1):
        day = timezone.localdate() - timedelta(days=7 * weeks_ago + 3)
        missed = {"status": AppointmentStatus.NO_SHOW}
        if weeks_ago == 1:
            start = datetime.combine(day, time(16), tzinfo=timezone.get_current_timezone())
            missed = {
                "status": AppointmentStatus.CANCELLED,
                "late_cancellation": True,
                "cancelled_by": client,
                "cancelled_at": start - timedelta(hours=3),
                "cancellation_reason": "Something came up at work.",
            }
        _hour_session(client, therapist, service, day, 16, **missed)


def waiting_on_the_list(client: User) -> None:
    """Waiting for a weekday late-afternoon session over the next two weeks, with anyone."""
    today = timezone.localdate()
    if WaitlistEntry.objects.waiting(on=today).filter(client=client).exists():
        return
    waitlist_join(
        client=client,
        therapist=None,
        service=Service.objects.get(name="Trigger point therapy", duration_minutes=60),
        first_day=today,
        last_day=today + timedelta(days=WAITLIST_DAYS - 1),
        weekdays=list(range(5)),
        earliest=time(15),
        latest=time(17),
    )


def upcoming_session(client: User, therapist: Therapist, number: int) -> None:
    """One booked session a few days ahead, so schedules and intakes have something to show."""
    if client.appointments.filter(start__gt=timezone.now()).exists():
        return
    service = therapist.services.order_by("duration_minutes").last()
    slots = available_slots(
        service=service,
        therapist_ids=[therapist.pk],
        first_day=timezone.localdate() + timedelta(days=2),
        days=7,
        now=timezone.now(),
    )
    if slots:
        slot = slots[(number * 7) % len(slots)]  # spread the demo sessions over the week
        appointment_book(client=client, therapist=therapist, service=service, start=slot.start)


def booked_after_expiry(client: User, therapist: Therapist) -> None:
    """A session booked for after the therapist's licence expires: the queue lists it."""
    licence = therapist.credentials.get(kind=CredentialKind.LICENCE)
    if client.appointments.filter(therapist=therapist, start__gt=timezone.now()).exists():
        return
    service = therapist.services.get(duration_minutes=60)
    _hour_session(client, therapist, service, licence.expires_on + timedelta(days=4), 11)
