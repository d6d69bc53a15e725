"""The people, the session and the note's contents the note tests (service, API and pages)
share."""

from datetime import UTC, datetime, timedelta

from tests.factories import (
    AdminFactory,
    AppointmentFactory,
    ClientFactory,
    ServiceFactory,
    TherapistFactory,
    point_fields,
)

# Tuesday 1 December 2026, 10:00 in Toronto (UTC-5).
NOW = datetime(2026, 12, 1, 15, tzinfo=UTC)
# The session: Monday 30 November, 10:00-11:00 in Toronto.
SESSION_START = datetime(2026, 11, 30, 15, tzinfo=UTC)

FIELDS = {
    "subjective": "Headaches twice a week.",
    "objective": "Taut band, left upper trapezius.",
    "assessment": "Myofascial pain.",
    "plan": "Stretch twice a day.",
    "rebook_after_days": 14,
    "pain_before": 6,
    "pain_after": 3,
    "therapist_remarks": "Anxious about work.",
}
POINT = point_fields()


def choice(value) -> str:
    """The error for a value that is not one of a field's choices."""
    return f"Select a valid choice. {value} is not one of the available choices."


def note_cast() -> dict:
    """Ava, her therapist's past session, another therapist she is booked with, and others."""
    service = ServiceFactory(duration_minutes=60)
    ava = ClientFactory(first_name="Ava", last_name="Chen")
    therapist = TherapistFactory(display_name="Maya Lindqvist")
    other_therapist = TherapistFactory(display_name="Daniel Okafor")
    unrelated = TherapistFactory(display_name="Sofia Marchetti")
    other_client = ClientFactory()
    appointment = AppointmentFactory(
        client=ava, therapist=therapist, service=service, start=SESSION_START
    )
    AppointmentFactory(  # Ava's live booking with the other therapist
        client=ava, therapist=other_therapist, service=service, start=NOW + timedelta(days=2)
    )
    AppointmentFactory(  # the unrelated therapist's own client
        client=other_client, therapist=unrelated, service=service, start=NOW + timedelta(days=2)
    )
    people = {
        "client": ava,
        "other_client": other_client,
        "therapist": therapist.user,
        "other_therapist": other_therapist.user,
        "unrelated_therapist": unrelated.user,
        "admin": AdminFactory(first_name="Clinic", last_name="Admin"),
    }
    return {"people": people, "appointment": appointment, "ava": ava, "service": service}
