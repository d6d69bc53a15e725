"""The desk's series tests share a Tuesday morning and a weekly series from Wednesday 10:00."""

from datetime import date, datetime, timedelta

from tests.clock import at_clinic
from tests.factories import AppointmentFactory, TimeOffFactory

# Tuesday 1 December 2026, 10:00 in Toronto; the booking horizon ends 30 January 2027.
NOW = at_clinic(date(2026, 12, 1), 10)
WEDNESDAY = date(2026, 12, 2)


def wednesday(weeks: int, hour: int = 10, minute: int = 0) -> datetime:
    """The instant of a wall-clock time on the Wednesday `weeks` after 2 December 2026."""
    return at_clinic(WEDNESDAY + timedelta(weeks=weeks), hour, minute)


def series_body(client, therapist, service, **changes) -> dict:
    return {
        "client": client.pk,
        "therapist": therapist.pk,
        "service": service.pk,
        "start": wednesday(0).isoformat(),
        "every_weeks": 1,
        "count": 4,
        **changes,
    }


def conflicts(therapist, service):
    """The second Wednesday 10:00-11:00 is another client's; the third, the therapist is away
    10:00-12:00."""
    AppointmentFactory(therapist=therapist, service=service, start=wednesday(1))
    TimeOffFactory(therapist=therapist, start=wednesday(2), end=wednesday(2, 12))
