"""The load run's own scripts (bench/load) run only under `make bench-load`; these keep them in
step with the site: its seed makes therapists clients can book and sessions the site takes as
signed in, and its checks read bookings and their confirmations as they are stored."""

import sys
from datetime import time, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from clients.models import ClientProfile
from clinic.accounts.models import Role
from clinic.clock import clinic_zone, wall_to_utc
from sessions.models import AppointmentStatus
from sessions.services import appointment_book
from tests.factories import AppointmentFactory, MessageFactory, TherapistFactory
from tests.otp import confirmed_authenticator
from therapists.models import Therapist

pytestmark = pytest.mark.django_db

LOAD = Path(__file__).resolve().parent.parent / "bench" / "load"


@pytest.fixture(scope="module")
def load():
    """The seed and checks modules, imported as the run imports them: from their folder."""
    sys.path.insert(0, str(LOAD))
    try:
        import checks
        import seed

        yield seed, checks
    finally:
        sys.path.remove(str(LOAD))


def signed_in(client, session_key: str):
    client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    return client


def test_the_seeded_therapists_are_bookable(load):
    seed, _ = load

    _, therapists = seed.seed_staff(password="unusable")

    assert len(therapists) == seed.THERAPISTS
    assert Therapist.objects.bookable().count() == seed.THERAPISTS


def test_a_seeded_session_signs_a_client_in(load, client):
    seed, _ = load
    [user] = seed.users(Role.CLIENT, 1, password="unusable")

    response = signed_in(client, seed.verified_session(user)).get(reverse("appointment-list"))

    assert response.status_code == 200


def test_a_seeded_client_can_book_a_seeded_therapist(load):
    seed, _ = load
    services, therapists = seed.seed_staff(password="unusable")
    [user] = seed.users(Role.CLIENT, 1, password="unusable")
    ClientProfile.objects.create(user=user)
    start = wall_to_utc(timezone.localdate() + timedelta(days=1), time(10), clinic_zone())

    booked = appointment_book(
        client=user, therapist=therapists[0], service=services[0], start=start
    )

    assert booked.status == AppointmentStatus.BOOKED


def test_a_seeded_session_signs_a_therapist_in_past_the_second_step(load, client):
    seed, _ = load
    therapist = TherapistFactory()
    confirmed_authenticator(therapist.user)

    response = signed_in(client, seed.verified_session(therapist.user)).get(reverse("schedule"))

    assert response.status_code == 200


def test_the_seeded_therapists_reach_their_schedule_without_setting_up_a_second_step(load, client):
    seed, _ = load
    _, therapists = seed.seed_staff(password="unusable")

    session = seed.verified_session(therapists[0].user)
    response = signed_in(client, session).get(reverse("schedule"))

    assert response.status_code == 200


def test_confirmations_count_each_booking_with_its_one_confirmation(load, tmp_path):
    _, checks = load
    since = timezone.now() - timedelta(minutes=1)
    confirmed = AppointmentFactory()
    MessageFactory(appointment=confirmed)
    AppointmentFactory()  # booked, and never confirmed

    found = checks.confirmations(since, str(tmp_path), wait=0)

    assert found["bookings"] == 2
    assert found["confirmation_rows"] == 1
    assert found["bookings_without_one_confirmation_row"] == 1


def test_overlaps_finds_none_between_back_to_back_sessions(load):
    _, checks = load
    first = AppointmentFactory()
    AppointmentFactory(therapist=first.therapist, start=first.blocked_until)

    assert checks.overlaps("therapist_id", "blocked_until") == 0
    assert checks.overlaps("client_id", '"end"') == 0
