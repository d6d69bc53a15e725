"""Invoices, payments, refunds and credit notes for the money reports' tests, made through the
billing services as the desk makes them.

Two things have no service yet and are written as rows: a refund (a negative payment with a
reason; `payment_refund` is coming), and a payment on an invoice that is not a session's, or
by gift card or package credit (checkout takes neither until packages and gift cards are
sold).
"""

from datetime import date, datetime
from decimal import Decimal

from django.db import transaction

from sessions.billing.models import Invoice, InvoiceKind, Payment
from sessions.billing.services import PaymentIn, appointment_checkout, invoice_credit, invoice_issue
from sessions.models import AppointmentStatus
from tests.clock import at_clinic
from tests.factories import AppointmentFactory, ClientFactory, DeskFactory, ServiceFactory


def hour_service(name: str = "Trigger point therapy", price: str = "110.00"):
    """A 60-minute session taxed at 13 percent: 110.00 is 124.30 with 14.30 tax."""
    return ServiceFactory(name=name, duration_minutes=60, price=Decimal(price), tax_rate="13.00")


def pay(method: str, amount: str) -> PaymentIn:
    return PaymentIn(method=method, amount=Decimal(amount))


class Till:
    """The front desk's hands: check out, refund, charge a fee, sell, credit."""

    def __init__(self) -> None:
        self.desk = DeskFactory()

    def checkout(
        self,
        *,
        day: date,
        hour: int,
        service,
        therapist=None,
        client=None,
        payments: tuple[PaymentIn, ...] = (),
        minute: int = 0,
    ) -> Invoice:
        """A session at `hour` that day, checked out at its start with `payments`."""
        extra = {"therapist": therapist} if therapist is not None else {}
        appointment = AppointmentFactory(
            client=client or ClientFactory(),
            service=service,
            start=at_clinic(day, hour, minute),
            status=AppointmentStatus.ARRIVED,
            **extra,
        )
        invoice, _ = appointment_checkout(
            appointment=appointment,
            by=self.desk,
            payments=list(payments),
            now=at_clinic(day, hour, minute),
        )
        return invoice

    def record(self, invoice: Invoice, method: str, amount: str, at: datetime) -> Payment:
        """A payment the checkout cannot take yet (see the module's note)."""
        return Payment.objects.create(
            invoice=invoice,
            method=method,
            amount=Decimal(amount),
            recorded_at=at,
            recorded_by=self.desk,
        )

    def refund(self, invoice: Invoice, method: str, amount: str, at: datetime) -> Payment:
        return Payment.objects.create(
            invoice=invoice,
            method=method,
            amount=-Decimal(amount),
            reason="Refunded at the desk",
            recorded_at=at,
            recorded_by=self.desk,
        )

    def issue(
        self, *, kind: str, amount: str, at: datetime, client=None, appointment=None
    ) -> Invoice:
        """A fee or a sale of one line, untaxed."""
        line = {"description": kind, "quantity": 1, "unit_price": Decimal(amount), "tax_rate": 0}
        with transaction.atomic():
            return invoice_issue(
                client=client or ClientFactory(),
                by=self.desk,
                lines=[line],
                now=at,
                ip=None,
                kind=kind,
                appointment=appointment,
            )

    def fee(self, kind: str, amount: str, at: datetime) -> Invoice:
        """A late-cancellation or no-show fee for a session of that day."""
        appointment = AppointmentFactory(start=at, status=_FEE_STATUS[kind])
        return self.issue(
            kind=kind, amount=amount, at=at, client=appointment.client, appointment=appointment
        )

    def credit(self, invoice: Invoice, at: datetime) -> Invoice:
        return invoice_credit(invoice=invoice, by=self.desk, reason="Waived at the desk", now=at)


_FEE_STATUS = {
    InvoiceKind.LATE_CANCELLATION: AppointmentStatus.CANCELLED,
    InvoiceKind.NO_SHOW: AppointmentStatus.NO_SHOW,
}
