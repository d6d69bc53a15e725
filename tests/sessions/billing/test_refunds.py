"""Refunds: a negative payment with a reason, never more than was paid by its method, audited;
the invoice's status follows. And payments taken on an invoice after its checkout."""

from decimal import Decimal

import pytest

from clinic.audit.models import AuditEvent
from sessions.billing.models import InvoiceStatus, Payment
from sessions.billing.services import (
    BillingRefused,
    PaymentIn,
    appointment_checkout,
    invoice_credit,
    invoice_pay,
    payment_refund,
)
from tests.api import api_as
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db

IP = "203.0.113.9"


def pay(method: str, amount: str) -> PaymentIn:
    return PaymentIn(method=method, amount=Decimal(amount))


@pytest.fixture
def paid(desk, arrived):
    """Ava's 124.30: 50.00 in cash, 74.30 by card."""
    invoice, _ = appointment_checkout(
        appointment=arrived, by=desk, payments=[pay("cash", "50.00"), pay("card", "74.30")]
    )
    return invoice


def refund(invoice, by, amount: str, method: str = "cash", reason: str = "Session cut short"):
    return payment_refund(
        invoice=invoice, by=by, amount=Decimal(amount), method=method, reason=reason, ip=IP
    )


def test_a_refund_is_a_negative_payment_and_the_invoice_is_partly_paid_again(desk, paid):
    assert paid.status == InvoiceStatus.PAID

    payment = refund(paid, desk, "20.00")

    assert (payment.method, payment.amount, payment.reason, payment.recorded_by) == (
        "cash",
        Decimal("-20.00"),
        "Session cut short",
        desk,
    )
    assert (paid.status, paid.paid, paid.balance) == (
        InvoiceStatus.PARTLY_PAID,
        Decimal("104.30"),
        Decimal("20.00"),
    )


def test_a_refund_is_audited_as_one(desk, paid):
    before = AuditEvent.objects.count()

    refund(paid, desk, "20.00")

    assert list(
        AuditEvent.objects.order_by("pk")[before:].values_list(
            "actor", "action", "record_type", "subject_id", "detail"
        )
    ) == [
        (
            desk.pk,
            "create",
            "billing.Payment",
            paid.client_id,
            "2026-000001: refund cash 20.00: Session cut short",
        )
    ]


def test_refunds_by_a_method_stop_at_what_it_paid(desk, paid):
    refund(paid, desk, "30.00")
    refund(paid, desk, "20.00")  # the cash is all given back now

    with pytest.raises(BillingRefused, match=r"^At most 0\.00 was paid by cash\.$"):
        refund(paid, desk, "0.01")
    with pytest.raises(BillingRefused, match=r"^At most 74\.30 was paid by card \(terminal\)\.$"):
        refund(paid, desk, "74.31", method="card")
    assert paid.paid == Decimal("74.30")


def test_nothing_is_refunded_by_a_method_that_paid_nothing(desk, paid):
    with pytest.raises(BillingRefused, match=r"^At most 0\.00 was paid by e-transfer\.$"):
        refund(paid, desk, "10.00", method="e_transfer")


@pytest.mark.parametrize(
    ("amount", "method", "reason", "field", "message"),
    [
        ("10.00", "cash", "  ", "reason", "Say why the money is paid back."),
        ("0.00", "cash", "Why", "amount", "A refund is more than zero."),
        ("-5.00", "cash", "Why", "amount", "A refund is more than zero."),
        ("1.005", "cash", "Why", "amount", "Amounts have at most two decimals."),
        ("10.00", "package", "Why", "method", "Refunds are paid back in cash, by card, by"),
        ("10.00", "bitcoin", "Why", "method", "Refunds are paid back in cash, by card, by"),
    ],
)
def test_a_bad_refund_is_refused_and_nothing_is_kept(
    desk, paid, amount, method, reason, field, message
):
    with pytest.raises(BillingRefused, match=f"^{message}") as refused:
        refund(paid, desk, amount, method=method, reason=reason)

    assert refused.value.field == field
    assert Payment.objects.filter(amount__lt=0).count() == 0


