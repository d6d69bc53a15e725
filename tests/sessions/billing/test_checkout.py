"""Checking a client out: the session's invoice, issued once, and the payments taken."""

from datetime import timedelta
from decimal import Decimal

import pytest

from sessions.billing.models import Invoice, InvoiceStatus, Payment
from sessions.billing.services import BillingRefused, PaymentIn, appointment_checkout
from sessions.models import Appointment, AppointmentStatus
from tests.clock import at_clinic
from tests.factories import AppointmentFactory, ClientFactory

from .conftest import NOW, TODAY

pytestmark = pytest.mark.django_db


def pay(method: str, amount: str, reference: str = "") -> PaymentIn:
    return PaymentIn(method=method, amount=Decimal(amount), reference=reference)


def test_checkout_issues_the_sessions_invoice_with_its_tax(desk, arrived):
    invoice, created = appointment_checkout(appointment=arrived, by=desk, payments=[])

    line = invoice.lines.get()
    assert created is True
    assert (invoice.number, invoice.client, invoice.appointment) == (
        "2026-000001",
        arrived.client,
        arrived,
    )
    assert (line.quantity, line.unit_price, line.tax, line.total) == (
        1,
        Decimal("110.00"),
        Decimal("14.30"),
        Decimal("124.30"),
    )
    assert (invoice.subtotal, invoice.tax, invoice.total, invoice.currency) == (
        Decimal("110.00"),
        Decimal("14.30"),
        Decimal("124.30"),
        "CAD",
    )
    assert (invoice.status, invoice.paid, invoice.balance) == (
        InvoiceStatus.UNPAID,
        Decimal("0.00"),
        Decimal("124.30"),
    )
    assert Appointment.objects.get(pk=arrived.pk).status == AppointmentStatus.COMPLETED


def test_a_split_payment_pays_the_invoice(desk, arrived):
    invoice, _ = appointment_checkout(
        appointment=arrived,
        by=desk,
        payments=[pay("cash", "50.00"), pay("card", "74.30", "terminal 4411")],
    )

    assert (invoice.status, invoice.paid, invoice.balance) == (
        InvoiceStatus.PAID,
        Decimal("124.30"),
        Decimal("0.00"),
    )
    assert list(Payment.objects.values_list("method", "amount", "reference", "recorded_by")) == [
        ("cash", Decimal("50.00"), "", desk.pk),
        ("card", Decimal("74.30"), "terminal 4411", desk.pk),
    ]


def test_a_second_checkout_adds_its_payments_to_the_same_invoice(desk, arrived):
    first, _ = appointment_checkout(appointment=arrived, by=desk, payments=[pay("cash", "24.30")])
    assert first.status == InvoiceStatus.PARTLY_PAID

    again, created = appointment_checkout(
        appointment=arrived, by=desk, payments=[pay("e_transfer", "100.00")]
    )

    assert (again.pk, created, again.status) == (first.pk, False, InvoiceStatus.PAID)
    assert Invoice.objects.count() == 1


def test_numbers_follow_each_other_and_start_again_each_year(desk, therapist, service, frozen):
    def checkout_one(hour: int, day=TODAY) -> str:
        appointment = AppointmentFactory(
            client=ClientFactory(),
            therapist=therapist,
            service=service,
            start=at_clinic(day, hour),
            status=AppointmentStatus.ARRIVED,
        )
        return appointment_checkout(appointment=appointment, by=desk, payments=[])[0].number

    this_year = [checkout_one(9), checkout_one(10)]
    frozen.move_to(NOW + timedelta(days=31))  # 1 January 2027
    next_year = checkout_one(9, day=TODAY + timedelta(days=31))

    assert this_year + [next_year] == ["2026-000001", "2026-000002", "2027-000001"]


@pytest.mark.parametrize(
    ("payments", "message"),
    [
        ([pay("cash", "124.31")], "The payments are more than the balance, 124.30."),
        ([pay("cash", "100.00"), pay("card", "30.00")], "The payments are more than"),
        ([pay("cash", "-5.00")], "A payment is more than zero."),
        ([pay("cash", "10.005")], "Amounts have at most two decimals."),
        ([pay("bitcoin", "10.00")], "Unknown payment method: bitcoin."),
        ([pay("gift_card", "10.00", "ABCD-EFGH-JKLM")], "Unknown gift card."),
    ],
)
def test_bad_payments_are_refused_and_nothing_is_kept(desk, arrived, payments, message):
    with pytest.raises(BillingRefused, match=f"^{message}"):
        appointment_checkout(appointment=arrived, by=desk, payments=payments)

    assert (Invoice.objects.count(), Payment.objects.count()) == (0, 0)


@pytest.mark.parametrize(
    "status", [AppointmentStatus.CANCELLED, AppointmentStatus.NO_SHOW, AppointmentStatus.BOOKED]
)
def test_only_a_session_that_took_place_is_checked_out(desk, therapist, service, status):
    tomorrow = AppointmentFactory(
        therapist=therapist, service=service, start=at_clinic(TODAY, 15), status=status
    )

    with pytest.raises(BillingRefused, match="^Only a session that took place"):
        appointment_checkout(appointment=tomorrow, by=desk, payments=[])


def test_a_booked_session_that_has_begun_is_checked_out(desk, therapist, service):
    begun = AppointmentFactory(therapist=therapist, service=service, start=at_clinic(TODAY, 11))

    invoice, _ = appointment_checkout(appointment=begun, by=desk, payments=[])

    assert invoice.appointment == begun


def test_only_the_desk_and_admins_check_out(arrived):
    with pytest.raises(BillingRefused, match="^Only the front desk and clinic admins"):
        appointment_checkout(appointment=arrived, by=arrived.therapist.user, payments=[])
