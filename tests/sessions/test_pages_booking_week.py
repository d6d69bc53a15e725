"""The booking page opens on the first day with free times, with the week day by day and
the service's price before the confirm step."""

import re
from datetime import date, time

import pytest
from pytest_django.asserts import assertContains

from tests.clock import at_clinic, frozen_at
from tests.factories import AppointmentFactory, ServiceFactory, TimeOffFactory, bookable_therapist
from tests.pages import html
from tests.sessions.web import NOW, slot_times, utc

pytestmark = pytest.mark.django_db

frozen = frozen_at(NOW)  # Tue 1 Dec 2026, 10:00


def strip(response) -> list[tuple[str, str]]:
    """(day, what it says) of each day of the week strip."""
    return [
        (day, said)
        for day, said in re.findall(
            r'data-date="[^"]+"[^>]*>\s*<span class="d-block">([^<]+)</span>\s*'
            r'<span class="d-block small">([^<]+)</span>',
            html(response),
        )
    ]


def shown_day(response) -> str:
    return re.search(r'id="slot-heading">Free times on ([^(]+) \(', html(response)).group(1)


def test_booking_page_opens_on_the_first_day_with_free_times(client, service, maya):
    # Today's free times end inside the minimum notice; Wednesday is off.
    TimeOffFactory(therapist=maya, start=at_clinic(date(2026, 12, 2), 0), end=utc(3, 5))

    response = client.get(f"/therapists/{maya.pk}/")

    assert shown_day(response) == "Thu 3 Dec 2026"
    assert slot_times(response)[0] == ("2026-12-03T14:00:00+00:00", "09:00")
    assertContains(response, 'name="date" value="2026-12-03"', count=1)
    assertContains(response, 'aria-current="date"', count=1)


def test_booking_page_strip_says_each_days_first_free_time_or_why_none(client, service):
    therapist = bookable_therapist(service, weekdays=range(5), start=time(9), end=time(12))
    AppointmentFactory(therapist=therapist, service=service, start=utc(3, 14))  # 09:00-10:00

    response = client.get(f"/therapists/{therapist.pk}/", {"service": service.pk})

    assert strip(response) == [
        ("Mon 30 Nov 2026", "past"),
        ("Tue 1 Dec 2026", "full"),
        ("Wed 2 Dec 2026", "from 09:00"),
        ("Thu 3 Dec 2026", "from 10:00"),
        ("Fri 4 Dec 2026", "from 09:00"),
        ("Sat 5 Dec 2026", "closed"),
        ("Sun 6 Dec 2026", "closed"),
    ]
    assertContains(response, f'href="?service={service.pk}&amp;date=2026-12-03"', count=1)
    assertContains(response, f'href="?service={service.pk}&amp;date=2026-12-07" id="next-week"')
    assert 'id="previous-week"' not in html(response)


def test_booking_page_strip_of_a_later_week_goes_back_no_further_than_today(client, service, maya):
    response = client.get(f"/therapists/{maya.pk}/", {"service": service.pk, "date": "2026-12-09"})

    assert shown_day(response) == "Wed 9 Dec 2026"
    assert [day for day, _ in strip(response)][0] == "Mon 7 Dec 2026"
    assertContains(
        response, f'href="?service={service.pk}&amp;date=2026-12-01" id="previous-week"', count=1
    )


def test_booking_page_strip_ends_at_the_booking_horizon(client, service, maya, settings):
    settings.BOOKING_HORIZON = settings.BOOKING_HORIZON.__class__(days=3)

    response = client.get(f"/therapists/{maya.pk}/", {"service": service.pk})

    assert [said for _, said in strip(response)][-3:] == [
        "from 09:00",
        "not open yet",
        "not open yet",
    ]
    assert 'id="next-week"' not in html(response)


def test_booking_page_without_free_times_in_the_horizon_opens_on_today(client, service, maya):
    TimeOffFactory(therapist=maya, start=utc(1, 5), end=utc(28, 5, month=2, year=2027))

    response = client.get(f"/therapists/{maya.pk}/")

    assert shown_day(response) == "Tue 1 Dec 2026"
    assertContains(response, "No free times on this day. Try another day.", count=1)


def test_booking_page_shows_the_price_with_tax_by_the_free_times(client):
    taxed = ServiceFactory(
        name="Neuromuscular therapy", duration_minutes=60, price="110.00", tax_rate="13.00"
    )
    therapist = bookable_therapist(taxed)

    response = client.get(f"/therapists/{therapist.pk}/")

    assertContains(
        response,
        '<p class="mb-2" id="slot-price">Neuromuscular therapy (60 min): '
        "<strong>CAD 110.00 + tax 13% = CAD 124.30</strong></p>",
        count=1,
    )


@pytest.mark.parametrize("count", [1, 6])
@pytest.mark.parametrize("query", [{}, {"date": "2026-12-09"}])
def test_booking_page_queries_do_not_grow(client, service, django_assert_num_queries, count, query):
    therapists = [bookable_therapist(service) for _ in range(count)]
    therapist = therapists[0]
    for day in range(count):
        AppointmentFactory(therapist=therapist, service=service, start=utc(2 + day, 14))
        TimeOffFactory(therapist=therapist, start=utc(9 + day, 14), end=utc(9 + day, 16))
    # the therapist, the credentials shown, the service, the services to choose from (read
    # once, though the select reads its choices twice); whether the therapist offers the
    # service and their calendar (hours, credentials, time off, appointments): for the week,
    # and first for the first free day without a date
    expected = 14 if not query else 9

    with django_assert_num_queries(expected):
        response = client.get(f"/therapists/{therapist.pk}/", {"service": service.pk, **query})

    assert len(strip(response)) == 7
