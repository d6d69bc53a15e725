"""Booking: the service must be offered, the therapist licensed, the booker a client."""

from datetime import date, time

import pytest
import time_machine

from clinic.accounts.models import Role, User
from sessions.models import Appointment
from sessions.services import ActionRefused, BookingRefused
from tests.clock import at_clinic
from tests.factories import (
    AdminFactory,
    ClientFactory,
    CredentialFactory,
    InsuredTherapistFactory,
    ServiceFactory,
    UserFactory,
    WorkingHoursFactory,
    bookable_therapist,
)
from tests.sessions.booking import (
    DAY,
    LICENCES_NOT_VALID_ON_DAY,
    NOW,
    WEDNESDAY,
    book,
    licensed,
    refusal,
)

pytestmark = pytest.mark.django_db

NOT_OFFERED = "This therapist does not offer that service."
NOT_BOOKABLE = "This therapist can't be booked for that date."


# Service


@time_machine.travel(NOW, tick=False)
def test_book_service_the_therapist_does_not_offer_refused():
    offered = ServiceFactory(duration_minutes=60)
    other = ServiceFactory(name="Deep tissue", duration_minutes=60)
    therapist = bookable_therapist(offered)

    refused = refusal(ClientFactory(), therapist, other, at_clinic(DAY, 10))

    assert refused == (BookingRefused, "service", NOT_OFFERED)


@time_machine.travel(NOW, tick=False)
def test_book_inactive_service_refused():
    service = ServiceFactory(duration_minutes=60, active=False)
    therapist = bookable_therapist(service)

    refused = refusal(ClientFactory(), therapist, service, at_clinic(DAY, 10))

    assert refused == (BookingRefused, "service", NOT_OFFERED)


# Licence and account


@pytest.mark.parametrize(
    ("status", "issued_on", "expires_on"),
    LICENCES_NOT_VALID_ON_DAY,
)
@time_machine.travel(NOW, tick=False)
def test_book_therapist_without_a_licence_valid_that_day_refused(status, issued_on, expires_on):
    service = ServiceFactory(duration_minutes=60)
    therapist = licensed(service, status=status, issued_on=issued_on, expires_on=expires_on)

    refused = refusal(ClientFactory(), therapist, service, at_clinic(DAY, 10))

    assert refused == (BookingRefused, "therapist", NOT_BOOKABLE)


@time_machine.travel(NOW, tick=False)
def test_book_therapist_without_any_licence_refused():
    service = ServiceFactory(duration_minutes=60)
    therapist = InsuredTherapistFactory(services=[service])
    WorkingHoursFactory(therapist=therapist, weekday=WEDNESDAY, start=time(9), end=time(17))

    refused = refusal(ClientFactory(), therapist, service, at_clinic(DAY, 10))

    assert refused == (BookingRefused, "therapist", NOT_BOOKABLE)


@time_machine.travel(NOW, tick=False)
def test_book_on_the_day_the_licence_expires_accepted():
    service = ServiceFactory(duration_minutes=60)
    therapist = licensed(service, issued_on=date(2020, 1, 1), expires_on=DAY)

    appointment = book(ClientFactory(), therapist, service, at_clinic(DAY, 16))

    assert appointment.start == at_clinic(DAY, 16)


@time_machine.travel(NOW, tick=False)
def test_book_therapist_with_a_renewed_licence_accepted():
    service = ServiceFactory(duration_minutes=60)
    therapist = licensed(service, issued_on=date(2020, 1, 1), expires_on=date(2026, 11, 30))
    CredentialFactory(
        therapist=therapist, issued_on=date(2026, 11, 30), expires_on=date(2027, 11, 30)
    )

    appointment = book(ClientFactory(), therapist, service, at_clinic(DAY, 10))

    assert appointment.therapist == therapist


@time_machine.travel(NOW, tick=False)
def test_book_therapist_with_an_inactive_account_refused():
    service = ServiceFactory(duration_minutes=60)
    therapist = bookable_therapist(service)
    User.objects.filter(pk=therapist.user_id).update(is_active=False)
    therapist.refresh_from_db()

    refused = refusal(ClientFactory(), therapist, service, at_clinic(DAY, 10))

    assert refused == (BookingRefused, "therapist", NOT_BOOKABLE)


# Who may book


@pytest.mark.parametrize(
    "make_user",
    [
        pytest.param(lambda: UserFactory(role=Role.THERAPIST), id="therapist"),
        pytest.param(AdminFactory, id="admin"),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_book_by_someone_other_than_a_client_refused(make_user):
    service = ServiceFactory(duration_minutes=60)
    therapist = bookable_therapist(service)

    with pytest.raises(ActionRefused) as caught:
        book(make_user(), therapist, service, at_clinic(DAY, 10))

    assert str(caught.value) == "Only clients can book sessions."
    assert Appointment.objects.count() == 0
