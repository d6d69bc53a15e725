"""The admins' reports: their numbers on known data, the CSV, access, input and queries."""

import csv
import io
import re
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
import time_machine

from clinic.accounts.models import Role
from clinic.messaging.kinds import kinds
from clinic.messaging.models import MessageState
from sessions.models import AppointmentStatus
from sessions.reports import queries
from sessions.reports.charts import Series, bar_chart_svg, nice_ceiling
from sessions.reports.views import spreadsheet_safe
from tests.clock import at_clinic
from tests.factories import (
    AdminFactory,
    AppointmentFactory,
    ClientFactory,
    MessageFactory,
    ServiceFactory,
    SessionNoteFactory,
    TherapistFactory,
    TimeOffFactory,
    UserFactory,
    WorkingHoursFactory,
    signed_note,
    submit_intake,
)

pytestmark = pytest.mark.django_db

# Tuesday 1 December 2026, 10:00 in Toronto (UTC-5).
NOW = datetime(2026, 12, 1, 15, tzinfo=UTC)
REPORT_SLUGS = ["activity", "utilisation", "intakes-missing", "pain", "messages"]


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def admin_client(client):
    client.force_login(AdminFactory())
    return client


def service(minutes: int):
    return ServiceFactory(name=f"Session {minutes}", duration_minutes=minutes)


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


# Bookings, cancellations and no-shows per week


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
        "2026-W47</td><td>2026-11-16</td><td>4</td><td>1</td><td>1</td><td>1",
        "2026-W48</td><td>2026-11-23</td><td>3</td><td>1</td><td>0</td><td>0",
    ]
    assert page.count('class="chart-bar chart-s0"') == 3  # two weeks and the legend
    assert "<title>Bookings, 2026-W47: 4 appointments</title>" in page
    assert 'href="/reports/activity.csv?first=2026-11-16&amp;last=2026-11-29"' in page


# Utilisation


def test_utilisation_is_booked_over_working_hours_minus_time_off():
    therapist = TherapistFactory(display_name="Maya")
    WorkingHoursFactory(therapist=therapist, weekday=0, start=time(9), end=time(17))
    WorkingHoursFactory(therapist=therapist, weekday=1, start=time(9), end=time(13))
    monday, tuesday = date(2026, 11, 23), date(2026, 11, 24)
    TimeOffFactory(therapist=therapist, start=at_clinic(monday, 9), end=at_clinic(monday, 11))
    hour, ninety = service(60), service(90)
    AppointmentFactory(
        therapist=therapist,
        service=hour,
        start=at_clinic(monday, 13),
        status=AppointmentStatus.COMPLETED,
    )
    AppointmentFactory(
        therapist=therapist,
        service=ninety,
        start=at_clinic(tuesday, 10),
        status=AppointmentStatus.NO_SHOW,
    )
    AppointmentFactory(  # cancelled: frees its time
        therapist=therapist,
        service=hour,
        start=at_clinic(tuesday, 11, 30),
        status=AppointmentStatus.CANCELLED,
    )
    AppointmentFactory(  # inside the time off: not working time, so not counted
        therapist=therapist, service=hour, start=at_clinic(monday, 9, 30)
    )
    TherapistFactory(display_name="Noah")  # no hours at all

    rows = queries.utilisation(monday, date(2026, 11, 29))

    assert rows == [
        queries.UtilisationRow("Maya", Decimal("10.00"), Decimal("2.50"), Decimal("25.0")),
        queries.UtilisationRow("Noah", Decimal("0.00"), Decimal("0.00"), None),
    ]


def test_utilisation_counts_wall_clock_hours_on_a_clock_change_day():
    therapist = TherapistFactory(display_name="Night owl")
    # Sunday 1 November 2026: clocks go back at 2:00, so 0:00-4:00 lasts five hours.
    WorkingHoursFactory(therapist=therapist, weekday=6, start=time(0), end=time(4))
    AppointmentFactory(
        therapist=therapist, service=service(60), start=at_clinic(date(2026, 11, 1), 1)
    )

    (row,) = queries.utilisation(date(2026, 11, 1), date(2026, 11, 1))

    assert (row.working_hours, row.booked_hours, row.utilisation) == (
        Decimal("5.00"),
        Decimal("1.00"),
        Decimal("20.0"),
    )


