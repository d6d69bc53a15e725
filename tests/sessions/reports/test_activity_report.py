"""The activity report: bookings, cancellations and no-shows per ISO week, as page and CSV."""

import re
from datetime import date

import pytest

from sessions.models import AppointmentStatus
from sessions.reports import queries
from tests.clock import at_clinic
from tests.factories import AppointmentFactory

from .reporting import csv_rows, service

pytestmark = pytest.mark.django_db


def arrange_week_activity():
    hour = service(60)

    def booked(day: date, at: int, minute: int = 0, **fields):
        return AppointmentFactory(service=hour, start=at_clinic(day, at, minute), **fields)

    # ISO week 47 (16-22 November)
    booked(date(2026, 11, 16), 10, status=AppointmentStatus.COMPLETED)
    booked(date(2026, 11, 18), 10, status=AppointmentStatus.CANCELLED, late_cancellation=True)
    booked(date(2026, 11, 20), 10, status=AppointmentStatus.NO_SHOW)
    booked(date(2026, 11, 22), 23, 30)  # Sunday night: already Monday in UTC, still week 47
    # ISO week 48 (23-29 November)
    booked(date(2026, 11, 23), 0, 15)
    booked(date(2026, 11, 25), 10, status=AppointmentStatus.CANCELLED)
    booked(date(2026, 11, 27), 10, status=AppointmentStatus.COMPLETED)
    # Outside the range
    booked(date(2026, 11, 30), 10)
    booked(date(2026, 11, 15), 23, 30)


def test_weekly_activity_counts_per_iso_week_in_clinic_time():
    arrange_week_activity()

    rows = queries.weekly_activity(date(2026, 11, 16), date(2026, 11, 29))

    assert rows == [
        queries.WeekRow("2026-W47", date(2026, 11, 16), 4, 1, 1, 1),
        queries.WeekRow("2026-W48", date(2026, 11, 23), 3, 1, 0, 0),
    ]


def test_weekly_activity_lists_empty_weeks_with_zeros():
    arrange_week_activity()

    rows = queries.weekly_activity(date(2026, 11, 2), date(2026, 11, 18))

    assert [(row.week, row.bookings) for row in rows] == [
        ("2026-W45", 0),
        ("2026-W46", 1),  # Sunday 15 November, 23:30
        ("2026-W47", 2),  # 16 and 18 November; the range ends on the 18th
    ]


def test_activity_csv_has_the_same_rows(admin_client):
    arrange_week_activity()

    response = admin_client.get("/reports/activity.csv?first=2026-11-16&last=2026-11-29")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="activity-2026-11-16-2026-11-29.csv"'
    )
    assert csv_rows(response) == [
        ["Week", "Monday", "Bookings", "Cancellations", "Late cancellations", "No-shows"],
        ["2026-W47", "2026-11-16", "4", "1", "1", "1"],
        ["2026-W48", "2026-11-23", "3", "1", "0", "0"],
    ]


def test_activity_page_shows_table_and_chart(admin_client):
    arrange_week_activity()

    response = admin_client.get("/reports/activity/?first=2026-11-16&last=2026-11-29")

    page = response.content.decode()
    assert response.status_code == 200
    cells = re.findall(r"<tr><td>(.*?)</td></tr>", page)
    assert cells == [
        "2026-W47</td><td>Mon 16 Nov 2026</td><td>4</td><td>1</td><td>1</td><td>1",
        "2026-W48</td><td>Mon 23 Nov 2026</td><td>3</td><td>1</td><td>0</td><td>0",
    ]
    assert page.count('class="chart-bar chart-s0"') == 3  # two weeks and the legend
    assert "<title>Bookings, 2026-W47: 4 appointments</title>" in page
    assert 'href="/reports/activity.csv?first=2026-11-16&amp;last=2026-11-29"' in page
