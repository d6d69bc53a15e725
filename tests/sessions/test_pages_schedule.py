"""The therapist's schedule: a day or a week of live appointments, on a time grid."""

import pytest
from pytest_django.asserts import assertContains

from sessions.models import AppointmentStatus
from tests.clock import frozen_at
from tests.factories import AppointmentFactory, bookable_therapist
from tests.sessions.grid import block_rows, blocks, column_blocks, column_heads, ghosts
from tests.sessions.web import NOW, utc

pytestmark = pytest.mark.django_db

frozen = frozen_at(NOW)
HEADING = '<h1 class="h3 mb-0" id="calendar-heading">'


@pytest.fixture
def week(service, maya):
    """The maya's appointments around the week of Monday 30 November 2026."""
    return {
        "wednesday_late": AppointmentFactory(therapist=maya, service=service, start=utc(2, 16)),
        "wednesday_early": AppointmentFactory(therapist=maya, service=service, start=utc(2, 14)),
        "friday": AppointmentFactory(therapist=maya, service=service, start=utc(4, 15)),
        "next_monday": AppointmentFactory(therapist=maya, service=service, start=utc(7, 15)),
        "cancelled": AppointmentFactory(
            therapist=maya,
            service=service,
            start=utc(2, 15),
            status=AppointmentStatus.CANCELLED,
        ),
        "someone_elses": AppointmentFactory(
            therapist=bookable_therapist(service), service=service, start=utc(2, 15)
        ),
    }


def test_schedule_day_shows_the_days_live_appointments(client, maya, week):
    client.force_login(maya.user)

    response = client.get("/schedule/", {"date": "2026-12-02"})

    assert response.status_code == 200
    assert blocks(response) == [week["wednesday_early"].pk, week["wednesday_late"].pk]
    assert ghosts(response) == [week["cancelled"].pk]
    assertContains(response, f"{HEADING}Wed 2 Dec 2026</h1>", count=1)


def test_schedule_week_shows_monday_to_sunday(client, maya, week):
    client.force_login(maya.user)

    response = client.get("/schedule/", {"date": "2026-12-02", "view": "week"})

    assert response.status_code == 200
    assert column_blocks(response.context["grid"]) == [
        [],
        [],
        [week["wednesday_early"].pk, week["wednesday_late"].pk],
        [],
        [week["friday"].pk],
        [],
        [],
    ]
    assert column_heads(response) == [
        "Mon 30 Nov 2026",
        "Tue 1 Dec 2026",
        "Wed 2 Dec 2026",
        "Thu 3 Dec 2026",
        "Fri 4 Dec 2026",
        "Sat 5 Dec 2026",
        "Sun 6 Dec 2026",
    ]
    assert block_rows(response) == {
        week["wednesday_early"].pk: ("09:00", 4),
        week["wednesday_late"].pk: ("11:00", 4),
        week["friday"].pk: ("10:00", 4),
    }
    assertContains(response, f"{HEADING}Week of Mon 30 Nov 2026</h1>", count=1)


def test_schedule_shows_today_by_default(client, maya, service):
    today = AppointmentFactory(therapist=maya, service=service, start=utc(1, 20))
    client.force_login(maya.user)

    response = client.get("/schedule/")

    assert blocks(response) == [today.pk]
    assertContains(response, f"{HEADING}Tue 1 Dec 2026</h1>", count=1)


@pytest.mark.parametrize("date", ["2026-02-30", "tomorrow", "9999-12-31", "0001-01-01"])
def test_schedule_with_a_malformed_date_shows_today_with_a_warning(client, maya, date):
    client.force_login(maya.user)

    response = client.get("/schedule/", {"date": date, "view": "week"})

    assert response.status_code == 200
    assertContains(response, "Use a date like 2026-12-01. Showing today instead.", count=1)
    assertContains(response, f"{HEADING}Tue 1 Dec 2026</h1>", count=1)


def test_schedule_with_an_unknown_view_shows_the_day(client, maya):
    client.force_login(maya.user)

    response = client.get("/schedule/", {"date": "2026-12-02", "view": "month"})

    assert response.status_code == 200
    assertContains(response, "Use a date like 2026-12-01. Showing today instead.", count=1)