# Intakes missing


def test_intakes_missing_lists_upcoming_appointments_without_a_current_intake():
    therapist = TherapistFactory(display_name="Maya")
    hour = service(60)
    without = ClientFactory(first_name="Ava", last_name="Chen", email="ava@example.org")
    stale = ClientFactory(first_name="Ben", last_name="Ode", email="ben@example.org")
    current = ClientFactory()
    with time_machine.travel(NOW - timedelta(days=400), tick=False):
        submit_intake(stale)
    submit_intake(current)

    def booked(client, day, at=11, **fields):
        return AppointmentFactory(
            client=client, therapist=therapist, service=hour, start=at_clinic(day, at), **fields
        )

    booked(without, date(2026, 12, 3))
    booked(stale, date(2026, 12, 2))
    booked(current, date(2026, 12, 2), at=13)
    booked(without, date(2026, 12, 1), at=8)  # earlier today: no longer upcoming
    booked(ClientFactory(), date(2026, 12, 4), status=AppointmentStatus.CANCELLED)
    booked(ClientFactory(), date(2026, 12, 20))  # after the range

    rows = queries.intakes_missing(date(2026, 11, 25), date(2026, 12, 14))

    assert [(row.start.strftime("%d %H:%M"), row.client_email, row.reason) for row in rows] == [
        ("02 11:00", "ben@example.org", "Intake over a year old"),
        ("03 11:00", "ava@example.org", "No intake"),
    ]
    assert (rows[1].client, rows[1].therapist, rows[1].service) == (
        "Ava Chen",
        "Maya",
        "Session 60 (60 min)",
    )


# Pain reduction


def arrange_pain_notes():
    maya = TherapistFactory(display_name="Maya")
    noah = TherapistFactory(display_name="Noah")

    def note(therapist, day, before, after, *, signed=True):
        appointment = AppointmentFactory(
            therapist=therapist, start=at_clinic(day, 10), status=AppointmentStatus.COMPLETED
        )
        make = signed_note if signed else SessionNoteFactory
        return make(appointment=appointment, pain_before=before, pain_after=after)

    note(maya, date(2026, 11, 2), 6, 3)
    note(maya, date(2026, 11, 9), 8, 4)
    note(noah, date(2026, 11, 10), 5, 5)
    note(noah, date(2026, 11, 11), 7, 1, signed=False)  # a draft: not counted
    note(noah, date(2026, 10, 1), 9, 0)  # before the range


def test_pain_reduction_averages_signed_notes_per_therapist_and_overall():
    arrange_pain_notes()

    rows = queries.pain_reduction(date(2026, 11, 1), date(2026, 11, 30))

    assert rows == [
        queries.PainRow("Maya", 2, Decimal("7.00"), Decimal("3.50"), Decimal("3.50")),
        queries.PainRow("Noah", 1, Decimal("5.00"), Decimal("5.00"), Decimal("0.00")),
        queries.PainRow("All therapists", 3, Decimal("6.33"), Decimal("4.00"), Decimal("2.33")),
    ]


def test_pain_csv_has_the_same_rows(admin_client):
    arrange_pain_notes()

    response = admin_client.get("/reports/pain.csv?first=2026-11-01&last=2026-11-30")

    assert csv_rows(response) == [
        ["Therapist", "Sessions", "Average before", "Average after", "Average reduction"],
        ["Maya", "2", "7.00", "3.50", "3.50"],
        ["Noah", "1", "5.00", "5.00", "0.00"],
        ["All therapists", "3", "6.33", "4.00", "2.33"],
    ]


def test_pain_reduction_without_signed_notes_is_empty():
    assert queries.pain_reduction(date(2026, 11, 1), date(2026, 11, 30)) == []


# Message delivery


