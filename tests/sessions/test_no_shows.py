"""No-shows and late cancellations: what counts, where it shows, and booking with approval."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.test import override_settings
from pytest_django.asserts import assertContains

from clinic.messaging.models import Message
from sessions.models import Appointment, AppointmentStatus
from sessions.services import (
    ActionRefused,
    SlotTaken,
    appointment_approve,
    appointment_book,
    appointment_cancel,
    appointment_decline,
    appointment_reschedule,
    client_needs_approval,
)
from sessions.waitlist.models import OfferState
from sessions.waitlist.services import offer_confirm
from tests.clock import at_clinic, frozen_at
from tests.factories import (
    AdminFactory,
    AppointmentFactory,
    ClientFactory,
    ServiceFactory,
    WaitlistEntryFactory,
    bookable_therapist,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)  # Tuesday 07:00 in Toronto
DAY = date(2026, 12, 2)
TEN = at_clinic(DAY, 10)


frozen = frozen_at(NOW)


@pytest.fixture
def service():
    return ServiceFactory(name="Trigger point, one hour", duration_minutes=60)


@pytest.fixture
def therapist(service):
    return bookable_therapist(service)


def missed(client, *, no_shows: int = 0, late: int = 0, on_time: int = 0, by_clinic: int = 0):
    """A client's history, written directly: each kind of ending on a past day of its own."""
    kinds = (
        [{"status": AppointmentStatus.NO_SHOW}] * no_shows
        + [{"status": AppointmentStatus.CANCELLED, "late_cancellation": True}] * late
        + [{"status": AppointmentStatus.CANCELLED}] * (on_time + by_clinic)
        + [{"status": AppointmentStatus.COMPLETED}]
    )
    for days_ago, fields in enumerate(kinds, start=1):
        AppointmentFactory(client=client, start=NOW - timedelta(days=days_ago), **fields)


def book(client, therapist, service, start=TEN):
    return appointment_book(client=client, therapist=therapist, service=service, start=start)


# Late cancellation


@pytest.mark.parametrize(
    ("who", "late"),
    [
        pytest.param("client", True, id="client"),
        pytest.param("therapist", False, id="therapist"),
        pytest.param("admin", False, id="admin"),
    ],
)
def test_only_the_clients_own_cancellation_inside_the_window_is_late(
    therapist, service, frozen, who, late
):
    appointment = book(ClientFactory(), therapist, service)
    by = {"client": appointment.client, "therapist": therapist.user, "admin": AdminFactory()}[who]
    frozen.move_to(TEN - timedelta(hours=3))

    appointment_cancel(appointment=appointment, by=by)

    assert Appointment.objects.get(pk=appointment.pk).late_cancellation is late


# Counting and the threshold


@pytest.mark.parametrize(
    ("history", "needs"),
    [
        pytest.param({"no_shows": 3}, True, id="3-no-shows"),
        pytest.param({"no_shows": 1, "late": 2}, True, id="1-no-show-2-late"),
        pytest.param({"late": 3}, True, id="3-late"),
        pytest.param({"no_shows": 1, "late": 1}, False, id="2-in-all"),
        pytest.param({"no_shows": 2, "on_time": 5}, False, id="on-time-cancellations-dont-count"),
    ],
)
def test_threshold_counts_no_shows_and_late_cancellations_together(history, needs):
    client = ClientFactory()
    missed(client, **history)

    assert client_needs_approval(client) is needs


@override_settings(NO_SHOW_APPROVAL_THRESHOLD=0)
def test_threshold_zero_turns_the_rule_off():
    client = ClientFactory()
    missed(client, no_shows=10)

    assert client_needs_approval(client) is False


@override_settings(NO_SHOW_APPROVAL_THRESHOLD=1)
def test_threshold_is_a_setting():
    client = ClientFactory()
    missed(client, no_shows=1)

    assert client_needs_approval(client) is True


# Booking with approval


def test_booking_over_the_threshold_waits_for_approval_and_says_so(therapist, service):
    client = ClientFactory()
    missed(client, no_shows=3)

    appointment = book(client, therapist, service)

    assert appointment.status == AppointmentStatus.PENDING_APPROVAL
    assert list(Message.objects.about(appointment).values_list("kind", flat=True)) == [
        "booking_request"
    ]


def test_booking_under_the_threshold_is_booked(therapist, service):
    client = ClientFactory()
    missed(client, no_shows=2)

    assert book(client, therapist, service).status == AppointmentStatus.BOOKED


def test_a_request_holds_its_slot(therapist, service):
    client = ClientFactory()
    missed(client, late=3)
    book(client, therapist, service)

    with pytest.raises(SlotTaken):
        book(ClientFactory(), therapist, service)


def test_approval_books_it_and_plans_the_confirmation_and_reminders(therapist, service):
    client = ClientFactory()
    missed(client, no_shows=3)
    appointment = book(client, therapist, service)

    appointment_approve(appointment=appointment, by=AdminFactory())

    assert Appointment.objects.get(pk=appointment.pk).status == AppointmentStatus.BOOKED
    kinds = set(Message.objects.about(appointment).values_list("kind", flat=True))
    assert {
        "booking_request",
        "confirmation",
        "reminder_24h",
    } <= kinds


