"""The notes' messages: aftercare after each session, quoting the plan of its signed note,
and a nudge to rebook when the plan says when to come back."""

from datetime import datetime, time, timedelta

from django.dispatch import receiver

from clinic.clock import clinic_zone, wall_to_utc
from clinic.messaging.kinds import Kind, register
from clinic.messaging.models import Message
from sessions.messages import (
    APPOINTMENT_RELATED,
    plan_about,
    session_context,
    session_key,
    session_skip,
)
from sessions.models import Appointment
from sessions.signals import appointment_booked, appointment_moved

from .models import NoteStatus, SessionNote

AFTERCARE_DELAY = timedelta(hours=2)
AFTERCARE_GRACE = timedelta(hours=12)
REBOOK_AT = time(10)
REBOOK_GRACE = timedelta(days=7)


def _aftercare_context(message: Message) -> dict:
    signed = SessionNote.objects.filter(appointment=message.subject, status=NoteStatus.SIGNED)
    note = signed.first()
    return {**session_context(message), "plan": note.plan if note else ""}


def _booked_since(message: Message, now: datetime) -> str:
    booked = Appointment.objects.live().filter(client=message.recipient, start__gt=now)
    return "A session is booked." if booked.exists() else ""


AFTERCARE = register(
    Kind(
        name="aftercare",
        label="Aftercare",
        context=_aftercare_context,
        stale=session_skip(after=True),
        optional=True,
        subject_related=APPOINTMENT_RELATED,
    )
)
REBOOK = register(
    Kind(
        name="rebook",
        label="Rebook nudge",
        context=session_context,
        stale=session_skip(),
        skip=_booked_since,
        optional=True,
        subject_related=APPOINTMENT_RELATED,
    )
)


@receiver(appointment_booked, dispatch_uid="notes.plan_aftercare_booked")
@receiver(appointment_moved, dispatch_uid="notes.plan_aftercare_moved")
def plan_aftercare(sender, *, appointment: Appointment, now: datetime, **kwargs) -> None:
    """Aftercare a couple of hours after the session ends."""
    due = appointment.end + AFTERCARE_DELAY
    plan_about(
        appointment,
        AFTERCARE,
        due_at=due,
        send_by=due + AFTERCARE_GRACE,
        key=f"aftercare:{session_key(appointment)}",
    )


def plan_rebook_nudge(note: SessionNote) -> None:
    """When the plan says when to come back: a nudge then, unless something is booked."""
    if not note.rebook_after_days:
        return
    appointment = note.appointment
    zone = clinic_zone()
    day = appointment.start.astimezone(zone).date() + timedelta(days=note.rebook_after_days)
    due = wall_to_utc(day, REBOOK_AT, zone)
    plan_about(
        appointment,
        REBOOK,
        due_at=due,
        send_by=due + REBOOK_GRACE,
        key=f"rebook:{appointment.pk}",
    )