def test_message_delivery_counts_states_per_kind_for_messages_due_in_range():
    due = at_clinic(date(2026, 11, 20), 9)
    for state in (MessageState.SENT, MessageState.SENT, MessageState.FAILED):
        MessageFactory(kind="confirmation", state=state, due_at=due)
    MessageFactory(kind="reminder_24h", state=MessageState.SKIPPED, due_at=due)
    MessageFactory(kind="reminder_24h", state=MessageState.PENDING, due_at=due)
    MessageFactory(kind="aftercare", state=MessageState.QUEUED, due_at=due)
    MessageFactory(kind="confirmation", state=MessageState.SENT, due_at=NOW)  # later

    rows = {
        row.kind: row for row in queries.message_delivery(date(2026, 11, 1), date(2026, 11, 30))
    }

    assert len(rows) == len(kinds()) + 1
    assert rows["Booking confirmation"] == queries.DeliveryRow("Booking confirmation", 2, 1, 0, 0)
    assert rows["Reminder, the day before"] == queries.DeliveryRow(
        "Reminder, the day before", 0, 0, 1, 1
    )
    assert rows["Aftercare"] == queries.DeliveryRow("Aftercare", 0, 0, 0, 1)
    assert rows["Check-in"] == queries.DeliveryRow("Check-in", 0, 0, 0, 0)
    assert rows["All messages"] == queries.DeliveryRow("All messages", 2, 1, 1, 2)


# Access


def make_user(role: str):
    if role == "admin":
        return AdminFactory()
    if role == "clinic admin":
        return UserFactory(role=Role.ADMIN)  # neither staff nor superuser
    if role == "therapist":
        return TherapistFactory().user
    return ClientFactory()


REPORT_URLS = [
    "/reports/",
    *(f"/reports/{slug}/" for slug in REPORT_SLUGS),
    *(f"/reports/{slug}.csv" for slug in REPORT_SLUGS),
]


