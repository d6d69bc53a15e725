"""The waitlist and approval pages: who may open them, what they do, how many queries."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from pytest_django.asserts import assertContains

from sessions.models import Appointment, AppointmentStatus
from sessions.services import appointment_book, appointment_cancel
from sessions.waitlist.models import OfferState, WaitlistEntry, WaitlistOffer, WaitlistState
from tests.clock import at_clinic, frozen_at
from tests.factories import (
    AdminFactory,
    AppointmentFactory,
    ClientFactory,
    TherapistFactory,
    WaitlistEntryFactory,
    WaitlistOfferFactory,
    bookable_therapist,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)  # Tuesday 07:00 in Toronto
DAY = date(2026, 12, 2)
TEN = at_clinic(DAY, 10)


frozen = frozen_at(NOW)


@pytest.fixture
def therapist(service):
    return bookable_therapist(service, start=time(10), end=time(11))


@pytest.fixture
def offer(service, therapist):
    """An open offer of TEN, made by the matching after a cancellation."""
    entry = WaitlistEntryFactory(service=service, first_day=DAY, last_day=DAY)
    taken = appointment_book(
        client=ClientFactory(), therapist=therapist, service=service, start=TEN
    )
    appointment_cancel(appointment=taken, by=taken.client)
    return entry.offers.get()


def people(offer) -> dict:
    return {
        "client": offer.entry.client,
        "other client": ClientFactory(),
        "therapist": offer.therapist.user,
        "other therapist": TherapistFactory().user,
        "admin": AdminFactory(),
    }


# Joining


def test_join_page_saves_an_entry(client, service, therapist):
    me = ClientFactory()
    client.force_login(me)

    response = client.post(
        "/waitlist/join/",
        {
            "service": service.pk,
            "therapist": therapist.pk,
            "first_day": "2026-12-02",
            "last_day": "2026-12-09",
            "weekdays": ["2", "3"],
            "earliest": "09:00",
            "latest": "12:30",
        },
    )

    assert (response.status_code, response["Location"]) == (302, "/waitlist/")
    entry = WaitlistEntry.objects.get()
    assert (entry.client, entry.therapist, entry.weekdays, entry.latest) == (
        me,
        therapist,
        [2, 3],
        time(12, 30),
    )


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"weekdays": []}, "Choose at least one day of the week."),
        ({"weekdays": ["9"]}, "Select a valid choice. 9 is not one of the available choices."),
        ({"first_day": "2026-11-20"}, "Choose a first day from today on."),
        ({"first_day": "not a date"}, "Enter a valid date."),
        ({"latest": "08:00"}, "The latest end must be after the earliest start."),
        ({"service": "999999"}, "Unknown service."),
        ({"therapist": "abc"}, "Unknown therapist."),
    ],
)
def test_join_page_explains_bad_input(client, service, changes, error):
    client.force_login(ClientFactory())
    form = {
        "service": service.pk,
        "first_day": "2026-12-02",
        "last_day": "2026-12-09",
        "weekdays": ["2"],
        "earliest": "09:00",
        "latest": "12:00",
        **changes,
    }

    response = client.post("/waitlist/join/", form)

    assert response.status_code == 400
    assertContains(response, error, status_code=400)
    assert WaitlistEntry.objects.count() == 0


def test_join_page_prefills_from_the_therapist_page(client, service, therapist):
    client.force_login(ClientFactory())

    response = client.get("/waitlist/join/", {"therapist": therapist.pk, "service": service.pk})

    assert response.context["form"].initial == {
        "therapist": str(therapist.pk),
        "service": str(service.pk),
    }


# Access


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("client", 200),
        ("other client", 404),
        ("therapist", 403),
        ("other therapist", 403),
        ("admin", 403),
    ],
)
def test_offer_page_access(client, offer, who, status):
    users = people(offer)
    if who in users:
        client.force_login(users[who])

    assert client.get(f"/waitlist/offers/{offer.pk}/").status_code == status
    assert client.post(f"/waitlist/offers/{offer.pk}/confirm/").status_code in {status, 302}
    assert WaitlistOffer.objects.get(pk=offer.pk).state == (
        OfferState.ACCEPTED if who == "client" else OfferState.OPEN
    )


@pytest.mark.parametrize(
    ("url", "method"),
    [
        ("/waitlist/", "get"),
        ("/waitlist/join/", "get"),
    ],
)
@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("client", 200), ("therapist", 403), ("admin", 403)],
)
def test_waitlist_pages_are_for_clients(client, offer, url, method, who, status):
    users = people(offer)
    if who in users:
        client.force_login(users[who])

    assert getattr(client, method)(url).status_code == status


@pytest.mark.parametrize(
    ("who", "status"),
    [("client", 302), ("other client", 404), ("therapist", 403), ("admin", 403)],
)
def test_leave_is_for_the_entrys_client(client, offer, who, status):
    client.force_login(people(offer)[who])

    response = client.post(f"/waitlist/{offer.entry_id}/leave/")

    assert response.status_code == status
    left = WaitlistEntry.objects.get(pk=offer.entry_id).state == WaitlistState.LEFT
    assert left is (who == "client")


def test_leave_needs_post(client, offer):
    client.force_login(offer.entry.client)

    assert client.get(f"/waitlist/{offer.entry_id}/leave/").status_code == 405


# Answering


def test_confirm_on_the_page_books_and_goes_to_my_appointments(client, offer):
    client.force_login(offer.entry.client)

    response = client.post(f"/waitlist/offers/{offer.pk}/confirm/", follow=True)

    assert response.redirect_chain == [("/appointments/", 302)]
    (appointment,) = response.context["upcoming"]
    assert (appointment.start, appointment.client) == (TEN, offer.entry.client)
    assertContains(response, "Booked:")


def test_confirm_of_a_taken_slot_says_so(client, offer, service, therapist):
    appointment_book(client=ClientFactory(), therapist=therapist, service=service, start=TEN)
    client.force_login(offer.entry.client)

    response = client.post(f"/waitlist/offers/{offer.pk}/confirm/", follow=True)

    assertContains(response, "That time has just been taken. Please choose another slot.")
    assert response.context["offer"].state == OfferState.TAKEN
    assertContains(response, "This offer is closed")


def test_decline_on_the_page(client, offer):
    client.force_login(offer.entry.client)

    response = client.post(f"/waitlist/offers/{offer.pk}/decline/", follow=True)

    assertContains(response, "Declined. You stay on the waitlist.")
    assert WaitlistOffer.objects.get(pk=offer.pk).state == OfferState.DECLINED


def test_expired_offer_page_shows_it_closed(client, offer):
    client.force_login(offer.entry.client)

    with time_machine.travel(offer.expires_at, tick=False):
        response = client.get(f"/waitlist/offers/{offer.pk}/")

    assertContains(response, "This offer is closed")
    assert "Book this time" not in response.content.decode()


# Query counts


@pytest.mark.parametrize("count", [1, 4])
def test_waitlist_page_queries_do_not_grow(client, service, django_assert_num_queries, count):
    me = ClientFactory()
    for _ in range(count):
        entry = WaitlistEntryFactory(client=me, service=service, therapist=TherapistFactory())
        WaitlistOfferFactory(entry=entry, therapist=TherapistFactory())
    client.force_login(me)

    with django_assert_num_queries(4):  # session, user, entries, offers
        response = client.get("/waitlist/")

    assert (len(response.context["waiting"]), len(response.context["offers"])) == (count, count)


@pytest.mark.parametrize("count", [1, 4])
def test_approval_list_queries_do_not_grow(client, django_assert_num_queries, count):
    for _ in range(count):
        AppointmentFactory(status=AppointmentStatus.PENDING_APPROVAL)
    client.force_login(AdminFactory())

    # session, user, second-factor device, requests with their clients' counts
    with django_assert_num_queries(4):
        response = client.get("/approvals/")

    assert len(response.context["requests"]) == count


# Approvals


@pytest.fixture
def pending():
    return AppointmentFactory(status=AppointmentStatus.PENDING_APPROVAL)


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("client", 403), ("therapist", 403), ("admin", 200)],
)
def test_approval_list_is_for_admins(client, pending, who, status):
    users = {
        "client": pending.client,
        "therapist": pending.therapist.user,
        "admin": AdminFactory(),
    }
    if who in users:
        client.force_login(users[who])

    assert client.get("/approvals/").status_code == status


@pytest.mark.parametrize("action", ["approve", "decline"])
@pytest.mark.parametrize(("who", "status"), [("client", 403), ("therapist", 403)])
def test_only_admins_approve_or_decline(client, pending, action, who, status):
    client.force_login(pending.client if who == "client" else pending.therapist.user)

    assert client.post(f"/approvals/{pending.pk}/{action}/").status_code == status
    assert Appointment.objects.get(pk=pending.pk).status == AppointmentStatus.PENDING_APPROVAL


def test_admin_approves_on_the_page(client, pending):
    client.force_login(AdminFactory())

    response = client.post(f"/approvals/{pending.pk}/approve/", follow=True)

    assertContains(response, "Approved:")
    assert Appointment.objects.get(pk=pending.pk).status == AppointmentStatus.BOOKED


def test_admin_declines_on_the_page_with_a_reason(client, pending):
    client.force_login(AdminFactory())

    client.post(f"/approvals/{pending.pk}/decline/", {"reason": "Call us first."})

    saved = Appointment.objects.get(pk=pending.pk)
    assert (saved.status, saved.cancellation_reason) == (
        AppointmentStatus.CANCELLED,
        "Call us first.",
    )


def test_a_decline_reason_over_1000_characters_is_refused_and_nothing_changes(client, pending):
    client.force_login(AdminFactory())

    response = client.post(f"/approvals/{pending.pk}/decline/", {"reason": "x" * 1001})

    assertContains(response, "Keep the reason under 1000 characters.", status_code=400)
    assert Appointment.objects.get(pk=pending.pk).status == AppointmentStatus.PENDING_APPROVAL


@pytest.mark.parametrize("action", ["approve", "decline"])
def test_deciding_a_booked_or_missing_appointment_is_404(client, action):
    booked = AppointmentFactory()
    client.force_login(AdminFactory())

    assert client.post(f"/approvals/{booked.pk}/{action}/").status_code == 404
    assert client.post(f"/approvals/999999/{action}/").status_code == 404
    assert Appointment.objects.get(pk=booked.pk).status == AppointmentStatus.BOOKED


def test_pending_booking_shows_on_my_appointments(client, pending):
    client.force_login(pending.client)

    response = client.get("/appointments/")

    assert list(response.context["upcoming"]) == [pending]
    assertContains(response, "Awaiting approval")
    assert f"/appointments/{pending.pk}/reschedule/" not in response.content.decode()


def test_booking_page_says_a_request_awaits_approval(client, service):
    therapist = bookable_therapist(service)
    me = ClientFactory()
    for days_ago in (1, 2, 3):
        AppointmentFactory(
            client=me, start=NOW - timedelta(days=days_ago), status=AppointmentStatus.NO_SHOW
        )
    client.force_login(me)

    response = client.post(
        "/appointments/new/",
        {"therapist": therapist.pk, "service": service.pk, "start": TEN.isoformat()},
        follow=True,
    )

    assertContains(response, "The clinic confirms it soon.")
    assert Appointment.objects.get(start=TEN).status == AppointmentStatus.PENDING_APPROVAL
