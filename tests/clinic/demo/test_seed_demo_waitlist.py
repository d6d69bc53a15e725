"""`manage.py seed_demo` shows the waitlist and a booking that awaits an admin's approval."""

from datetime import UTC, date, datetime, time
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from pytest_django.asserts import assertContains

from clinic.accounts.models import User
from sessions.models import Appointment, AppointmentStatus
from sessions.services import client_needs_approval
from sessions.waitlist.models import WaitlistEntry, WaitlistState
from tests.clock import frozen_at
from tests.demo_clinic import NOW

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_clinic")]


frozen = frozen_at(NOW)


def seed() -> None:
    call_command("seed_demo", password="demo-password-for-tests", stdout=StringIO())


def client(number: int) -> User:
    return User.objects.get(email=f"client{number}@demo.clinic")


def demo_state() -> dict:
    return {
        "waiting": list(
            WaitlistEntry.objects.filter(state=WaitlistState.WAITING).values_list(
                "client__email", flat=True
            )
        ),
        "pending": list(
            Appointment.objects.filter(status=AppointmentStatus.PENDING_APPROVAL).values_list(
                "client__email", flat=True
            )
        ),
        "missed": Appointment.objects.missed().count(),
    }


def test_seed_demo_puts_client_four_on_the_waitlist_for_the_next_two_weeks():
    entry = WaitlistEntry.objects.get()
    assert (
        entry.client,
        entry.state,
        entry.therapist,
        entry.service.duration_minutes,
        entry.first_day,
        entry.last_day,
        entry.weekdays,
        entry.earliest,
        entry.latest,
    ) == (
        client(4),
        WaitlistState.WAITING,
        None,
        60,
        date(2026, 12, 1),
        date(2026, 12, 14),
        [0, 1, 2, 3, 4],
        time(15),
        time(17),
    )


def test_seed_demo_client_five_missed_enough_sessions_to_need_approval():
    missed = Appointment.objects.filter(client=client(5)).missed().order_by("start")
    assert [(a.status, a.late_cancellation) for a in missed] == [
        (AppointmentStatus.NO_SHOW, False),
        (AppointmentStatus.NO_SHOW, False),
        (AppointmentStatus.CANCELLED, True),
    ]
    assert [a for a in missed if a.start >= NOW] == []
    assert client_needs_approval(client(5)) is True
    assert [number for number in range(1, 5) if client_needs_approval(client(number))] == []


def test_seed_demo_client_fives_upcoming_booking_awaits_approval():
    upcoming = Appointment.objects.filter(client=client(5), start__gt=NOW).get()
    assert (upcoming.status, upcoming.therapist.user.email) == (
        AppointmentStatus.PENDING_APPROVAL,
        "therapist2@demo.clinic",
    )
    others = Appointment.objects.exclude(client=client(5)).filter(start__gt=NOW)
    assert set(others.values_list("status", flat=True)) == {AppointmentStatus.BOOKED}


def test_seed_demo_request_is_on_the_admins_approval_page():
    browser = Client()
    browser.force_login(User.objects.get(email="admin@demo.clinic"))

    response = browser.get("/approvals/")

    assert [a.client.email for a in response.context["requests"]] == ["client5@demo.clinic"]
    assertContains(response, "Olivia Singh")


def test_seed_demo_twice_keeps_one_waitlist_entry_and_one_request():
    first = demo_state()

    seed()

    assert demo_state() == first
    assert first == {
        "waiting": ["client4@demo.clinic"],
        "pending": ["client5@demo.clinic"],
        "missed": 3,
    }


def test_seed_demo_on_a_later_day_waits_and_requests_again(frozen):
    frozen.move_to(datetime(2026, 12, 20, 15, tzinfo=UTC))

    seed()

    waiting = WaitlistEntry.objects.waiting(on=date(2026, 12, 20))
    assert [(e.client.email, e.first_day, e.last_day) for e in waiting] == [
        ("client4@demo.clinic", date(2026, 12, 20), date(2027, 1, 2))
    ]
    requests = Appointment.objects.filter(
        status=AppointmentStatus.PENDING_APPROVAL, start__gt=datetime(2026, 12, 20, 15, tzinfo=UTC)
    )
    assert list(requests.values_list("client__email", flat=True)) == ["client5@demo.clinic"]
