"""Which week the therapist's week view shows for today: on a Sunday, the week to come;
on any other day, the week that holds today. Times are the clinic's (Toronto), chosen
where the UTC date differs from the clinic's."""

from datetime import date

import pytest
import time_machine
from pytest_django.asserts import assertContains

from tests.clock import at_clinic
from tests.sessions.grid import column_heads

pytestmark = pytest.mark.django_db

HEADING = '<h1 class="h3 mb-0" id="calendar-heading">'


@pytest.fixture
def therapist_http(client, maya):
    client.force_login(maya.user)
    return client


@pytest.mark.parametrize(
    ("now", "week_of", "first_column"),
    [
        # Sunday 20:30: already Monday in UTC
        (at_clinic(date(2026, 12, 6), 20, 30), "Mon 7 Dec 2026", "Mon 7 Dec 2026"),
        # Sunday just after midnight
        (at_clinic(date(2026, 12, 6), 0, 5), "Mon 7 Dec 2026", "Mon 7 Dec 2026"),
        # Saturday 23:30: already Sunday in UTC
        (at_clinic(date(2026, 12, 5), 23, 30), "Mon 30 Nov 2026", "Mon 30 Nov 2026"),
        # Monday 00:30: still Sunday in UTC
        (at_clinic(date(2026, 12, 7), 0, 30), "Mon 7 Dec 2026", "Mon 7 Dec 2026"),
    ],
)
def test_week_view_of_today(therapist_http, now, week_of, first_column):
    with time_machine.travel(now, tick=False):
        response = therapist_http.get("/schedule/", {"view": "week"})

    assertContains(response, f"{HEADING}Week of {week_of}</h1>", count=1)
    assert column_heads(response)[0] == first_column
    assert len(column_heads(response)) == 7


def test_week_view_on_a_sunday_says_so_and_links_the_ending_week(therapist_http):
    with time_machine.travel(at_clinic(date(2026, 12, 6), 9), tick=False):
        response = therapist_http.get("/schedule/", {"view": "week", "date": "2026-12-06"})

    assertContains(
        response,
        '<p class="text-muted" id="coming-week">Today is Sunday: this is the week to come. '
        '<a href="?view=week&amp;date=2026-11-30">The week ending today</a></p>',
        count=1,
    )
    assert 'href="?view=week&amp;date=2026-11-30" id="previous-day"' in response.content.decode()


def test_week_view_of_another_sunday_is_the_week_it_ends(therapist_http):
    with time_machine.travel(at_clinic(date(2026, 12, 6), 9), tick=False):
        response = therapist_http.get("/schedule/", {"view": "week", "date": "2026-12-13"})

    assertContains(response, f"{HEADING}Week of Mon 7 Dec 2026</h1>", count=1)
    assert 'id="coming-week"' not in response.content.decode()


def test_day_view_on_a_sunday_shows_the_sunday(therapist_http):
    with time_machine.travel(at_clinic(date(2026, 12, 6), 9), tick=False):
        response = therapist_http.get("/schedule/")

    assertContains(response, f"{HEADING}Sun 6 Dec 2026</h1>", count=1)
