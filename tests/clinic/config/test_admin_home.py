"""The admins' office page: what waits for their decision, the day's figures, the
credentials that end soon, and the way to every admin page."""

import re
from datetime import UTC, date, datetime, time
from html import unescape

import pytest

from sessions.models import AppointmentStatus
from tests.clock import at_clinic, frozen_at
from tests.factories import (
    AdminFactory,
    AppointmentFactory,
    ClientFactory,
    CredentialFactory,
    InsuranceFactory,
    ServiceFactory,
    TherapistFactory,
    TimeOffFactory,
    WorkingHoursFactory,
)
from tests.pages import html
from therapists.credentials.models import CredentialKind, CredentialStatus

pytestmark = pytest.mark.django_db

# Tuesday 1 December 2026, 10:00 in Toronto; the week began on Monday 30 November.
TODAY = date(2026, 12, 1)
NOW = at_clinic(TODAY, 10)
LONG_AGO = datetime(2026, 1, 5, tzinfo=UTC)
TUESDAY = 1

frozen = frozen_at(NOW)


def figures(response) -> dict[str, int]:
    return {
        name: int(value)
        for name, value in re.findall(r'data-figure="(\w+)">(\d+)<', html(response))
    }


def expiring_rows(response) -> list[str]:
    section = re.search(
        r'<ul class="list-group" id="expiring-credentials">(.*?)</ul>', html(response), re.S
    )
    items = re.findall(r"<li[^>]*>(.*?)</li>", section.group(1), re.S)
    return [unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", item))).strip() for item in items]


def session(hour: int, status: str, day: date = TODAY):
    """A session of its own client, who joined long ago (so no new client this week; and one
    client's live sessions may not overlap)."""
    return AppointmentFactory(
        client=ClientFactory(date_joined=LONG_AGO),
        therapist=TherapistFactory(user__date_joined=LONG_AGO),
        service=ServiceFactory(),
        start=at_clinic(day, hour),
        status=status,
    )


def test_office_counts_the_credentials_and_bookings_waiting(client):
    for status in [CredentialStatus.PENDING, CredentialStatus.PENDING, CredentialStatus.VERIFIED]:
        CredentialFactory(status=status)
    CredentialFactory(status=CredentialStatus.REJECTED)
    for day, hour in [(date(2026, 12, 3), 10), (date(2026, 12, 9), 11), (TODAY, 9)]:
        session(hour, AppointmentStatus.PENDING_APPROVAL, day=day)
    client.force_login(AdminFactory())

    response = client.get("/office/")

    assert response.status_code == 200
    waiting = {key: figures(response)[key] for key in ["credentials_waiting", "requests_waiting"]}
    assert waiting == {"credentials_waiting": 2, "requests_waiting": 2}  # not the 9:00 one, gone


def test_office_counts_today_s_sessions_by_status(client):
    for hour, status in [
        (8, AppointmentStatus.COMPLETED),
        (9, AppointmentStatus.NO_SHOW),
        (10, AppointmentStatus.ARRIVED),
        (11, AppointmentStatus.CANCELLED),
        (13, AppointmentStatus.BOOKED),
        (23, AppointmentStatus.BOOKED),
    ]:
        session(hour, status)
    session(23, AppointmentStatus.COMPLETED, day=date(2026, 11, 30))
    session(0, AppointmentStatus.BOOKED, day=date(2026, 12, 2))
    client.force_login(AdminFactory())

    response = client.get("/office/")

    today = {key: figures(response)[key] for key in ["booked", "arrived", "completed"]}
    today |= {key: figures(response)[key] for key in ["no_shows", "cancelled"]}
    assert today == {"booked": 2, "arrived": 1, "completed": 1, "no_shows": 1, "cancelled": 1}


def test_office_counts_the_therapists_working_today(client):
    on_tuesdays = [WorkingHoursFactory(weekday=TUESDAY).therapist for _ in range(3)]
    WorkingHoursFactory(weekday=TUESDAY + 1)  # works on Wednesdays only
    TimeOffFactory(  # off all day: not working
        therapist=on_tuesdays[0], start=at_clinic(TODAY, 0), end=at_clinic(date(2026, 12, 2), 0)
    )
    TimeOffFactory(  # off in the morning only: working
        therapist=on_tuesdays[1], start=at_clinic(TODAY, 9), end=at_clinic(TODAY, 12)
    )
    client.force_login(AdminFactory())

    response = client.get("/office/")

    assert figures(response)["therapists_working"] == 2


def test_office_counts_the_clients_who_joined_this_week(client):
    for joined in [
        at_clinic(date(2026, 11, 29), 23, 59),  # Sunday: last week
        at_clinic(date(2026, 11, 30), 0),  # Monday, the week's first moment
        at_clinic(TODAY, 9),
    ]:
        ClientFactory(date_joined=joined)
    TherapistFactory()  # joined now, but not a client
    client.force_login(AdminFactory(date_joined=LONG_AGO))

    response = client.get("/office/")

    assert figures(response)["new_clients"] == 2


def test_office_lists_the_credentials_ending_within_30_days_without_a_renewal(client):
    ada = TherapistFactory(display_name="Ada Byrne")
    ben = TherapistFactory(display_name="Ben Okafor")
    CredentialFactory(therapist=ada, number="L-TODAY", expires_on=TODAY)
    InsuranceFactory(therapist=ben, number="I-31DEC", expires_on=date(2026, 12, 31))
    CredentialFactory(therapist=ben, number="L-15DEC", expires_on=date(2026, 12, 15))
    CredentialFactory(number="L-2027", expires_on=date(2027, 1, 1))  # in 31 days
    CredentialFactory(therapist=ben, number="L-GONE", expires_on=date(2026, 11, 30))  # expired
    renewed = TherapistFactory()
    CredentialFactory(therapist=renewed, number="L-OLD", expires_on=date(2026, 12, 10))
    CredentialFactory(
        therapist=renewed, number="L-NEW", expires_on=date(2028, 12, 10), status="pending"
    )
    CredentialFactory(number="L-WAITS", expires_on=date(2026, 12, 5), status="pending")
    CredentialFactory(number="L-NO", expires_on=date(2026, 12, 5), status="rejected")
    client.force_login(AdminFactory())

    response = client.get("/office/")

    assert expiring_rows(response) == [
        "Ada Byrne · Licence L-TODAY ends Tue 1 Dec 2026 Open",
        "Ben Okafor · Licence L-15DEC ends Tue 15 Dec 2026 Open",
        "Ben Okafor · Liability insurance I-31DEC ends Thu 31 Dec 2026 Open",
    ]


def test_office_says_when_no_credential_ends_soon(client):
    client.force_login(AdminFactory())

    response = client.get("/office/")

    assert expiring_rows(response) == [
        "None: no verified credential ends without a renewal in the next 30 days."
    ]


def test_office_links_every_admin_page(client):
    client.force_login(AdminFactory())

    response = client.get("/office/")

    section = re.search(
        r'<nav class="list-group" id="office-links"[^>]*>(.*?)</nav>', html(response), re.S
    )
    links = re.findall(r'href="([^"]+)">([^<]+)</a>', section.group(1))
    assert links == [
        ("/desk/", "The clinic's calendar"),
        ("/desk/clients/", "Clients"),
        ("/therapists/credentials/", "Verification queue"),
        ("/approvals/", "Approvals"),
        ("/reports/", "Reports"),
        ("/audit/", "Audit trail"),
        ("/admin/", "Django admin"),
    ]


def test_office_has_a_title_and_one_main_heading(client):
    client.force_login(AdminFactory())

    page = html(client.get("/office/"))

    assert re.findall(r"<title>(.*?)</title>", page) == ["Clinic office · Trigger point clinic"]
    assert re.findall(r"<h1[^>]*>(.*?)</h1>", page) == ["Clinic office"]


def arrange_office(size: int) -> None:
    """`size` of everything the office counts or lists."""
    for index in range(size):
        therapist = WorkingHoursFactory(weekday=TUESDAY, start=time(8), end=time(18)).therapist
        TimeOffFactory(therapist=therapist, start=at_clinic(TODAY, 12), end=at_clinic(TODAY, 13))
        CredentialFactory(
            therapist=therapist, kind=CredentialKind.FIRST_AID, status=CredentialStatus.PENDING
        )
        CredentialFactory(therapist=therapist, expires_on=date(2026, 12, 20))
        CredentialFactory(
            therapist=therapist, kind=CredentialKind.INSURANCE, expires_on=date(2026, 12, 21)
        )
        for hour, status in [(14, AppointmentStatus.BOOKED), (9, AppointmentStatus.COMPLETED)]:
            AppointmentFactory(
                client=ClientFactory(date_joined=LONG_AGO),
                therapist=therapist,
                start=at_clinic(TODAY, hour),
                status=status,
            )
        AppointmentFactory(
            client=ClientFactory(date_joined=LONG_AGO),
            therapist=therapist,
            start=at_clinic(date(2026, 12, 8 + index), 10),
            status=AppointmentStatus.PENDING_APPROVAL,
        )
        ClientFactory()


@pytest.mark.parametrize("size", [1, 4])
def test_office_queries_do_not_grow(client, django_assert_num_queries, size):
    arrange_office(size)
    client.force_login(AdminFactory())

    # session, user, second-factor device; credentials and bookings waiting; today's
    # sessions, working hours, time off and new clients; the credentials ending
    with django_assert_num_queries(10):
        response = client.get("/office/")

    assert len(expiring_rows(response)) == 2 * size
    assert figures(response)["therapists_working"] == size
