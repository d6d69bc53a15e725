"""Moving a session on the site: the page opens on the session's own day, a chosen time
is confirmed beside the old one (with the fee a late move costs), and the message names
the new time."""

import re

import pytest
import time_machine
from django.contrib.messages import get_messages
from pytest_django.asserts import assertContains

from tests.clock import frozen_at
from tests.factories import AppointmentFactory, DeskFactory, TimeOffFactory
from tests.pages import html, http_as
from tests.sessions.web import NOW, slot_times, utc

pytestmark = pytest.mark.django_db

frozen = frozen_at(NOW)  # Tue 1 Dec 2026, 10:00 in Toronto

NEW_TIME = "2026-12-04T16:00:00+00:00"  # Friday 11:00


@pytest.fixture
def booked(client_user, service, maya):
    """Thursday 3 December, 10:00-11:00; Maya works 09:00-12:00."""
    return AppointmentFactory(client=client_user, therapist=maya, service=service, start=utc(3, 15))


def url(appointment) -> str:
    return f"/appointments/{appointment.pk}/reschedule/"


def shown_day(response) -> str:
    return re.search(r'id="slot-heading">Free times on ([^(]+) \(', html(response)).group(1)


def test_reschedule_page_opens_on_the_sessions_own_day(signed_in, booked):
    response = signed_in.get(url(booked))

    assert shown_day(response) == "Thu 3 Dec 2026"
    assert [shown for _, shown in slot_times(response)] == ["09:00", "11:00"]


def test_reschedule_page_opens_on_the_next_free_day_when_its_own_is_full(signed_in, maya, booked):
    TimeOffFactory(therapist=maya, start=utc(3, 5), end=utc(4, 5))

    response = signed_in.get(url(booked))

    assert shown_day(response) == "Fri 4 Dec 2026"


def test_choosing_a_time_shows_the_old_and_new_time_without_moving(signed_in, booked):
    response = signed_in.get(url(booked), {"service": booked.service_id, "start": NEW_TIME})

    booked.refresh_from_db()
    assert response.status_code == 200
    assert booked.start == utc(3, 15)
    assertContains(response, '<h1 class="h3 mb-3">Confirm the new time</h1>', count=1)
    assertContains(response, 'id="old-time">Thu 3 Dec 2026, 10:00</dd>', count=1)
    assertContains(response, 'id="new-time"><strong>Fri 4 Dec 2026, 11:00</strong></dd>', count=1)
    assertContains(response, f'<input type="hidden" name="start" value="{NEW_TIME}">', count=1)
    assert 'id="late-fee"' not in html(response)


def test_confirm_step_of_a_late_move_says_what_it_costs(signed_in, booked):
    with time_machine.travel(utc(2, 16), tick=False):  # 23 hours before the session
        response = signed_in.get(url(booked), {"start": NEW_TIME})

    assertContains(
        response,
        '<div class="alert alert-warning" id="late-fee">The session is less than 24 hours '
        "away: moving it now costs CAD 55.00 (50%).</div>",
        count=1,
    )


def test_confirm_step_of_the_desk_moving_late_charges_nothing(booked):
    with time_machine.travel(utc(2, 16), tick=False):
        response = http_as(DeskFactory()).get(url(booked), {"start": NEW_TIME})

    assert response.status_code == 200
    assert 'id="late-fee"' not in html(response)


def test_confirming_moves_it_and_the_message_names_the_new_time(signed_in, booked):
    response = signed_in.post(url(booked), {"start": NEW_TIME})

    booked.refresh_from_db()
    assert booked.start == utc(4, 16)
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "The appointment is moved to Fri 4 Dec 2026, 11:00."
    ]


@pytest.mark.parametrize("start", ["later", "9999-12-31T22:00:00-05:00"])
def test_choosing_a_malformed_time_shows_the_picker_with_the_error(signed_in, booked, start):
    response = signed_in.get(url(booked), {"start": start})

    assert response.status_code == 400
    assertContains(response, "<div>Enter a valid date/time.</div>", count=1, status_code=400)
    assert shown_day(response) == "Thu 3 Dec 2026"


def test_the_confirm_step_of_another_clients_session_is_a_404(client, booked):
    client.force_login(AppointmentFactory().client)

    response = client.get(url(booked), {"start": NEW_TIME})

    assert response.status_code == 404