def test_the_therapist_hears_of_a_request_only_once_it_is_approved(therapist, service):
    client = ClientFactory()
    missed(client, no_shows=3)
    appointment = book(client, therapist, service)
    therapist_days = Message.objects.filter(recipient=therapist.user, kind="therapist_day")
    before = list(therapist_days.values_list("day", flat=True))

    appointment_approve(appointment=appointment, by=AdminFactory())

    assert (before, list(therapist_days.values_list("day", flat=True))) == ([], [DAY])


def test_decline_cancels_it_not_late_frees_the_slot_and_says_so(therapist, service):
    client = ClientFactory()
    missed(client, no_shows=3)
    appointment = book(client, therapist, service)
    waiting = WaitlistEntryFactory(service=service, first_day=DAY, last_day=DAY)
    admin = AdminFactory()

    appointment_decline(appointment=appointment, by=admin, reason="Please call us first.")

    saved = Appointment.objects.get(pk=appointment.pk)
    assert (
        saved.status,
        saved.late_cancellation,
        saved.cancelled_by,
        saved.cancellation_reason,
    ) == (
        AppointmentStatus.CANCELLED,
        False,
        admin,
        "Please call us first.",
    )
    assert Message.objects.about(appointment).filter(kind="booking_declined").count() == 1
    assert list(waiting.offers.values_list("start", "state")) == [(TEN, OfferState.OPEN)]


@pytest.mark.parametrize("role", ["client", "therapist"])
def test_only_admins_decide(therapist, service, role):
    client = ClientFactory()
    missed(client, no_shows=3)
    appointment = book(client, therapist, service)
    by = client if role == "client" else therapist.user

    with pytest.raises(ActionRefused):
        appointment_approve(appointment=appointment, by=by)
    with pytest.raises(ActionRefused):
        appointment_decline(appointment=appointment, by=by)

    assert Appointment.objects.get(pk=appointment.pk).status == AppointmentStatus.PENDING_APPROVAL


def test_an_ordinary_booking_is_not_approved_or_declined(therapist, service):
    appointment = book(ClientFactory(), therapist, service)

    with pytest.raises(ActionRefused) as refused:
        appointment_approve(appointment=appointment, by=AdminFactory())

    assert str(refused.value) == "This appointment is booked."


def test_a_request_whose_time_passed_can_only_be_declined(therapist, service, frozen):
    client = ClientFactory()
    missed(client, no_shows=3)
    appointment = book(client, therapist, service)
    frozen.move_to(TEN)

    with pytest.raises(ActionRefused):
        appointment_approve(appointment=appointment, by=AdminFactory())
    appointment_decline(appointment=appointment, by=AdminFactory())

    assert Appointment.objects.get(pk=appointment.pk).status == AppointmentStatus.CANCELLED


def test_client_may_withdraw_a_request_without_it_counting_late(therapist, service, frozen):
    client = ClientFactory()
    missed(client, no_shows=3)
    appointment = book(client, therapist, service)
    frozen.move_to(TEN - timedelta(hours=3))

    appointment_cancel(appointment=appointment, by=client)

    saved = Appointment.objects.get(pk=appointment.pk)
    assert (saved.status, saved.late_cancellation) == (AppointmentStatus.CANCELLED, False)


def test_a_request_is_not_rescheduled(therapist, service):
    client = ClientFactory()
    missed(client, no_shows=3)
    appointment = book(client, therapist, service)

    with pytest.raises(ActionRefused):
        appointment_reschedule(appointment=appointment, by=client, start=at_clinic(DAY, 12))


def test_a_waitlist_offer_confirmed_over_the_threshold_waits_for_approval(therapist, service):
    client = ClientFactory()
    missed(client, no_shows=3)
    entry = WaitlistEntryFactory(client=client, service=service, first_day=DAY, last_day=DAY)
    freed = book(ClientFactory(), therapist, service)
    appointment_cancel(appointment=freed, by=freed.client)

    appointment = offer_confirm(offer=entry.offers.get(), by=client)

    assert appointment.status == AppointmentStatus.PENDING_APPROVAL


# Where the counts show


@pytest.fixture
def counted(therapist, service):
    """A client with 2 no-shows and 1 late cancellation, booked with `therapist` on DAY."""
    client = ClientFactory(first_name="Noor")
    missed(client, no_shows=2, late=1, on_time=4)
    AppointmentFactory(client=client, therapist=therapist, service=service, start=TEN)
    return client


def test_schedule_shows_the_clients_counts(client, therapist, counted):
    client.force_login(therapist.user)

    response = client.get("/schedule/", {"date": DAY.isoformat()})

    assertContains(response, "2 no-shows")
    assertContains(response, "1 late cancellation<")


def test_client_record_shows_the_counts(client, therapist, counted):
    client.force_login(therapist.user)

    response = client.get(f"/clients/{counted.pk}/")

    assert (response.context["no_shows"], response.context["late_cancellations"]) == (2, 1)
    assertContains(response, "2 no-shows")


def test_admin_user_list_shows_the_counts(client, counted):
    client.force_login(AdminFactory())

    response = client.get("/admin/clinic/user/", {"q": counted.email})

    (row,) = response.context["cl"].result_list
    assert (row.no_shows, row.late_cancellations) == (2, 1)
    assertContains(response, '<td class="field-no_shows">2</td>', html=True)
