"""Freed time offered in order of joining, one client at a time per slot, until it expires."""

from datetime import datetime, timedelta

import pytest

from clinic.messaging.models import Message
from sessions.services import appointment_cancel
from sessions.waitlist.models import OfferState, WaitlistOffer, WaitlistState
from sessions.waitlist.offers import offers_expire
from sessions.waitlist.services import offer_decline
from sessions.waitlist.tasks import expire_waitlist_offers
from tests.clock import frozen_at

from .waiting import ELEVEN, NOW, TEN, TWO_HOURS, open_offers, wait

pytestmark = pytest.mark.django_db

frozen = frozen_at(NOW)


def offer_messages() -> list[tuple[int, int, datetime, datetime]]:
    """(recipient, the offer's waitlist entry, due, send by) of each offer's message."""
    rows = Message.objects.filter(kind="waitlist_offer").order_by("pk")
    return [
        (row.recipient_id, row.subject.entry_id, row.due_at, row.send_by)
        for row in rows.prefetch_related("subject")
    ]


def test_cancellation_offers_the_slot_to_the_first_in_line(service, therapist, full_day):
    second = wait(service, minutes_ago=10)
    first = wait(service, minutes_ago=20)

    appointment_cancel(appointment=full_day[0], by=full_day[0].client)

    assert open_offers() == [(first.pk, TEN)]
    offer = WaitlistOffer.objects.get()
    assert (offer.therapist_id, offer.end, offer.expires_at) == (
        therapist.pk,
        ELEVEN,
        NOW + TWO_HOURS,
    )
    assert offer_messages() == [(first.client_id, first.pk, NOW, NOW + TWO_HOURS)]
    assert not second.offers.exists()


def test_decline_passes_the_slot_to_the_next_in_line(service, full_day):
    first = wait(service, minutes_ago=30)
    second = wait(service, minutes_ago=20)
    third = wait(service, minutes_ago=10)
    appointment_cancel(appointment=full_day[0], by=full_day[0].client)

    offer_decline(offer=first.offers.get(), by=first.client)

    assert open_offers() == [(second.pk, TEN)]
    assert first.offers.get().state == OfferState.DECLINED
    first.refresh_from_db()
    assert first.state == WaitlistState.WAITING  # declining one time keeps the place
    assert not third.offers.exists()
    assert [row[1] for row in offer_messages()] == [first.pk, second.pk]


def test_expiry_passes_the_slot_on_and_never_back(service, full_day, frozen):
    first = wait(service, minutes_ago=20)
    second = wait(service, minutes_ago=10)
    appointment_cancel(appointment=full_day[0], by=full_day[0].client)

    frozen.move_to(NOW + TWO_HOURS - timedelta(seconds=1))
    assert offers_expire() == 0
    frozen.move_to(NOW + TWO_HOURS)
    assert offers_expire() == 1

    assert open_offers() == [(second.pk, TEN)]
    assert second.offers.get().expires_at == NOW + 2 * TWO_HOURS
    frozen.move_to(NOW + 2 * TWO_HOURS)
    assert offers_expire() == 1
    assert open_offers() == []  # the first was offered this slot already
    assert sorted(WaitlistOffer.objects.values_list("entry_id", "state")) == [
        (first.pk, OfferState.EXPIRED),
        (second.pk, OfferState.EXPIRED),
    ]


def test_offer_ends_at_the_minimum_notice_before_the_session(service, full_day, frozen):
    wait(service, minutes_ago=5)
    frozen.move_to(TEN - timedelta(hours=3))  # 07:00: notice (2 h) ends at 08:00

    appointment_cancel(appointment=full_day[0], by=full_day[0].client)

    assert WaitlistOffer.objects.get().expires_at == TEN - timedelta(hours=2)


def test_freed_time_too_close_to_book_is_not_offered(service, full_day, frozen):
    wait(service, minutes_ago=5)
    frozen.move_to(TEN - timedelta(hours=1))

    appointment_cancel(appointment=full_day[0], by=full_day[0].client)

    assert WaitlistOffer.objects.count() == 0


def test_one_freed_slot_goes_to_one_client_at_a_time(service, full_day):
    first = wait(service, minutes_ago=20)
    second = wait(service, minutes_ago=10)

    for appointment in full_day:
        appointment_cancel(appointment=appointment, by=appointment.client)

    assert open_offers() == [(first.pk, TEN), (second.pk, ELEVEN)]


def test_beat_runs_the_expiry_task(service, full_day, frozen, settings):
    first = wait(service, minutes_ago=20)
    second = wait(service, minutes_ago=10)
    appointment_cancel(appointment=full_day[0], by=full_day[0].client)
    frozen.move_to(NOW + TWO_HOURS)

    assert expire_waitlist_offers() == 1

    schedule = settings.CELERY_BEAT_SCHEDULE["expire-waitlist-offers"]
    assert (schedule["task"], schedule["schedule"]) == (
        "sessions.waitlist.tasks.expire_waitlist_offers",
        60.0,
    )
    assert open_offers() == [(second.pk, TEN)]
    assert first.offers.get().state == OfferState.EXPIRED
