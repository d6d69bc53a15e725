"""The clinic's Tuesday morning, the API's addresses, and readers of its answers and pages."""

import re
from datetime import UTC, datetime, timedelta

import time_machine

from clinic.accounts.models import Role
from sessions.models import Appointment
from tests.factories import UserFactory
from tests.pages import html

# Tuesday 1 December 2026, 10:00 in Toronto (UTC-5).
NOW = datetime(2026, 12, 1, 15, tzinfo=UTC)
# Decorates an API test to stop the clock at NOW; a page module stops it with frozen_at(NOW).
frozen = time_machine.travel(NOW, tick=False)


def utc(day: int, hour: int, minute: int = 0, month: int = 12, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


# The API

TOKEN_URL = "/api/v1/auth/token/"
SERVICES_URL = "/api/v1/services/"
THERAPISTS_URL = "/api/v1/therapists/"
AVAILABILITY_URL = "/api/v1/availability/"
APPOINTMENTS_URL = "/api/v1/appointments/"


def therapist_user():
    return UserFactory(role=Role.THERAPIST)


def serialized(appointment: Appointment) -> dict:
    local = timedelta(hours=-5)
    return {
        "id": appointment.pk,
        "client": appointment.client_id,
        "therapist": appointment.therapist_id,
        "service": appointment.service_id,
        "start": (appointment.start + local).replace(tzinfo=None).isoformat() + "-05:00",
        "end": (appointment.end + local).replace(tzinfo=None).isoformat() + "-05:00",
        "status": appointment.status,
    }


# Pages


def slot_times(response) -> list[tuple[str, str]]:
    """(value sent, time shown) of every slot button on a page."""
    return re.findall(
        r'<button type="submit" name="start" value="([^"]+)" class="btn btn-outline-primary slot">'
        r"([^<]+)</button>",
        html(response),
    )


def rows(response, list_id: str) -> list[int]:
    """Ids of the appointment rows in the <ul id=list_id> of a page."""
    section = re.search(
        rf'<ul class="list-group[^"]*" id="{list_id}">(.*?)</ul>', html(response), re.S
    )
    return [int(pk) for pk in re.findall(r'data-appointment="(\d+)"', section.group(1))]
