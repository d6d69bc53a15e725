"""The booking the message-planning tests make, and how they read the rows it planned."""

from datetime import UTC, date, datetime

from clinic.accounts.models import User
from clinic.messaging.models import Message
from sessions.models import Appointment
from sessions.services import appointment_book
from tests.clock import at_clinic
from tests.factories import ClientFactory, ClientProfileFactory, ServiceFactory, bookable_therapist
from therapists.models import Therapist

NOW = datetime(2026, 3, 1, 17, tzinfo=UTC)  # Sunday 1 March 2026, 12:00 in Toronto (EST)
DAY = date(2026, 3, 4)  # Wednesday, before the change to summer time
TEN = at_clinic(DAY, 10)  # 15:00 UTC
PHONE = "+14165550142"


def book(start: datetime, *, client: User | None = None, like: Appointment | None = None):
    """A one-hour session booked through the rules, by a fresh client unless told, with a
    fresh therapist or the one of `like`."""
    if like is None:
        service = ServiceFactory(duration_minutes=60)
        therapist = bookable_therapist(service)
    else:
        service, therapist = like.service, like.therapist
    return appointment_book(
        client=client or ClientFactory(), therapist=therapist, service=service, start=start
    )


def to_client(appointment: Appointment):
    """The messages about the appointment to its client (its therapist hears of it too)."""
    return Message.objects.about(appointment).filter(recipient=appointment.client_id)


def planned(appointment: Appointment, **filters) -> list[tuple]:
    """(kind, channel, due_at, send_by) of the appointment's messages to its client, by due
    time."""
    rows = to_client(appointment).filter(**filters)
    return list(
        rows.order_by("due_at", "kind", "channel").values_list(
            "kind", "channel", "due_at", "send_by"
        )
    )


def kinds(appointment: Appointment, **filters) -> list[tuple[str, str]]:
    """(kind, channel) of the appointment's messages to its client, sorted."""
    rows = to_client(appointment).filter(**filters)
    return sorted(rows.values_list("kind", "channel"))


def due_of(appointment: Appointment, kind: str) -> tuple[datetime, datetime]:
    return to_client(appointment).values_list("due_at", "send_by").get(kind=kind)


def therapist_days(therapist: Therapist) -> list[tuple]:
    """(day, channel, due_at, send_by) of the therapist's day messages."""
    rows = Message.objects.filter(recipient=therapist.user, kind="therapist_day")
    return list(rows.order_by("day").values_list("day", "channel", "due_at", "send_by"))


def profile_client(**preferences) -> User:
    return ClientProfileFactory(**preferences).user
