"""Which waiting entries fit freed time: day, hours, therapist, service, a client free then."""

from datetime import time, timedelta

import pytest

from sessions.services import appointment_book, appointment_cancel
from sessions.waitlist.models import WaitlistOffer, WaitlistState
from tests.clock import frozen_at
from tests.factories import ServiceFactory, WaitlistEntryFactory, bookable_therapist

from .waiting import DAY, NOW, TEN, open_offers, wait

pytestmark = pytest.mark.django_db

frozen = frozen_at(NOW)


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"weekdays": [0, 1, 3, 4, 5, 6]}, id="not-on-wednesdays"),
        pytest.param({"earliest": time(10, 30)}, id="starts-too-early"),
        pytest.param({"latest": time(10, 45)}, id="ends-too-late"),
        pytest.param(
            {"first_day": DAY + timedelta(days=1), "last_day": DAY + timedelta(days=5)},
            id="later-days",
        ),
        pytest.param({"state": WaitlistState.LEFT}, id="left"),
        pytest.param({"state": WaitlistState.BOOKED}, id="booked"),
    ],
)
def test_entries_that_do_not_fit_get_no_offer(service, full_day, fields):
    entry = WaitlistEntryFactory(service=service, **{"first_day": DAY, "last_day": DAY, **fields})

    appointment_cancel(appointment=full_day[0], by=full_day[0].client)

    assert not entry.offers.exists()


def test_entry_for_another_therapist_or_service_gets_no_offer(service, full_day):
    other_therapist = wait(service, minutes_ago=20, therapist=bookable_therapist(service))
    other_service = wait(ServiceFactory(name="Deep tissue", duration_minutes=60), minutes_ago=10)

    appointment_cancel(appointment=full_day[0], by=full_day[0].client)

    assert WaitlistOffer.objects.filter(entry__in=[other_therapist, other_service]).count() == 0


def test_entry_for_this_therapist_is_offered_in_turn(service, therapist, full_day):
    for_any = wait(service, minutes_ago=20)
    for_this_one = wait(service, minutes_ago=30, therapist=therapist)

    appointment_cancel(appointment=full_day[0], by=full_day[0].client)

    assert open_offers() == [(for_this_one.pk, TEN)]
    assert not for_any.offers.exists()


def test_client_busy_at_that_time_is_skipped(service, therapist, full_day):
    busy = wait(service, minutes_ago=20)
    free = wait(service, minutes_ago=10)
    appointment_book(
        client=busy.client, therapist=bookable_therapist(service), service=service, start=TEN
    )

    appointment_cancel(appointment=full_day[0], by=full_day[0].client)

    assert open_offers() == [(free.pk, TEN)]
