"""Answering an offer: confirming books through the rules; declining, leaving, the message."""

from datetime import timedelta

import pytest

from clinic.messaging.dispatch import message_send
from clinic.messaging.models import Message, MessageState
from sessions.models import Appointment, AppointmentStatus
from sessions.services import (
    SLOT_TAKEN,
    ActionRefused,
    BookingRefused,
    SlotTaken,
    appointment_book,
    appointment_cancel,
)
from sessions.waitlist.models import OfferState, WaitlistEntry, WaitlistOffer, WaitlistState
from sessions.waitlist.services import offer_confirm, offer_decline, waitlist_leave
from tests.clock import frozen_at
from tests.factories import (
    AppointmentFactory,
    ClientFactory,
    WaitlistOfferFactory,
    bookable_therapist,
)

from .waiting import NOW, TEN, TWO_HOURS, open_offers, wait

pytestmark = pytest.mark.django_db

frozen = frozen_at(NOW)
DAY_LONG = timedelta(days=1)


def test_confirm_books_through_the_rules(service, therapist, full_day):
    entry = wait(service, minutes_ago=5)
    appointment_cancel(appointment=full_day[0], by=full_day[0].client)
    offer = entry.offers.get()

    appointment = offer_confirm(offer=offer, by=entry.client)

    assert (appointment.client, appointment.therapist, appointment.start, appointment.status) == (
        entry.client,
        therapist,
        TEN,
        AppointmentStatus.BOOKED,
    )
    offer.refresh_from_db()
    entry.refresh_from_db()
    assert (offer.state, offer.appointment, offer.decided_at) == (
        OfferState.ACCEPTED,
        appointment,
        NOW,
    )
    assert entry.state == WaitlistState.BOOKED
    assert Message.objects.about(appointment).filter(kind="confirmation").count() == 1


def test_confirm_after_expiry_refused_even_before_the_task_runs(service, full_day, frozen):
    entry = wait(service, minutes_ago=5)
    appointment_cancel(appointment=full_day[0], by=full_day[0].client)
    frozen.move_to(NOW + TWO_HOURS)

    with pytest.raises(ActionRefused) as refused:
        offer_confirm(offer=entry.offers.get(), by=entry.client)

    assert str(refused.value) == "This offer has expired."
    assert Appointment.objects.live().filter(start=TEN).count() == 0


def test_confirm_after_a_direct_booking_is_slot_taken(service, therapist, full_day):
    entry = wait(service, minutes_ago=5)
    appointment_cancel(appointment=full_day[0], by=full_day[0].client)
    appointment_book(client=ClientFactory(), therapist=therapist, service=service, start=TEN)

    with pytest.raises(SlotTaken) as taken:
        offer_confirm(offer=entry.offers.get(), by=entry.client)

    assert taken.value.message == SLOT_TAKEN
    assert entry.offers.get().state == OfferState.TAKEN
    assert WaitlistEntry.objects.get(pk=entry.pk).state == WaitlistState.WAITING


def test_second_of_two_confirmations_of_one_slot_is_slot_taken(service, therapist):
    first = WaitlistOfferFactory(therapist=therapist, entry__service=service, start=TEN)
    second = WaitlistOfferFactory(therapist=therapist, entry__service=service, start=TEN)

    booked = offer_confirm(offer=first, by=first.entry.client)
    with pytest.raises(SlotTaken):
        offer_confirm(offer=second, by=second.entry.client)

    assert list(Appointment.objects.values_list("pk", flat=True)) == [booked.pk]
    assert WaitlistOffer.objects.get(pk=second.pk).state == OfferState.TAKEN


def test_confirm_twice_refused(service, full_day):
    entry = wait(service, minutes_ago=5)
    appointment_cancel(appointment=full_day[0], by=full_day[0].client)
    offer_confirm(offer=entry.offers.get(), by=entry.client)

    with pytest.raises(ActionRefused) as refused:
        offer_confirm(offer=entry.offers.get(), by=entry.client)

    assert str(refused.value) == "This offer is accepted."
    assert Appointment.objects.filter(client=entry.client).count() == 1


def test_another_client_cannot_answer_the_offer(service, full_day):
    entry = wait(service, minutes_ago=5)
    appointment_cancel(appointment=full_day[0], by=full_day[0].client)

    with pytest.raises(WaitlistOffer.DoesNotExist):
        offer_confirm(offer=entry.offers.get(), by=ClientFactory())

    assert entry.offers.get().state == OfferState.OPEN


def test_leaving_with_an_open_offer_passes_it_on(service, full_day):
    first = wait(service, minutes_ago=20)
    second = wait(service, minutes_ago=10)
    appointment_cancel(appointment=full_day[0], by=full_day[0].client)

    waitlist_leave(entry=first, by=first.client)

    assert WaitlistEntry.objects.get(pk=first.pk).state == WaitlistState.LEFT
    assert open_offers() == [(second.pk, TEN)]


def test_offer_message_sent_while_open_and_skipped_once_closed(service, full_day, mailoutbox):
    first = wait(service, minutes_ago=20)
    second = wait(service, minutes_ago=10)
    appointment_cancel(appointment=full_day[0], by=full_day[0].client)
    offer_decline(offer=first.offers.get(), by=first.client)
    to_first, to_second = Message.objects.filter(kind="waitlist_offer").order_by("pk")
    Message.objects.filter(kind="waitlist_offer").update(state=MessageState.QUEUED)

    assert message_send(message_id=to_first.pk).detail == "The offer is declined."
    assert message_send(message_id=to_second.pk).state == MessageState.SENT

    (mail,) = [m for m in mailoutbox if m.to == [second.client.email]]
    offer = second.offers.get()
    assert (
        mail.subject
        == "Free: Wed 2 Dec 2026, 10:00 with " + str(offer.therapist) + " (confirm by 09:00)"
    )
    assert f"http://127.0.0.1:8000/waitlist/offers/{offer.pk}/" in mail.body


def test_confirm_over_the_upcoming_limit_is_refused_and_the_offer_stays_open(service, full_day):
    entry = wait(service, minutes_ago=5)
    holding = bookable_therapist(service)
    for days in range(1, 5):
        AppointmentFactory(
            client=entry.client, therapist=holding, service=service, start=TEN + days * DAY_LONG
        )
    appointment_cancel(appointment=full_day[0], by=full_day[0].client)

    with pytest.raises(BookingRefused) as refused:
        offer_confirm(offer=entry.offers.get(), by=entry.client)

    assert refused.value.message == (
        "You can hold at most 4 upcoming sessions booked online at once. "
        "Cancel one, or call the clinic to book more."
    )
    assert entry.offers.get().state == OfferState.OPEN
    assert Appointment.objects.live().filter(start=TEN).count() == 0
