"""Arranging fee tests: Ava's sessions with the billing conftest's therapist and service
(110.00 with 13% tax), around its frozen NOW (Tuesday 1 December 2026, 12:00 in Toronto)."""

from datetime import date, timedelta

from sessions.billing.models import Invoice, InvoiceKind
from tests.clock import at_clinic
from tests.factories import AppointmentFactory

from .conftest import TODAY

TOMORROW = TODAY + timedelta(days=1)  # 10:00 tomorrow: inside the 24 free hours
IN_THREE_DAYS = TODAY + timedelta(days=3)  # outside them


def session_on(day: date, hour: int, *, client, therapist, service, **fields):
    return AppointmentFactory(
        client=client, therapist=therapist, service=service, start=at_clinic(day, hour), **fields
    )


def fees(kind: str = InvoiceKind.LATE_CANCELLATION) -> list[tuple]:
    """Every invoice of a kind: number, appointment, who issued it, its line and amounts."""
    return [
        (
            invoice.number,
            invoice.appointment_id,
            invoice.issued_by_id,
            [(line.description, line.unit_price, line.tax) for line in invoice.lines.all()],
            invoice.total,
            invoice.credit_of_id,
        )
        for invoice in Invoice.objects.filter(kind=kind).order_by("pk")
    ]
