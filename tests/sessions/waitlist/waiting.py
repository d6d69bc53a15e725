"""What the waitlist tests share: the freed day and slots, entries waiting, the open offers."""

from datetime import datetime, timedelta

from sessions.waitlist.models import OfferState, WaitlistEntry, WaitlistOffer
from tests.clock import at_clinic
from tests.factories import WaitlistEntryFactory
from tests.sessions.booking import DAY, NOW

TEN, ELEVEN = at_clinic(DAY, 10), at_clinic(DAY, 11)
TWO_HOURS = timedelta(hours=2)


def wait(service, *, minutes_ago: int, **fields) -> WaitlistEntry:
    """An entry for DAY that joined `minutes_ago` minutes before now."""
    entry = WaitlistEntryFactory(service=service, first_day=DAY, last_day=DAY, **fields)
    WaitlistEntry.objects.filter(pk=entry.pk).update(
        created_at=NOW - timedelta(minutes=minutes_ago)
    )
    return entry


def open_offers() -> list[tuple[int, datetime]]:
    return list(
        WaitlistOffer.objects.filter(state=OfferState.OPEN)
        .order_by("start")
        .values_list("entry_id", "start")
    )