def test_only_the_desk_and_admins_refund(paid, arrived):
    with pytest.raises(BillingRefused, match="^Only the front desk and clinic admins refund."):
        refund(paid, arrived.therapist.user, "10.00")


def test_a_credited_invoice_is_refunded_and_stays_void(desk, paid):
    invoice_credit(invoice=paid, by=desk, reason="Wrong service")

    refund(paid, desk, "50.00")

    assert (paid.status, paid.paid) == (InvoiceStatus.VOID, Decimal("74.30"))


def test_payments_on_an_invoice_stop_at_its_balance(desk, arrived):
    invoice, _ = appointment_checkout(appointment=arrived, by=desk, payments=[])

    invoice_pay(invoice=invoice, by=desk, payments=[pay("cash", "24.30")])
    with pytest.raises(BillingRefused, match=r"^The payments are more than the balance, 100\.00"):
        invoice_pay(invoice=invoice, by=desk, payments=[pay("card", "100.01")])
    invoice_pay(invoice=invoice, by=desk, payments=[pay("card", "100.00")])

    assert (invoice.status, invoice.balance) == (InvoiceStatus.PAID, Decimal("0.00"))


def test_no_payment_is_taken_on_a_credit_note_nor_an_empty_one(desk, arrived):
    invoice, _ = appointment_checkout(appointment=arrived, by=desk, payments=[])
    credit = invoice_credit(invoice=invoice, by=desk, reason="Wrong service")

    with pytest.raises(BillingRefused, match="^A credit note takes no payments."):
        invoice_pay(invoice=credit, by=desk, payments=[pay("cash", "1.00")])
    with pytest.raises(BillingRefused, match="^Enter at least one payment."):
        invoice_pay(invoice=invoice, by=desk, payments=[])


# The API


def test_the_api_refunds_and_answers_the_invoice(desk, paid):
    response = api_as(desk).post(
        f"/api/v1/invoices/{paid.pk}/refund/",
        {"amount": "24.30", "method": "card", "reason": "Overcharged"},
        format="json",
    )

    body = response.json()
    assert response.status_code == 201
    assert (body["id"], body["paid"], body["balance"], body["status"]) == (
        paid.pk,
        "100.00",
        "24.30",
        "partly_paid",
    )


@pytest.mark.parametrize(
    ("body", "answer"),
    [
        (
            {"amount": "80.00", "method": "cash", "reason": "x"},
            {"amount": ["At most 50.00 was paid by cash."]},
        ),
        (
            {"amount": "5.00", "method": "package", "reason": "x"},
            {
                "method": [
                    "Refunds are paid back in cash, by card, by e-transfer or to the gift card "
                    "that paid."
                ]
            },
        ),
        (
            {"amount": "-5.00", "method": "cash", "reason": "x"},
            {"amount": ["A refund is more than zero."]},
        ),
        ({"amount": "5.00", "method": "cash"}, {"reason": ["This field is required."]}),
    ],
)
def test_a_bad_refund_through_the_api_is_a_400(desk, paid, body, answer):
    response = api_as(desk).post(f"/api/v1/invoices/{paid.pk}/refund/", body, format="json")

    assert (response.status_code, response.json()) == (400, answer)
    assert Payment.objects.filter(amount__lt=0).count() == 0


def test_a_client_cannot_refund_and_someone_elses_invoice_is_a_404(desk, paid):
    own = api_as(paid.client).post(f"/api/v1/invoices/{paid.pk}/refund/", {}, format="json")
    other = api_as(ClientFactory()).post(f"/api/v1/invoices/{paid.pk}/refund/", {}, format="json")

    assert (own.status_code, other.status_code) == (403, 403)
