"""Therapists' private calendar feeds, and one session's .ics for the client's calendar."""

from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from sessions.calendars.models import CalendarFeed
from sessions.calendars.services import calendar_feed_rotate
from sessions.ics import appointment_ics, appointment_uid
from sessions.models import AppointmentStatus
from sessions.services import appointment_book, appointment_reschedule
from tests.clock import at_clinic, frozen_at
from tests.factories import (
    AdminFactory,
    AppointmentFactory,
    ClientFactory,
    ClientProfileFactory,
    TherapistFactory,
    signed_note,
    submit_intake,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)
DAY = NOW.date() + timedelta(days=1)


frozen = frozen_at(NOW)


@pytest.fixture
def ava(therapist, service):
    """A client with everything a feed must leave out: surname, email, phone, intake, notes."""
    ava = ClientFactory(first_name="Ava", last_name="Quixotic", email="ava.private@example.org")
    ClientProfileFactory(user=ava, phone="+14165550123")
    submit_intake(ava, conditions="Secret condition", goals="Private goal")
    past = AppointmentFactory(
        client=ava,
        therapist=therapist,
        service=service,
        start=NOW - timedelta(days=2),
        status=AppointmentStatus.COMPLETED,
    )
    signed_note(appointment=past, subjective="Confidential subjective text")
    return ava


def feed_url(therapist) -> str:
    return f"/calendar/{calendar_feed_rotate(therapist=therapist).token}.ics"


def events(response) -> dict[str, dict]:
    calendar = Calendar.from_ical(response.content)
    return {
        str(event["uid"]): {
            "summary": str(event["summary"]),
            "start": event.decoded("dtstart"),
            "sequence": int(event["sequence"]),
            "status": str(event["status"]),
        }
        for event in calendar.walk("VEVENT")
    }


def test_feed_lists_the_live_sessions_with_first_name_and_service(client, therapist, service, ava):
    url = feed_url(therapist)
    booked = appointment_book(
        client=ava, therapist=therapist, service=service, start=at_clinic(DAY, 10)
    )
    moved = appointment_reschedule(appointment=booked, by=ava, start=at_clinic(DAY, 11))
    AppointmentFactory(
        therapist=therapist, service=service, start=at_clinic(DAY, 13), status="cancelled"
    )
    AppointmentFactory(service=service, start=at_clinic(DAY, 14))  # another therapist's

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    found = events(response)
    assert found[appointment_uid(moved)] == {
        "summary": "Ava: Trigger point therapy",
        "start": at_clinic(DAY, 11),
        "sequence": 1,
        "status": "CONFIRMED",
    }
    assert len(found) == 2  # the moved session and the completed one two days ago


def test_feed_uid_and_sequence_match_the_invitation(client, therapist, service, ava):
    url = feed_url(therapist)
    booked = appointment_book(
        client=ava, therapist=therapist, service=service, start=at_clinic(DAY, 10)
    )
    invitation = Calendar.from_ical(appointment_ics(booked)).walk("VEVENT")[0]

    (event,) = [
        e
        for e in Calendar.from_ical(client.get(url).content).walk("VEVENT")
        if e["uid"] == invitation["uid"]
    ]

    assert (event["uid"], event["sequence"]) == (invitation["uid"], invitation["sequence"])


def test_feed_holds_no_clinical_or_contact_data(client, therapist, ava):
    body = client.get(feed_url(therapist)).content.decode()

    for private in [
        "Quixotic",
        "ava.private@example.org",
        "4165550123",
        "Secret condition",
        "Private goal",
        "Confidential subjective text",
        "Heat and gentle stretches",  # the note's plan
        "Guarded",  # the therapist's remarks
    ]:
        assert private not in body
    assert "Ava: Trigger point therapy" in body


@pytest.mark.parametrize(
    "token", ["", "x", "not-the-token", "A" * 43, "A" * 5000, "%00", "../../etc/passwd"]
)
def test_feed_needs_the_right_token(client, therapist, ava, token):
    feed_url(therapist)

    response = client.get(f"/calendar/{token}.ics")

    assert response.status_code == 404


def test_rotation_invalidates_the_old_url(client, therapist, ava):
    old = feed_url(therapist)
    assert client.get(old).status_code == 200

    new = feed_url(therapist)

    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert CalendarFeed.objects.count() == 1


def test_feed_of_a_deactivated_therapist_is_gone(client, therapist, ava):
    url = feed_url(therapist)
    therapist.user.is_active = False
    therapist.user.save()

    assert client.get(url).status_code == 404


def test_feed_queries_do_not_grow(client, therapist, service, django_assert_num_queries):
    url = feed_url(therapist)
    for hour in range(9, 16):
        AppointmentFactory(therapist=therapist, service=service, start=at_clinic(DAY, hour))

    with django_assert_num_queries(2):
        response = client.get(url)

    assert len(events(response)) == 7


# The therapist's page


def test_therapist_makes_and_rotates_the_feed_from_their_page(client, therapist):
    client.force_login(therapist.user)
    assert client.get("/schedule/calendar/").context["feed"] is None

    client.post("/schedule/calendar/")
    first = CalendarFeed.objects.get(therapist=therapist).token
    page = client.get("/schedule/calendar/")
    client.post("/schedule/calendar/")

    assert page.context["feed_url"] == f"http://testserver/calendar/{first}.ics"
    assert CalendarFeed.objects.get(therapist=therapist).token != first
    assert client.get(f"/calendar/{first}.ics").status_code == 404


@pytest.mark.parametrize("role", ["client", "admin"])
def test_feed_page_is_for_therapists(client, role):
    client.force_login(ClientFactory() if role == "client" else AdminFactory())

    assert client.get("/schedule/calendar/").status_code == 403
    assert client.post("/schedule/calendar/").status_code == 403
    assert CalendarFeed.objects.count() == 0


def test_feed_page_needs_sign_in(client):
    response = client.post("/schedule/calendar/")

    assert (response.status_code, response["Location"]) == (
        302,
        "/accounts/login/?next=/schedule/calendar/",
    )


# One session's .ics


@pytest.fixture
def session(therapist, service, ava):
    return appointment_book(
        client=ava, therapist=therapist, service=service, start=at_clinic(DAY, 10)
    )


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("client", 200),
        ("other client", 404),
        ("therapist", 200),
        ("other therapist", 404),
        ("admin", 200),
    ],
)
def test_single_session_ics_access(client, session, who, status):
    users = {
        "client": session.client,
        "other client": ClientFactory(),
        "therapist": session.therapist.user,
        "other therapist": TherapistFactory().user,
        "admin": AdminFactory(),
    }
    if who in users:
        client.force_login(users[who])

    response = client.get(f"/appointments/{session.pk}/calendar.ics")

    assert response.status_code == status


def test_single_session_ics_is_the_invitations_event(client, session):
    client.force_login(session.client)

    response = client.get(f"/appointments/{session.pk}/calendar.ics")

    assert response["Content-Disposition"] == f'attachment; filename="session-{session.pk}.ics"'
    assert "no-store" in response["Cache-Control"]
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["method"]) == "PUBLISH"
    (event,) = calendar.walk("VEVENT")
    assert (str(event["uid"]), event.decoded("dtstart"), str(event["status"])) == (
        appointment_uid(session),
        at_clinic(DAY, 10),
        "CONFIRMED",
    )


def test_appointment_list_links_the_ics(client, session):
    client.force_login(session.client)

    response = client.get("/appointments/")

    assert f'href="/appointments/{session.pk}/calendar.ics"' in response.content.decode()
