"""A client's bookings racing on PostgreSQL: the upcoming and hourly limits hold, because
every booking change takes the client's row lock before it counts.

Threads really race here, so time is not frozen: the sessions lie a few days ahead of the
real now, on the hour, inside the therapist's hours (09:00-17:00 every day).
"""

import threading
from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from clinic.accounts.models import User
from clinic.catalogue.models import Service
from clinic.clock import clinic_zone
from sessions.models import Appointment
from sessions.services import BookingRefused, TooManyChanges, appointment_book
from tests.factories import AppointmentFactory, ClientFactory, ServiceFactory, bookable_therapist
from therapists.models import Therapist

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 6


def at(hour: int, *, days: int = 3) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return datetime.combine(day, time(hour), tzinfo=clinic_zone())


def race(*, client: User, therapist: Therapist, service: Service, starts: list[datetime]):
    """Book each start for the client in its own thread, all released at once."""
    barrier = threading.Barrier(len(starts))
    outcomes: list[Appointment | Exception | None] = [None] * len(starts)

    def book(index: int, start: datetime) -> None:
        try:
            who = User.objects.get(pk=client.pk)
            whom = Therapist.objects.select_related("user").get(pk=therapist.pk)
            what = Service.objects.get(pk=service.pk)
            barrier.wait(timeout=30)
            outcomes[index] = appointment_book(
                client=who, therapist=whom, service=what, start=start
            )
        except Exception as error:  # every outcome is asserted by the caller
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=pair) for pair in enumerate(starts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


@pytest.fixture
def service():
    return ServiceFactory(duration_minutes=60)


@pytest.fixture
def therapist(service):
    return bookable_therapist(service)


@pytest.mark.parametrize(
    ("limits", "held_days", "refused_with", "says"),
    [
        pytest.param(
            {},
            (4, 5, 6),
            BookingRefused,
            "You can hold at most 4 upcoming sessions booked online at once. "
            "Cancel one, or call the clinic to book more.",
            id="the last upcoming place",
        ),
        pytest.param(
            {"BOOKING_RATE_PER_HOUR": 2, "BOOKING_MAX_UPCOMING": 0},
            (4,),
            TooManyChanges,
            "You can book or move sessions at most 2 times an hour.",
            id="the last booking of the hour",
        ),
    ],
)
def test_racing_for_the_last_place_a_limit_leaves_books_exactly_one(
    settings, service, therapist, limits, held_days, refused_with, says
):
    for name, value in limits.items():
        setattr(settings, name, value)
    client = ClientFactory()
    for days in held_days:
        AppointmentFactory(
            client=client, therapist=therapist, service=service, start=at(9, days=days)
        )

    outcomes = race(
        client=client,
        therapist=therapist,
        service=service,
        starts=[at(9 + index) for index in range(THREADS)],
    )

    booked = [outcome for outcome in outcomes if isinstance(outcome, Appointment)]
    refused = [outcome for outcome in outcomes if not isinstance(outcome, Appointment)]
    assert len(booked) == 1
    assert [type(refusal) for refusal in refused] == [refused_with] * (THREADS - 1)
    assert all(refusal.message.startswith(says) for refusal in refused)
    assert Appointment.objects.filter(client=client).count() == len(held_days) + 1
