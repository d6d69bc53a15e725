"""A correction is a credit note: a negative invoice referring to the original, which stays."""

from decimal import Decimal

import pytest
from django.db import DatabaseError, transaction

from sessions.billing.models import Invoice, InvoiceLine, InvoiceStatus, Payment
from sessions.billing.services import (
    BillingRefused,
    PaymentIn,
    appointment_checkout,
    invoice_credit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoice(desk, arrived):
    return appointment_checkout(appointment=arrived, by=desk, payments=[])[0]


def test_a_credit_note_mirrors_the_invoice_and_voids_it(desk, invoice):
    credit = invoice_credit(invoice=invoice, by=desk, reason="Booked twice by mistake")

    original = Invoice.objects.get(pk=invoice.pk)
    assert (credit.number, credit.credit_of, credit.reason, credit.total) == (
        "2026-000002",
        original,
        "Booked twice by mistake",
        Decimal("-124.30"),
    )
    assert list(credit.lines.values_list("quantity", "tax", "total")) == [
        (-1, Decimal("-14.30"), Decimal("-124.30"))
    ]
    assert (original.total, original.status, original.balance) == (
        Decimal("124.30"),
        InvoiceStatus.VOID,
        Decimal("0.00"),
    )


def test_an_invoice_is_credited_once(desk, invoice):
    credit = invoice_credit(invoice=invoice, by=desk, reason="Wrong service")

    with pytest.raises(BillingRefused, match="^This invoice is already credited."):
        invoice_credit(invoice=invoice, by=desk, reason="Again")
    with pytest.raises(BillingRefused, match="^A credit note is not credited again."):
        invoice_credit(invoice=credit, by=desk, reason="Undo")


def test_a_credit_note_needs_a_reason(desk, invoice):
    with pytest.raises(BillingRefused, match="^Say why"):
        invoice_credit(invoice=invoice, by=desk, reason="  ")


def test_a_void_invoice_takes_no_payment(desk, arrived, invoice):
    invoice_credit(invoice=invoice, by=desk, reason="Wrong service")

    with pytest.raises(BillingRefused, match="more than the balance, 0.00"):
        appointment_checkout(
            appointment=arrived,
            by=desk,
            payments=[PaymentIn(method="cash", amount=Decimal("10.00"))],
        )


@pytest.mark.parametrize(
    "change",
    [
        lambda invoice: Invoice.objects.filter(pk=invoice.pk).update(total=0, subtotal=0),
        lambda invoice: InvoiceLine.objects.filter(invoice=invoice).update(description="x"),
    ],
    ids=["invoice", "line"],
)
def test_the_database_refuses_to_change_an_issued_invoice(invoice, change):
    with pytest.raises(DatabaseError), transaction.atomic():
        change(invoice)

    assert Invoice.objects.get(pk=invoice.pk).total == Decimal("124.30")


def test_the_database_refuses_to_change_a_payment(desk, arrived):
    appointment_checkout(
        appointment=arrived, by=desk, payments=[PaymentIn(method="cash", amount=Decimal("5.00"))]
    )

    with pytest.raises(DatabaseError), transaction.atomic():
        Payment.objects.update(amount=Decimal("500.00"))

    assert Payment.objects.get().amount == Decimal("5.00")


@pytest.mark.postgres
def test_on_postgres_the_database_refuses_to_delete_an_invoice(invoice):
    with pytest.raises(DatabaseError), transaction.atomic():
        InvoiceLine.objects.filter(invoice=invoice).delete()

    assert InvoiceLine.objects.filter(invoice=invoice).count() == 1
