"""The therapist hears of each new booking by email, whoever books it (client, desk,
waitlist, series, an approved request), unless they turned these emails off."""

from datetime import date

import pytest
from django.core import mail

from clinic.messaging.models import Message, MessageState
from sessions.models import Appointment
from sessions.series import appointment_series_book
from sessions.services import (
    appointment_approve,
    appointment_book,
    appointment_cancel,
    appointment_reschedule,
)
from sessions.waitlist.services import offer_confirm
from tests.clinic.messaging.sending import NOW, SITE, send_due
from tests.clock import at_clinic, frozen_at
from tests.factories import (
    AdminFactory,
    ClientFactory,
    DeskFactory,
    ServiceFactory,
    WaitlistOfferFactory,
    bookable_therapist,
)
from therapists.models import Therapist

pytestmark = pytest.mark.django_db

frozen = frozen_at(NOW)  # Mon 2 Mar 2026, 12:00 in Toronto (EST)
SESSION = at_clinic(date(2026, 3, 9), 10)  # Mon 9 Mar 2026, 10:00 (EDT)


@pytest.fixture
def service():
    return ServiceFactory(name="Trigger point therapy", duration_minutes=60)


@pytest.fixture
def dana(service) -> Therapist:
    therapist = bookable_therapist(service)
    therapist.user.first_name, therapist.user.email = "Dana", "dana@example.org"
    therapist.user.save()
    return therapist


@pytest.fixture
def ada():
    return ClientFactory(first_name="Ada", last_name="Lovelace", email="ada@example.org")


def to_therapist(therapist: Therapist) -> list:
    return [email for email in mail.outbox if email.to == [therapist.user.email]]


def news_rows(appointment: Appointment):
    return Message.objects.about(appointment).filter(kind="new_booking")


def test_a_booking_emails_the_therapist_who_what_and_when_in_the_clinics_zone(ada, dana, service):
    appointment_book(client=ada, therapist=dana, service=service, start=SESSION)

    send_due()

    [email] = to_therapist(dana)
    assert email.subject == "New booking: Ada Lovelace, Mon 9 Mar 2026, 10:00"
    assert email.body == (
        "Hello Dana,\n\n"
        "Ada Lovelace is booked with you:\n"
        "Mon 9 Mar 2026, 10:00 (Trigger point therapy (60 min))\n\n"
        f"Your schedule: {SITE}/schedule/?date=2026-03-09\n\n"
        "You get an email for each new booking. To turn these off: "
        f"{SITE}/therapists/me/preferences/\n"
        "Trigger point clinic · 100 King Street West, Toronto, ON\n"
    )


def book_by_desk(ada, dana, service) -> list[Appointment]:
    return [
        appointment_book(
            client=ada, therapist=dana, service=service, start=SESSION, by=DeskFactory()
        )
    ]


def book_a_series(ada, dana, service) -> list[Appointment]:
    booking = appointment_series_book(
        client=ada,
        therapist=dana,
        service=service,
        start=SESSION,
        every_weeks=1,
        count=2,
        by=DeskFactory(),
    )
    return booking.appointments


def confirm_an_offer(ada, dana, service) -> list[Appointment]:
    offer = WaitlistOfferFactory(
        entry__client=ada, entry__service=service, therapist=dana, start=SESSION
    )
    return [offer_confirm(offer=offer, by=ada)]


@pytest.mark.parametrize(
    "book", [book_by_desk, book_a_series, confirm_an_offer], ids=["desk", "series", "waitlist"]
)
def test_every_way_of_booking_tells_the_therapist(ada, dana, service, book):
    appointments = book(ada, dana, service)

    send_due()

    assert len(to_therapist(dana)) == len(appointments)
    for appointment in appointments:
        assert list(news_rows(appointment).values_list("recipient", "state")) == [
            (dana.user_id, MessageState.SENT)
        ]


def test_an_approved_request_tells_the_therapist_once_approved(ada, dana, service, settings):
    settings.NO_SHOW_APPROVAL_THRESHOLD = 0  # no rule: the request is made by hand below
    appointment = appointment_book(client=ada, therapist=dana, service=service, start=SESSION)
    Appointment.objects.filter(pk=appointment.pk).update(status="pending_approval")
    Message.objects.all().delete()

    appointment_approve(appointment=appointment, by=AdminFactory())
    send_due()

    assert [email.subject for email in to_therapist(dana)] == [
        "New booking: Ada Lovelace, Mon 9 Mar 2026, 10:00"
    ]


def test_a_therapist_who_turned_them_off_gets_none(ada, dana, service):
    Therapist.objects.filter(pk=dana.pk).update(booking_emails=False)
    dana.refresh_from_db()

    appointment = appointment_book(client=ada, therapist=dana, service=service, start=SESSION)
    send_due()

    assert to_therapist(dana) == []
    assert not news_rows(appointment).exists()


def test_turning_them_off_after_a_booking_skips_its_unsent_email(ada, dana, service):
    appointment = appointment_book(client=ada, therapist=dana, service=service, start=SESSION)
    Therapist.objects.filter(pk=dana.pk).update(booking_emails=False)

    send_due()

    assert to_therapist(dana) == []
    assert list(news_rows(appointment).values_list("state", "skip_reason")) == [
        (MessageState.SKIPPED, "The therapist turned new-booking emails off.")
    ]


def test_a_booking_moved_before_the_email_goes_says_its_new_time(ada, dana, service):
    appointment = appointment_book(client=ada, therapist=dana, service=service, start=SESSION)
    appointment_reschedule(appointment=appointment, by=ada, start=at_clinic(date(2026, 3, 10), 14))

    send_due()

    [email] = to_therapist(dana)
    assert email.subject == "New booking: Ada Lovelace, Tue 10 Mar 2026, 14:00"


def test_a_booking_cancelled_before_the_email_goes_sends_none(ada, dana, service):
    appointment = appointment_book(client=ada, therapist=dana, service=service, start=SESSION)
    appointment_cancel(appointment=appointment, by=ada)

    send_due()

    assert to_therapist(dana) == []
    assert list(news_rows(appointment).values_list("state", flat=True)) == [MessageState.SKIPPED]


def test_a_booking_moved_to_another_therapist_sends_the_first_none(ada, dana, service):
    appointment = appointment_book(client=ada, therapist=dana, service=service, start=SESSION)
    other = bookable_therapist(service)
    appointment_reschedule(
        appointment=appointment, by=DeskFactory(), start=SESSION, therapist=other
    )

    send_due()

    assert to_therapist(dana) == []
    assert list(news_rows(appointment).values_list("state", "skip_reason")) == [
        (MessageState.SKIPPED, "The session moved to another therapist.")
    ]
