"""The booked session the reschedule and cancel tests change, and how they read it back."""

from datetime import UTC, datetime, time

from clinic.catalogue.models import Service
from sessions.models import Appointment
from sessions.services import appointment_book
from tests.factories import ClientFactory, ServiceFactory, bookable_therapist
from therapists.models import Therapist

from .booking import slots_for, starts

TEN = datetime(2026, 12, 2, 15, tzinfo=UTC)  # 10:00 in Toronto on DAY

NOT_YOURS = "You can't change this appointment."
STARTED = "This session has already started."


def row(appointment: Appointment) -> dict:
    """What the database holds for an appointment, read afresh."""
    return Appointment.objects.values(
        "start", "end", "blocked_until", "status", "cancelled_by", "cancelled_at"
    ).get(pk=appointment.pk)


def day_starts(service: Service, therapist: Therapist) -> list[datetime]:
    return starts(slots_for(service, therapist))


def booked(
    *, duration: int = 60, buffer: int = 0, start: datetime = TEN, end_of_day: time = time(17)
) -> Appointment:
    """A session booked through the rules, by a fresh client with a fresh therapist."""
    service = ServiceFactory(duration_minutes=duration, buffer_minutes=buffer)
    therapist = bookable_therapist(service, end=end_of_day)
    return appointment_book(
        client=ClientFactory(), therapist=therapist, service=service, start=start
    )
