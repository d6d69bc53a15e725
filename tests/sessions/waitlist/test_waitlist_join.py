"""Joining the waitlist: the entry saved, and what is refused."""

from datetime import date, time, timedelta

import pytest

from sessions.services import ActionRefused
from sessions.waitlist.models import WaitlistEntry, WaitlistState
from sessions.waitlist.services import MAX_WAITING_ENTRIES, WaitlistRefused, waitlist_join
from tests.clock import frozen_at
from tests.factories import ClientFactory, ServiceFactory

from .waiting import DAY, NOW

pytestmark = pytest.mark.django_db

frozen = frozen_at(NOW)


def join(client, service, therapist=None, **changes):
    fields = {
        "first_day": DAY,
        "last_day": DAY + timedelta(days=7),
        "weekdays": [2, 4, 2],
        "earliest": time(9),
        "latest": time(12),
        **changes,
    }
    return waitlist_join(client=client, therapist=therapist, service=service, **fields)


def test_join_saves_the_entry(service, therapist):
    client = ClientFactory()

    entry = join(client, service, therapist)

    assert WaitlistEntry.objects.values(
        "client", "therapist", "service", "weekdays", "state", "created_at"
    ).get() == {
        "client": client.pk,
        "therapist": therapist.pk,
        "service": service.pk,
        "weekdays": [2, 4],
        "state": WaitlistState.WAITING,
        "created_at": NOW,
    }
    assert entry.weekday_names == "Wed, Fri"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"first_day": date(2026, 11, 30)}, "first_day", "Choose a first day from today on."),
        (
            {"last_day": date(2026, 12, 1)},
            "last_day",
            "The last day can't be before the first day.",
        ),
        (
            {"last_day": date(2027, 3, 1)},
            "last_day",
            "Sessions can be booked at most 60 days ahead.",
        ),
        ({"latest": time(9)}, "latest", "The latest end must be after the earliest start."),
    ],
)
def test_join_refuses_bad_ranges(service, changes, field, message):
    with pytest.raises(WaitlistRefused) as refused:
        join(ClientFactory(), service, **changes)

    assert (refused.value.field, refused.value.message) == (field, message)
    assert WaitlistEntry.objects.count() == 0


def test_join_refuses_a_therapist_who_does_not_offer_the_service(therapist):
    with pytest.raises(WaitlistRefused) as refused:
        join(ClientFactory(), ServiceFactory(), therapist)

    assert refused.value.field == "therapist"


def test_join_refuses_more_than_the_limit(service):
    client = ClientFactory()
    for _ in range(MAX_WAITING_ENTRIES):
        join(client, service)

    with pytest.raises(WaitlistRefused) as refused:
        join(client, service)

    assert refused.value.message == "You can wait for at most 5 things at once."


def test_join_is_for_clients(service, therapist):
    with pytest.raises(ActionRefused):
        join(therapist.user, service)
