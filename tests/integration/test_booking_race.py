"""Concurrent bookings on PostgreSQL: the exclusion constraints let exactly one through.

Threads really race here, so time is not frozen: the slots lie a few days ahead of the real
now, at 10:00 clinic time, well inside the therapists' hours (09:00-17:00 every day).
"""

import threading
from datetime import date, datetime, time, timedelta
from itertools import cycle

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from clinic.accounts.models import User
from clinic.catalogue.models import Service
from clinic.clock import clinic_zone
from sessions.models import Appointment, AppointmentStatus
from sessions.services import (
    CLIENT_BUSY,
    SLOT_TAKEN,
    THERAPIST_OVERLAP_CONSTRAINT,
    SlotTaken,
    appointment_book,
)
from tests.factories import (
    AppointmentFactory,
    ClientFactory,
    DeskFactory,
    ServiceFactory,
    bookable_therapist,
)
from therapists.models import Therapist

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 12

OVERLAPS = """
    SELECT a.id, b.id
    FROM clinic_sessions_appointment a
    JOIN clinic_sessions_appointment b
      ON a.therapist_id = b.therapist_id AND a.id < b.id
    WHERE a.status <> 'cancelled' AND b.status <> 'cancelled'
      AND tstzrange(a.start, a.blocked_until) && tstzrange(b.start, b.blocked_until)
"""


def booking_day() -> date:
    """A clinic day far enough ahead for the minimum notice, inside the horizon."""
    return timezone.localdate() + timedelta(days=3)


def at(hour: int, minute: int = 0, *, day: date | None = None) -> datetime:
    return datetime.combine(day or booking_day(), time(hour, minute), tzinfo=clinic_zone())


def race(attempts: list[dict]) -> list[Appointment | Exception]:
    """Run each attempt's `appointment_book` in its own thread, all released at once.

    An attempt holds ids; each thread loads its own rows and opens its connection before
    the barrier, so the threads meet the database together.
    """
    barrier = threading.Barrier(len(attempts))
    outcomes: list[Appointment | Exception | None] = [None] * len(attempts)

    def book(index: int, attempt: dict) -> None:
        try:
            client = User.objects.get(pk=attempt["client"])
            therapist = Therapist.objects.select_related("user").get(pk=attempt["therapist"])
            service = Service.objects.get(pk=attempt["service"])
            by = User.objects.get(pk=attempt["by"]) if "by" in attempt else None
            barrier.wait(timeout=30)
            outcomes[index] = appointment_book(
                client=client, therapist=therapist, service=service, start=attempt["start"], by=by
            )
        except Exception as error:  # every outcome is asserted by the caller
            outcomes[index] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=book, args=(index, attempt))
        for index, attempt in enumerate(attempts)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


def overlapping_pairs() -> list[tuple[int, int]]:
    with connection.cursor() as cursor:
        cursor.execute(OVERLAPS)
        return cursor.fetchall()


def winners_and_refusals(outcomes: list) -> tuple[list[Appointment], list[Exception]]:
    """Split the outcomes; anything but an appointment or a SlotTaken fails the test."""
    winners = [outcome for outcome in outcomes if isinstance(outcome, Appointment)]
    refusals = [outcome for outcome in outcomes if not isinstance(outcome, Appointment)]
    assert [repr(error) for error in refusals if type(error) is not SlotTaken] == []
    return winners, refusals


def test_same_slot_race_books_exactly_one_and_refuses_the_rest_as_slot_taken():
    service = ServiceFactory(duration_minutes=60)
    therapist = bookable_therapist(service)
    clients = ClientFactory.create_batch(THREADS)
    start = at(10)
    attempts = [
        {"client": client.pk, "therapist": therapist.pk, "service": service.pk, "start": start}
        for client in clients
    ]

    outcomes = race(attempts)

    winners, refusals = winners_and_refusals(outcomes)
    assert len(winners) == 1
    assert [type(refusal) for refusal in refusals] == [SlotTaken] * (THREADS - 1)
    assert {refusal.message for refusal in refusals} == {SLOT_TAKEN}
    assert list(Appointment.objects.values_list("pk", "start")) == [(winners[0].pk, start)]
    assert overlapping_pairs() == []


def test_desk_and_clients_racing_for_one_slot_book_exactly_one():
    service = ServiceFactory(duration_minutes=60)
    therapist = bookable_therapist(service)
    desk = DeskFactory()
    clients = ClientFactory.create_batch(THREADS)
    start = at(10)
    # Half the clients book online; the desk books the other half, phoned in, at once.
    attempts = [
        {"client": client.pk, "therapist": therapist.pk, "service": service.pk, "start": start}
        | ({"by": desk.pk} if index % 2 else {})
        for index, client in enumerate(clients)
    ]

    outcomes = race(attempts)

    winners, refusals = winners_and_refusals(outcomes)
    assert len(winners) == 1
    assert [type(refusal) for refusal in refusals] == [SlotTaken] * (THREADS - 1)
    assert Appointment.objects.count() == 1
    assert overlapping_pairs() == []