@pytest.mark.parametrize("url", REPORT_URLS)
def test_reports_send_anonymous_visitors_to_sign_in(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


@pytest.mark.parametrize("url", REPORT_URLS)
@pytest.mark.parametrize("role", ["client", "therapist"])
def test_reports_are_forbidden_to_clients_and_therapists(client, url, role):
    client.force_login(make_user(role))

    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", REPORT_URLS)
@pytest.mark.parametrize("role", ["admin", "clinic admin"])
def test_reports_open_for_admins(client, url, role):
    client.force_login(make_user(role))

    assert client.get(url).status_code == 200


def test_reports_answer_only_get(admin_client):
    assert admin_client.post("/reports/activity/").status_code == 405


def test_unknown_report_is_not_found(admin_client):
    assert admin_client.get("/reports/nothing/").status_code == 404
    assert admin_client.get("/reports/nothing.csv").status_code == 404


def test_admin_navigation_links_the_reports(client):
    client.force_login(make_user("clinic admin"))
    assert '<a class="nav-link" href="/reports/">Reports</a>' in client.get("/").content.decode()

    client.force_login(make_user("therapist"))
    assert 'href="/reports/"' not in client.get("/").content.decode()


def test_report_index_lists_every_report(admin_client):
    page = admin_client.get("/reports/").content.decode()

    assert re.findall(r'href="/reports/([a-z-]+)/"', page) == REPORT_SLUGS


def test_report_page_defaults_to_a_recent_range(admin_client):
    page = admin_client.get("/reports/activity/").content.decode()

    assert 'value="2026-09-09"' in page and 'value="2026-12-01"' in page
    assert 'href="/reports/activity.csv?first=2026-09-09&amp;last=2026-12-01"' in page


# Bad input


BAD_RANGES = {
    "first=yesterday&last=2026-12-01": "Enter a valid date.",
    "first=2026-12-01": "This field is required.",
    "first=2026-12-02&last=2026-12-01": "The last day must not be before the first.",
    "first=2025-01-01&last=2026-12-01": "Choose a range of at most 370 days.",
    "first=1900-01-01&last=1900-01-31": "Choose dates between 2000 and 2100.",
    "first=9999-12-31&last=9999-12-31": "Choose dates between 2000 and 2100.",
    "first=2026-02-30&last=2026-03-01": "Enter a valid date.",
}


@pytest.mark.parametrize("slug", REPORT_SLUGS)
@pytest.mark.parametrize(("query", "message"), BAD_RANGES.items())
def test_bad_range_shows_the_form_error_with_400(admin_client, slug, query, message):
    response = admin_client.get(f"/reports/{slug}/?{query}")

    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'id="report-table"' not in response.content.decode()


@pytest.mark.parametrize(("query", "message"), BAD_RANGES.items())
def test_bad_range_in_csv_is_400_with_the_reason(admin_client, query, message):
    response = admin_client.get(f"/reports/pain.csv?{query}")

    assert response.status_code == 400
    assert message in response.content.decode()


def test_csv_cells_that_look_like_formulas_are_defused(admin_client):
    client = ClientFactory(first_name="=HYPERLINK(1)", last_name="", email="x@example.org")
    AppointmentFactory(client=client, start=at_clinic(date(2026, 12, 3), 10))

    response = admin_client.get("/reports/intakes-missing.csv?first=2026-12-01&last=2026-12-14")

    assert csv_rows(response)[1][1] == "'=HYPERLINK(1)"
    assert spreadsheet_safe("-2.50") == "-2.50"
    assert spreadsheet_safe("@sum") == "'@sum"


# Queries stay constant


def arrange_everything(copies: int):
    """`copies` of every kind of row each report reads."""
    day = date(2026, 11, 24)
    for number in range(copies):
        therapist = TherapistFactory(display_name=f"Therapist {number}")
        WorkingHoursFactory(therapist=therapist, weekday=1)
        TimeOffFactory(therapist=therapist, start=at_clinic(day, 9), end=at_clinic(day, 10))
        past = AppointmentFactory(
            therapist=therapist,
            start=at_clinic(day - timedelta(days=7 * number), 11),
            status=AppointmentStatus.COMPLETED,
        )
        signed_note(appointment=past)
        AppointmentFactory(therapist=therapist, start=at_clinic(date(2026, 12, 2), 9 + number))
        MessageFactory(appointment=past, due_at=at_clinic(day, 8), state=MessageState.SENT)


# Queries per page: the session and the user, then the report's own.
REPORT_QUERIES = {"activity": 1, "utilisation": 4, "intakes-missing": 1, "pain": 1, "messages": 1}


@pytest.mark.parametrize("copies", [1, 5])
@pytest.mark.parametrize("slug", REPORT_SLUGS)
def test_report_pages_and_csv_keep_a_constant_number_of_queries(
    admin_client, django_assert_num_queries, slug, copies
):
    arrange_everything(copies)
    query = "first=2026-10-01&last=2026-12-14"

    # The session, the user and the session's second-factor device, then the report's own.
    with django_assert_num_queries(3 + REPORT_QUERIES[slug]):
        page = admin_client.get(f"/reports/{slug}/?{query}")
    with django_assert_num_queries(3 + REPORT_QUERIES[slug]):
        table = admin_client.get(f"/reports/{slug}.csv?{query}")

    assert page.status_code == table.status_code == 200
    expected_rows = {
        "activity": 12,  # the ISO weeks from 28 September to 14 December
        "utilisation": copies,
        "intakes-missing": copies,
        "pain": copies + 1,
        "messages": len(kinds()) + 1,
    }
    assert len(csv_rows(table)) - 1 == expected_rows[slug]


# The chart


def test_chart_labels_fit_their_room_and_bars_carry_the_full_name():
    names = [f"Therapist with a long name {number}" for number in range(7)]

    svg = bar_chart_svg(
        title="Utilisation", categories=names, series=[Series("Utilisation", [50] * 7)], unit="%"
    )

    labels = re.findall(r'text-anchor="middle">([^<]+)</text>', svg)
    assert labels == ["Therapi…"] * 7  # 79 units a category: 8 characters
    assert "<title>Utilisation, Therapist with a long name 6: 50 %</title>" in svg
    assert "style=" not in svg and "<script" not in svg


def test_chart_scale_ends_on_a_round_number():
    assert [nice_ceiling(value) for value in (0, 0.4, 3, 10, 11, 230)] == [1, 0.5, 5, 10, 20, 500]


def test_chart_without_categories_says_so():
    assert "Nothing to show for this range." in bar_chart_svg(
        title="Empty", categories=[], series=[Series("None", [])], unit="messages"
    )
