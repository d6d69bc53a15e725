"""The desk's calendar page: a day of every therapist, or a week of one."""

from datetime import time

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from sessions.models import AppointmentStatus
from tests.clock import frozen_at
from tests.factories import AppointmentFactory, ClientFactory, DeskFactory, bookable_therapist
from tests.pages import html
from tests.sessions.desk.calendar import blocks, book_links, ghosts, therapist_named
from tests.sessions.web import NOW, utc

pytestmark = pytest.mark.django_db

frozen = frozen_at(NOW)


@pytest.fixture
def desk(client):
    client.force_login(DeskFactory())
    return client


def test_the_day_shows_each_therapist_with_their_appointments_and_free_cells(desk, service):
    ann = therapist_named("Ann Ash", service, start=time(9), end=time(10))
    bo = therapist_named("Bo Birch", service, start=time(9), end=time(10))
    ava = ClientFactory(first_name="Ava", last_name="Chen")
    booked = AppointmentFactory(client=ava, therapist=ann, service=service, start=utc(2, 14))
    cancelled = AppointmentFactory(
        therapist=bo, service=service, start=utc(2, 14), status=AppointmentStatus.CANCELLED
    )

    response = desk.get("/desk/", {"date": "2026-12-02"})

    assert response.status_code == 200
    assert blocks(response) == [booked.pk]
    assert ghosts(response) == [cancelled.pk]
    assert book_links(response) == [
        f"/desk/book/?therapist={bo.pk}&amp;start=2026-12-02T14%3A{minute}%3A00%2B00%3A00"
        for minute in ("00", "15", "30", "45")
    ]
    assertContains(response, "<title>Calendar: Wed 2 Dec 2026</title>", count=1)
    assertContains(response, '<span class="appt-client">Ava Chen</span>', count=1)
    assertContains(response, '<span class="appt-status">Booked</span>', count=1)
    assertContains(
        response, f'href="?view=week&amp;therapist={ann.pk}&amp;date=2026-12-02">Week', count=1
    )


def test_the_popover_shows_times_and_the_actions_of_the_state_and_no_clinical_links(
    desk, maya, service
):
    today = AppointmentFactory(therapist=maya, service=service, start=utc(1, 16))  # 11:00

    response = desk.get("/desk/")

    assertContains(response, f'<div class="appt-popover" id="appointment-{today.pk}" popover>')
    assertContains(response, "Tue 1 Dec 2026, 11:00&ndash;12:00", count=1)
    assertContains(response, f'action="/desk/appointments/{today.pk}/arrived/"', count=1)
    assertContains(response, f'href="/desk/appointments/{today.pk}/move/?next=/desk/"', count=1)
    assertContains(response, f'href="/appointments/{today.pk}/cancel/"', count=1)
    assertContains(response, f'href="/desk/clients/{today.client_id}/"', count=1)
    assertNotContains(response, "/outcome/")
    assertNotContains(response, "/intake/")
    assertNotContains(response, "/note/")


def test_a_started_session_offers_completed_and_no_show(desk, maya, service):
    started = AppointmentFactory(therapist=maya, service=service, start=utc(1, 14, 30))

    response = desk.get("/desk/")

    assert html(response).count(f'action="/desk/appointments/{started.pk}/outcome/"') == 2
    assertNotContains(response, f"/desk/appointments/{started.pk}/move/")


def test_the_week_view_shows_seven_days_of_one_therapist(desk, maya, service):
    friday = AppointmentFactory(therapist=maya, service=service, start=utc(4, 15))
    AppointmentFactory(therapist=bookable_therapist(service), service=service, start=utc(4, 15))

    response = desk.get("/desk/", {"view": "week", "therapist": maya.pk, "date": "2026-12-02"})

    assert response.status_code == 200
    assert blocks(response) == [friday.pk]
    assertContains(response, '<th scope="col" class="grid-head"', count=7)
    assertContains(response, "<title>Calendar: Maya Lindqvist, week of Mon 30 Nov 2026</title>")
    assertContains(response, ">Maya Lindqvist: week of Mon 30 Nov 2026</h1>", count=1)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"date": "2026-13-01"}, "Enter a valid date."),
        ({"date": "2029-01-01"}, "Choose a date within a year of today."),
        ({"view": "week"}, "Choose whose week to show."),
        ({"view": "week", "therapist": "999"}, "Unknown therapist."),
        ({"view": "month"}, "Select a valid choice. month is not one of the available choices."),
    ],
)
def test_bad_input_shows_today_with_the_reason_and_a_400(desk, maya, query, message):
    response = desk.get("/desk/", query)

    assert response.status_code == 400
    assertContains(response, f"<div>{message}</div>", count=1, status_code=400)
    assertContains(response, ">Tue 1 Dec 2026</h1>", count=1, status_code=400)


def test_the_calendar_is_the_desks_only(client, maya):
    client.force_login(maya.user)

    response = client.get("/desk/")

    assert response.status_code == 403


@pytest.mark.parametrize("size", [1, 3])
def test_the_page_keeps_its_queries_whatever_its_size(
    desk, service, size, django_assert_num_queries
):
    for _ in range(size):
        therapist = bookable_therapist(service)
        for hour in range(size):
            AppointmentFactory(therapist=therapist, service=service, start=utc(2, 14 + hour))

    with django_assert_num_queries(9):  # session, user, two-step device, the grid's six
        response = desk.get("/desk/", {"date": "2026-12-02"})

    assert len(blocks(response)) == size * size