def test_overlapping_slots_race_books_exactly_one():
    hour = ServiceFactory(duration_minutes=60, buffer_minutes=15)
    half_hour = ServiceFactory(duration_minutes=30)
    therapist = bookable_therapist(hour, half_hour)
    clients = ClientFactory.create_batch(THREADS)
    # Every pair of these overlaps: [10:00, 11:15), [10:30, 11:30), [10:15, 10:45).
    choices = cycle([(hour, at(10)), (hour, at(10, 30)), (half_hour, at(10, 15))])
    attempts = [
        {"client": client.pk, "therapist": therapist.pk, "service": service.pk, "start": start}
        for client, (service, start) in zip(clients, choices, strict=False)
    ]

    outcomes = race(attempts)

    winners, refusals = winners_and_refusals(outcomes)
    assert len(winners) == 1
    assert [type(refusal) for refusal in refusals] == [SlotTaken] * (THREADS - 1)
    assert Appointment.objects.count() == 1
    assert overlapping_pairs() == []


def test_race_into_the_buffer_books_exactly_one():
    with_buffer = ServiceFactory(duration_minutes=60, buffer_minutes=15)
    short = ServiceFactory(duration_minutes=30)
    therapist = bookable_therapist(with_buffer, short)
    clients = ClientFactory.create_batch(THREADS)
    # 11:00 is free of the 10:00 session itself but not of its buffer (until 11:15).
    choices = cycle([(with_buffer, at(10)), (short, at(11))])
    attempts = [
        {"client": client.pk, "therapist": therapist.pk, "service": service.pk, "start": start}
        for client, (service, start) in zip(clients, choices, strict=False)
    ]

    outcomes = race(attempts)

    winners, refusals = winners_and_refusals(outcomes)
    assert len(winners) == 1
    assert [type(refusal) for refusal in refusals] == [SlotTaken] * (THREADS - 1)
    assert overlapping_pairs() == []


def test_races_for_several_therapists_book_one_each():
    service = ServiceFactory(duration_minutes=60)
    therapists = [bookable_therapist(service) for _ in range(3)]
    clients = ClientFactory.create_batch(THREADS)
    attempts = [
        {"client": client.pk, "therapist": therapist.pk, "service": service.pk, "start": at(10)}
        for client, therapist in zip(clients, cycle(therapists), strict=False)
    ]

    outcomes = race(attempts)

    winners, refusals = winners_and_refusals(outcomes)
    assert sorted(winner.therapist_id for winner in winners) == sorted(t.pk for t in therapists)
    assert [type(refusal) for refusal in refusals] == [SlotTaken] * (THREADS - len(therapists))
    assert overlapping_pairs() == []


@pytest.mark.parametrize("hour", [10, 12, 14])
def test_one_client_booking_two_therapists_at_once_gets_one(hour):
    service = ServiceFactory(duration_minutes=60)
    first, second = bookable_therapist(service), bookable_therapist(service)
    client = ClientFactory()
    attempts = [
        {"client": client.pk, "therapist": therapist.pk, "service": service.pk, "start": at(hour)}
        for therapist in (first, second)
    ]

    outcomes = race(attempts)

    winners, refusals = winners_and_refusals(outcomes)
    assert len(winners) == 1
    assert [type(refusal) for refusal in refusals] == [SlotTaken]
    assert refusals[0].message == CLIENT_BUSY
    assert Appointment.objects.filter(client=client).count() == 1


def test_orm_insert_of_an_overlapping_live_appointment_is_refused_by_the_database():
    service = ServiceFactory(duration_minutes=60, buffer_minutes=15)
    therapist = bookable_therapist(service)
    AppointmentFactory(therapist=therapist, service=service, start=at(10))

    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        AppointmentFactory(therapist=therapist, service=service, start=at(11))  # in the buffer

    assert refused.value.__cause__.diag.constraint_name == THERAPIST_OVERLAP_CONSTRAINT
    assert Appointment.objects.count() == 1


def test_orm_insert_overlapping_a_cancelled_appointment_is_allowed():
    service = ServiceFactory(duration_minutes=60)
    therapist = bookable_therapist(service)
    AppointmentFactory(therapist=therapist, service=service, start=at(10))

    AppointmentFactory(
        therapist=therapist, service=service, start=at(10), status=AppointmentStatus.CANCELLED
    )

    assert Appointment.objects.count() == 2
    assert overlapping_pairs() == []


def test_orm_insert_back_to_back_is_allowed():
    service = ServiceFactory(duration_minutes=60)
    therapist = bookable_therapist(service)
    AppointmentFactory(therapist=therapist, service=service, start=at(10))

    AppointmentFactory(therapist=therapist, service=service, start=at(11))

    assert Appointment.objects.count() == 2


def test_orm_insert_of_one_clients_overlapping_sessions_is_refused_by_the_database():
    service = ServiceFactory(duration_minutes=60)
    first, second = bookable_therapist(service), bookable_therapist(service)
    client = ClientFactory()
    AppointmentFactory(client=client, therapist=first, service=service, start=at(10))

    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        AppointmentFactory(client=client, therapist=second, service=service, start=at(10, 30))

    assert refused.value.__cause__.diag.constraint_name == "appointment_client_no_overlap"
