"""Concurrent checkouts drawing on one gift card or one package, on PostgreSQL: each draw
locks what it draws from, so the balance is spent once and never goes below zero.

Each session is checked out first without payment (its invoice issued), so the race is only
between the draws, not between invoice numbers. Threads really race: time is not frozen.
"""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from clinic.accounts.models import User
from sessions.billing.models import ClientPackage, GiftCard, PrepaidUse
from sessions.billing.services import BillingRefused, PaymentIn, appointment_checkout
from sessions.models import Appointment, AppointmentStatus
from tests.factories import (
    AppointmentFactory,
    ClientFactory,
    DeskFactory,
    ServiceFactory,
    bookable_therapist,
)
from tests.sessions.billing.prepaid import sold_gift_card, sold_package

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CHECKOUTS = 8


def checked_out_sessions(client, desk, service) -> list[int]:
    """CHECKOUTS sessions of `client` earlier today, each with its unpaid invoice."""
    now = timezone.now()
    ids = []
    for index in range(CHECKOUTS):
        appointment = AppointmentFactory(
            client=client,
            therapist=bookable_therapist(service),
            service=service,
            start=now - timedelta(minutes=40 * (index + 1)),
            status=AppointmentStatus.ARRIVED,
        )
        appointment_checkout(appointment=appointment, by=desk, payments=[])
        ids.append(appointment.pk)
    return ids


def race(desk_id: int, appointment_ids: list[int], payment: PaymentIn) -> list:
    barrier = threading.Barrier(len(appointment_ids))
    outcomes: list = [None] * len(appointment_ids)

    def pay(index: int, appointment_id: int) -> None:
        try:
            desk = User.objects.get(pk=desk_id)
            appointment = Appointment.objects.get(pk=appointment_id)
            barrier.wait(timeout=30)
            outcomes[index] = appointment_checkout(
                appointment=appointment, by=desk, payments=[payment]
            )
        except Exception as error:  # every outcome is asserted by the caller
            outcomes[index] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=pay, args=(index, appointment_id))
        for index, appointment_id in enumerate(appointment_ids)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


def refusals(outcomes: list) -> list[str]:
    return [str(o) for o in outcomes if isinstance(o, BillingRefused)]


def test_a_gift_card_spent_by_concurrent_checkouts_never_goes_below_zero():
    service = ServiceFactory(duration_minutes=30, price=Decimal("30.00"))
    desk, client = DeskFactory(), ClientFactory()
    card = sold_gift_card(buyer=client, desk=desk, amount="100.00")
    sessions = checked_out_sessions(client, desk, service)

    outcomes = race(desk.pk, sessions, PaymentIn("gift_card", Decimal("30.00"), card.code))

    card = GiftCard.objects.get(pk=card.pk)
    spent = [use.amount for use in PrepaidUse.objects.filter(gift_card=card)]
    assert [repr(o) for o in outcomes if not isinstance(o, tuple | BillingRefused)] == []
    assert (card.balance, spent) == (Decimal("10.00"), [Decimal("30.00")] * 3)
    assert len(refusals(outcomes)) == CHECKOUTS - 3
    assert set(refusals(outcomes)) == {f"The gift card {card.code} has only 10.00 left."}


def test_a_package_used_by_concurrent_checkouts_gives_each_session_once():
    service = ServiceFactory(duration_minutes=30, price=Decimal("30.00"))
    desk, client = DeskFactory(), ClientFactory()
    package = sold_package(client=client, desk=desk, service=service, sessions=3)
    sessions = checked_out_sessions(client, desk, service)

    outcomes = race(desk.pk, sessions, PaymentIn("package", Decimal("30.00"), ""))

    package = ClientPackage.objects.get(pk=package.pk)
    assert [repr(o) for o in outcomes if not isinstance(o, tuple | BillingRefused)] == []
    assert (package.sessions_left, package.uses.count()) == (0, 3)
    assert set(refusals(outcomes)) == {
        "No package session or membership credit left for this session."
    }
