"""The therapist's schedule as a time grid: their blocks on the rows they take, their own
column for a day and seven for a week, shading for closed hours, time off and the past,
and no booking links (a therapist doesn't book for clients)."""

import re
from datetime import time
from html import unescape

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from sessions.models import AppointmentStatus
from tests.clock import frozen_at
from tests.factories import (
    AppointmentFactory,
    ClientFactory,
    ServiceFactory,
    TimeOffFactory,
    WorkingHoursFactory,
    bookable_therapist,
    submit_intake,
)
from tests.pages import html
from tests.sessions.grid import block_rows, blocks, book_links, column_heads, shaded
from tests.sessions.web import NOW, utc

pytestmark = pytest.mark.django_db

frozen = frozen_at(NOW)  # Tuesday 1 December 2026, 10:00 at the clinic


@pytest.fixture
def maya_client(client, maya):
    client.force_login(maya.user)
    return client


def popover_of(response, pk: int) -> str:
    found = re.search(
        rf'<div class="appt-popover" id="appointment-{pk}" popover>(.*?)</div></div>\s*</div>',
        html(response),
        re.S,
    )
    return found.group(1)


def block_of(response, pk: int) -> str:
    found = re.search(rf'data-appointment="{pk}">(.*?)</button>', html(response), re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", found.group(1))).split())


def test_schedule_day_places_each_block_on_its_rows_and_the_buffer_after_it(maya_client, maya):
    short = ServiceFactory(name="Short session", duration_minutes=30, buffer_minutes=15)
    maya.services.add(short)
    early = AppointmentFactory(therapist=maya, service=short, start=utc(2, 14, 15))  # 09:15
    late = AppointmentFactory(therapist=maya, service=short, start=utc(2, 16))  # 11:00

    response = maya_client.get("/schedule/", {"date": "2026-12-02"})

    assert block_rows(response) == {early.pk: ("09:15", 2), late.pk: ("11:00", 2)}
    assert shaded(response) == [
        ("09:00", "free"),
        ("09:45", "busy"),
        ("10:00", "free"),
        ("10:15", "free"),
        ("10:30", "free"),
        ("10:45", "free"),
        ("11:30", "busy"),
        ("11:45", "free"),
    ]


def test_schedule_shades_the_past_closed_hours_and_time_off(client, service):
    therapist = bookable_therapist(service, start=time(9), end=time(10))
    WorkingHoursFactory(therapist=therapist, weekday=1, start=time(11), end=time(12))
    TimeOffFactory(therapist=therapist, start=utc(1, 16, 30), end=utc(1, 17))  # 11:30-12:00
    client.force_login(therapist.user)

    response = client.get("/schedule/")

    assert shaded(response) == [
        ("09:00", "past"),
        ("09:15", "past"),
        ("09:30", "past"),
        ("09:45", "past"),
        ("10:00", "closed"),
        ("10:15", "closed"),
        ("10:30", "closed"),
        ("10:45", "closed"),
        ("11:00", "free"),
        ("11:15", "free"),
        ("11:30", "off"),
        ("11:45", "off"),
    ]
    assertContains(response, '<span class="cell-note">Time off</span>', count=1)


def test_schedule_of_a_therapist_without_a_valid_licence_is_closed_and_says_so(client, service):
    lapsed = bookable_therapist(service, start=time(9), end=time(10), licence_expires=NOW.date())
    client.force_login(lapsed.user)

    response = client.get("/schedule/", {"date": "2026-12-02"})

    assert {kind for _, kind in shaded(response)} == {"closed"}
    assertContains(response, '<span class="badge text-bg-secondary d-block mt-1">Not bookable', 1)


def test_schedule_offers_no_booking_links_nor_desk_actions(maya_client, maya, service):
    booked = AppointmentFactory(therapist=maya, service=service, start=utc(2, 14))

    response = maya_client.get("/schedule/", {"date": "2026-12-02"})

    assert blocks(response) == [booked.pk]
    assert [kind for _, kind in shaded(response)] == ["free"] * 8
    assert book_links(response) == []
    assertNotContains(response, "/desk/")
    assertNotContains(response, "data-drop")
    assertNotContains(response, "draggable")
    assertContains(response, 'id="schedule-grid"', count=1)
    assertNotContains(response, 'id="desk-grid"')


def test_schedule_week_has_a_column_for_each_day_linking_to_that_day(maya_client):
    response = maya_client.get("/schedule/", {"date": "2026-12-02", "view": "week"})

    heads = re.findall(
        r'<th scope="col" class="grid-head"[^>]*>\s*<a href="([^"]+)">', html(response)
    )
    assert heads == [f"?date=2026-{day}" for day in ["11-30", *(f"12-0{d}" for d in range(1, 7))]]
    assert column_heads(response)[0] == "Mon 30 Nov 2026"
    assertContains(response, "<title>Schedule: week of Mon 30 Nov 2026</title>", count=1)


def test_schedule_day_is_one_column_of_the_therapist(maya_client):
    response = maya_client.get("/schedule/", {"date": "2026-12-02"})

    assert column_heads(response) == ["Maya Lindqvist"]
    assertContains(response, "<title>Schedule: Wed 2 Dec 2026</title>", count=1)


def test_schedule_block_shows_the_intake_flags_and_attendance(maya_client, maya, service):
    ava = ClientFactory(first_name="Ava", last_name="Chen")
    submit_intake(ava, clot_signs=True)
    AppointmentFactory(client=ava, start=utc(20, 15, month=11), status=AppointmentStatus.NO_SHOW)
    booked = AppointmentFactory(client=ava, therapist=maya, service=service, start=utc(2, 14))

    response = maya_client.get("/schedule/", {"date": "2026-12-02"})

    assert block_of(response, booked.pk) == (
        "09:00–10:00 Ava Chen Trigger point therapy (60 min) Booked Needs clearance 1 no-show"
    )


def test_schedule_popover_links_to_the_note_the_record_and_the_intake(maya_client, maya, service):
    booked = AppointmentFactory(therapist=maya, service=service, start=utc(2, 14))

    response = maya_client.get("/schedule/", {"date": "2026-12-02"})

    assert re.findall(r'href="([^"]+)"', popover_of(response, booked.pk)) == [
        f"/appointments/{booked.pk}/note/",
        f"/clients/{booked.client_id}/",
        f"/clients/{booked.client_id}/intake/",
    ]


def test_schedule_of_a_day_without_sessions_says_so(maya_client, maya, service):
    AppointmentFactory(
        therapist=maya, service=service, start=utc(2, 14), status=AppointmentStatus.CANCELLED
    )

    response = maya_client.get("/schedule/", {"date": "2026-12-02"})

    assertContains(response, '<p class="text-muted" id="no-sessions">No sessions booked.</p>', 1)


def test_schedule_with_sessions_does_not_say_there_are_none(maya_client, maya, service):
    AppointmentFactory(therapist=maya, service=service, start=utc(2, 14))

    response = maya_client.get("/schedule/", {"date": "2026-12-02"})

    assertNotContains(response, "No sessions booked.")


@pytest.mark.parametrize("count", [1, 3])
def test_schedule_day_queries_do_not_grow(
    maya_client, maya, service, django_assert_num_queries, count
):
    for hour in range(count):
        AppointmentFactory(therapist=maya, service=service, start=utc(2, 14 + hour))

    # session, user, second-factor device, credentials to renew, unsigned drafts, the booking
    # calendar's hours, credentials, time off and buffers, and the appointments
    with django_assert_num_queries(11):
        response = maya_client.get("/schedule/", {"date": "2026-12-02"})

    assert len(blocks(response)) == count
