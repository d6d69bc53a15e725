"""Input no field should let through, as strategies for property-based tests: NUL
characters, dates at or past the calendar's ends, overlong text, huge numbers; and the
clinic's history the hostile callers aim at."""

from datetime import timedelta

from django.utils import timezone
from hypothesis import strategies as st

from sessions.models import AppointmentStatus
from tests.factories import (
    AppointmentFactory,
    ClientFactory,
    ServiceFactory,
    bookable_therapist,
    signed_note,
    submit_intake,
)

HOSTILE_TEXT = [
    "\x00",
    "Neck\x00 stiff",
    "9999-12-31",
    "9999-12-31T23:59:59",
    "9999-12-31T23:59:59-12:00",
    "9999-12-31 23:59",
    "0001-01-01",
    "0001-01-01T00:00:00+14:00",
    "10000-01-01",
    "2026-02-30",
    "-1",
    "0",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "-Infinity",
    "=HYPERLINK(1)",
    '{"a": "\\u0000"}',
    "[]",
    " ",
    "",
    "x" * 10_000,
]
DATES = ["1899-12-31", "2201-01-01", "9999-12-31", "0001-01-01"]

hostile_text = st.sampled_from(HOSTILE_TEXT) | st.text(max_size=30) | st.sampled_from(DATES)
hostile_json = (
    hostile_text
    | st.sampled_from([None, True, -1, 0, 10**30, 1e308, float("-1e308")])
    | st.lists(hostile_text, max_size=3)
    | st.dictionaries(hostile_text, hostile_text, max_size=2)
)


def clinic_history(**answers) -> dict:
    """Ava (her intake answered with `answers`) with a past session of Maya's, its note
    signed on that intake, and a booked one: ids that exist for every parameter a hostile
    caller fills."""
    service = ServiceFactory(duration_minutes=60)
    maya = bookable_therapist(service)
    ava = ClientFactory()
    intake = submit_intake(ava, **answers)
    past = AppointmentFactory(
        client=ava,
        therapist=maya,
        service=service,
        start=timezone.now() - timedelta(days=7),
        status=AppointmentStatus.COMPLETED,
    )
    signed_note(appointment=past, intake=intake)
    booked = AppointmentFactory(client=ava, therapist=maya, service=service)
    return {"ava": ava, "maya": maya, "service": service, "past": past, "booked": booked}
