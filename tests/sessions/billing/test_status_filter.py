"""The database's reading of an invoice's status agrees with the invoice's own, and what a
checkout would issue is priced as issuing prices it."""

from decimal import Decimal

import pytest

from sessions.billing.models import Invoice, InvoiceStatus
from sessions.billing.selectors import invoice_rows, with_status
from sessions.billing.services import (
    BillingRefused,
    PaymentIn,
    appointment_checkout,
    checkout_preview,
    invoice_credit,
    payment_refund,
)
from sessions.models import Appointment, AppointmentStatus
from tests.clock import at_clinic
from tests.factories import AppointmentFactory, ClientFactory

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def checked_out(desk, therapist, service, hour: int, *amounts: str) -> Invoice:
    appointment = AppointmentFactory(
        client=ClientFactory(),
        therapist=therapist,
        service=service,
        start=at_clinic(TODAY, hour),
        status=AppointmentStatus.ARRIVED,
    )
    payments = [PaymentIn(method="cash", amount=Decimal(amount)) for amount in amounts]
    return appointment_checkout(appointment=appointment, by=desk, payments=payments)[0]


def test_each_status_finds_the_invoices_that_have_it(desk, therapist, service):
    unpaid = checked_out(desk, therapist, service, 8)
    partly = checked_out(desk, therapist, service, 9, "24.30")
    paid = checked_out(desk, therapist, service, 10, "124.30")
    refunded = checked_out(desk, therapist, service, 11, "124.30")
    payment_refund(
        invoice=refunded, by=desk, amount=Decimal("124.30"), method="cash", reason="Goodwill"
    )
    voided = checked_out(desk, therapist, service, 12, "10.00")
    credit = invoice_credit(invoice=voided, by=desk, reason="Wrong service")

    found = {
        status: sorted(with_status(invoice_rows(desk), status).values_list("pk", flat=True))
        for status in InvoiceStatus.values
    }

    assert found == {
        "unpaid": [unpaid.pk, refunded.pk],
        "partly_paid": [partly.pk],
        "paid": sorted([paid.pk, credit.pk]),
        "void": [voided.pk],
    }
    by_property = {
        status: sorted(i.pk for i in invoice_rows(desk) if i.status == status)
        for status in InvoiceStatus.values
    }
    assert found == by_property


def test_the_preview_prices_the_session_as_its_invoice_will_be(desk, arrived):
    preview = checkout_preview(appointment=Appointment.objects.get(pk=arrived.pk))

    assert preview.invoice is None
    assert [
        (line["quantity"], line["unit_price"], line["tax"], line["total"]) for line in preview.lines
    ] == [(1, Decimal("110.00"), Decimal("14.30"), Decimal("124.30"))]
    assert (preview.subtotal, preview.tax, preview.total, preview.paid, preview.balance) == (
        Decimal("110.00"),
        Decimal("14.30"),
        Decimal("124.30"),
        Decimal("0.00"),
        Decimal("124.30"),
    )
    issued, _ = appointment_checkout(appointment=arrived, by=desk, payments=[])
    assert (issued.subtotal, issued.tax, issued.total) == (
        preview.subtotal,
        preview.tax,
        preview.total,
    )


def test_after_checkout_the_preview_is_the_issued_invoice_and_its_balance(desk, arrived):
    issued, _ = appointment_checkout(
        appointment=arrived, by=desk, payments=[PaymentIn(method="card", amount=Decimal("100.00"))]
    )

    preview = checkout_preview(appointment=arrived)

    assert (preview.invoice, preview.paid, preview.balance) == (
        issued,
        Decimal("100.00"),
        Decimal("24.30"),
    )
    assert [line["description"] for line in preview.lines] == [issued.lines.get().description]


def test_a_session_to_come_has_no_preview(desk, therapist, service):
    later = AppointmentFactory(therapist=therapist, service=service, start=at_clinic(TODAY, 23))

    with pytest.raises(BillingRefused, match="^Only a session that took place is checked out."):
        checkout_preview(appointment=later, now=at_clinic(TODAY, 12))
