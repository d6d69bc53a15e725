"""The waitlist: freed time is offered in order of joining, one client at a time per slot;
offers expire; confirming books through the booking rules."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from clinic.messaging.dispatch import message_send
from clinic.messaging.models import Message, MessageState
from sessions.models import Appointment, AppointmentStatus
from sessions.services import (
    SLOT_TAKEN,
    ActionRefused,
    SlotTaken,
    appointment_book,
    appointment_cancel,
    appointment_reschedule,
)
from sessions.waitlist.models import OfferState, WaitlistEntry, WaitlistOffer, WaitlistState
from sessions.waitlist.offers import offer_all_free_time, offers_expire
from sessions.waitlist.services import (
    MAX_WAITING_ENTRIES,
    WaitlistRefused,
    offer_confirm,
    offer_decline,
    waitlist_join,
    waitlist_leave,
)
from sessions.waitlist.tasks import expire_waitlist_offers
from tests.clock import at_clinic, frozen_at
from tests.factories import (
    ClientFactory,
    ServiceFactory,
    TimeOffFactory,
    WaitlistEntryFactory,
    WaitlistOfferFactory,
    WorkingHoursFactory,
    bookable_therapist,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)  # Tuesday 07:00 in Toronto (UTC-5)
DAY = date(2026, 12, 2)  # Wednesday
TEN, ELEVEN = at_clinic(DAY, 10), at_clinic(DAY, 11)
TWO_HOURS = timedelta(hours=2)


frozen = frozen_at(NOW)


@pytest.fixture
def therapist(service):
    """Works 10:00-12:00 every day: two one-hour slots a day."""
    return bookable_therapist(service, start=time(10), end=time(12))


@pytest.fixture
def full_day(therapist, service):
    """DAY fully booked: 10:00 and 11:00."""
    return [
        appointment_book(client=ClientFactory(), therapist=therapist, service=service, start=at)
        for at in (TEN, ELEVEN)
    ]


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


def offer_messages() -> list[tuple[int, int, datetime, datetime]]:
    """(recipient, the offer's waitlist entry, due, send by) of each offer's message."""
    rows = Message.objects.filter(kind="waitlist_offer").order_by("pk")
    return [
        (row.recipient_id, row.subject.entry_id, row.due_at, row.send_by)
        for row in rows.prefetch_related("subject")
    ]


# Offers in order of joining


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


# What fits an entry


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


# Other ways time frees up


def test_reschedule_away_offers_the_old_time(service, therapist, full_day):
    entry = wait(service, minutes_ago=5)
    moved = full_day[0]

    appointment_reschedule(
        appointment=moved, by=moved.client, start=at_clinic(DAY + timedelta(days=1), 10)
    )

    assert open_offers() == [(entry.pk, TEN)]


def test_new_working_hours_offer_the_new_time(service, therapist, full_day):
    entry = wait(service, minutes_ago=5)
    WorkingHoursFactory(therapist=therapist, weekday=DAY.weekday(), start=time(14), end=time(15))

    offer_all_free_time(therapist_id=therapist.pk)

    assert open_offers() == [(entry.pk, at_clinic(DAY, 14))]


def test_removed_time_off_offers_the_time(service, therapist):
    entry = wait(service, minutes_ago=5)
    away = TimeOffFactory(therapist=therapist, start=TEN, end=at_clinic(DAY, 12))
    offer_all_free_time(therapist_id=therapist.pk)
    assert open_offers() == []

    away.delete()
    offer_all_free_time(therapist_id=therapist.pk)

    assert open_offers() == [(entry.pk, TEN)]


# Answering an offer


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
        == "Free: Wed 2 Dec, 10:00 with " + str(offer.therapist) + " (confirm by 09:00)"
    )
    assert f"http://127.0.0.1:8000/waitlist/offers/{offer.pk}/" in mail.body


# Joining


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
