"""Confirmations of waitlist offers racing on PostgreSQL: exactly one booking wins.

Threads really race, so time is not frozen: the slot lies a few days ahead of the real now,
at 10:00 clinic time, inside the therapist's hours (09:00-17:00 every day).
"""

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from clinic.accounts.models import User
from clinic.catalogue.models import Service
from sessions.models import Appointment
from sessions.services import SLOT_TAKEN, ActionRefused, SlotTaken, appointment_book
from sessions.waitlist.models import OfferState, WaitlistOffer, WaitlistState
from sessions.waitlist.services import offer_confirm
from tests.factories import ClientFactory, ServiceFactory, WaitlistOfferFactory, bookable_therapist
from tests.integration.test_booking_race import at, overlapping_pairs
from therapists.models import Therapist

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def race(*actions: Callable[[], object]) -> list:
    """Run each action in its own thread, released together; their results or errors."""
    barrier = threading.Barrier(len(actions))
    outcomes: list = [None] * len(actions)

    def run(index: int, action: Callable[[], object]) -> None:
        try:
            connection.ensure_connection()
            barrier.wait(timeout=30)
            outcomes[index] = action()
        except Exception as error:  # every outcome is asserted by the caller
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


def confirm(offer_id: int) -> Callable[[], Appointment]:
    def action() -> Appointment:
        offer = WaitlistOffer.objects.select_related("entry__client").get(pk=offer_id)
        return offer_confirm(offer=offer, by=offer.entry.client)

    return action


@pytest.fixture
def slot():
    service = ServiceFactory(duration_minutes=60)
    return {"service": service, "therapist": bookable_therapist(service), "start": at(10)}


def offer_of(slot) -> WaitlistOffer:
    return WaitlistOfferFactory(
        therapist=slot["therapist"], entry__service=slot["service"], start=slot["start"]
    )


def test_two_clients_confirming_one_slot_get_one_booking_and_one_slot_taken(slot):
    offers = [offer_of(slot) for _ in range(2)]

    outcomes = race(*(confirm(offer.pk) for offer in offers))

    winners = [outcome for outcome in outcomes if isinstance(outcome, Appointment)]
    losers = [outcome for outcome in outcomes if not isinstance(outcome, Appointment)]
    assert len(winners) == 1
    assert [(type(loser), loser.message) for loser in losers] == [(SlotTaken, SLOT_TAKEN)]
    assert list(Appointment.objects.values_list("pk", "start")) == [(winners[0].pk, slot["start"])]
    states = dict(WaitlistOffer.objects.values_list("entry__client", "state"))
    assert states == {
        winners[0].client_id: OfferState.ACCEPTED,
        next(o.entry.client_id for o in offers if o.entry.client_id != winners[0].client_id): (
            OfferState.TAKEN
        ),
    }
    assert overlapping_pairs() == []


def test_confirmation_racing_a_direct_booking_gives_one_booking(slot):
    offer = offer_of(slot)
    other = ClientFactory()

    def book_directly() -> Appointment:
        return appointment_book(
            client=User.objects.get(pk=other.pk),
            therapist=Therapist.objects.select_related("user").get(pk=slot["therapist"].pk),
            service=Service.objects.get(pk=slot["service"].pk),
            start=slot["start"],
        )

    outcomes = race(confirm(offer.pk), book_directly)

    assert sum(isinstance(outcome, Appointment) for outcome in outcomes) == 1
    assert [type(o) for o in outcomes if not isinstance(o, Appointment)] == [SlotTaken]
    assert Appointment.objects.count() == 1
    assert overlapping_pairs() == []


def test_one_offer_confirmed_twice_at_once_books_once(slot):
    offer = offer_of(slot)

    outcomes = race(confirm(offer.pk), confirm(offer.pk))

    assert sum(isinstance(outcome, Appointment) for outcome in outcomes) == 1
    (refusal,) = [o for o in outcomes if not isinstance(o, Appointment)]
    assert (type(refusal), str(refusal)) == (ActionRefused, "This offer is accepted.")
    assert Appointment.objects.count() == 1
    assert offer.entry.__class__.objects.get(pk=offer.entry_id).state == WaitlistState.BOOKED
