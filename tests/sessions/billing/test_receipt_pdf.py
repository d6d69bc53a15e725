"""The receipt's PDF says all an insurer asks of a massage receipt, in the clinic's time."""

from datetime import UTC
from decimal import Decimal

import pytest
from django.utils import timezone

from sessions.billing.models import InvoiceKind, Payment
from sessions.billing.services import appointment_checkout, invoice_credit, invoice_issue
from sessions.models import AppointmentStatus
from tests.clock import at_clinic
from tests.factories import AppointmentFactory

from .conftest import NOW, TODAY
from .receipt_text import pay, receipt_lines

pytestmark = pytest.mark.django_db


def test_a_paid_sessions_receipt_carries_every_field_an_insurer_asks_for(desk, arrived, therapist):
    licence = therapist.credentials.get(kind="licence")
    invoice, _ = appointment_checkout(
        appointment=arrived,
        by=desk,
        payments=[pay("cash", "50.00"), pay("card", "74.30", reference="4411")],
    )

    lines = receipt_lines(invoice)

    assert lines[:11] == [
        "Trigger point clinic",
        "100 King Street West, Toronto, ON",
        "Receipt",
        "Number 2026-000001",
        "Issued Tue 1 Dec 2026, 12:00",
        "Client Ava Chen",
        "SERVICE",
        "Service Trigger point therapy",
        "Date and time Tue 1 Dec 2026, 11:00",
        "Duration 60 minutes",
        f"Therapist {therapist}",
    ]
    assert lines[11] == f"Registration {licence.number}, College of Massage Therapists of Ontario"
    start = lines.index("Subtotal 110.00 CAD")
    assert lines[start : start + 5] == [
        "Subtotal 110.00 CAD",
        "Tax 14.30 CAD",
        "Total 124.30 CAD",
        "Paid 124.30 CAD",
        "Balance 0.00 CAD",
    ]
    start = lines.index("Method Date Reference Amount")
    assert lines[start + 1 : start + 3] == [
        "Cash Tue 1 Dec 2026, 12:00 — 50.00 CAD",
        "Card (terminal) Tue 1 Dec 2026, 12:00 4411 74.30 CAD",
    ]
    assert lines[start + 3] == (
        "Status: paid. Amounts in CAD. Trigger point clinic, 100 King Street West, Toronto, ON."
    )


def test_the_line_shows_its_quantity_price_tax_and_total(desk, arrived):
    invoice, _ = appointment_checkout(appointment=arrived, by=desk, payments=[])

    lines = receipt_lines(invoice)

    assert "1 110.00 14.30 124.30" in lines


def test_times_are_the_clinics_whatever_zone_is_active(desk, arrived):
    invoice, _ = appointment_checkout(appointment=arrived, by=desk, payments=[pay("cash", "1.00")])

    with timezone.override(UTC):
        lines = receipt_lines(invoice)

    assert "Date and time Tue 1 Dec 2026, 11:00" in lines
    assert "Cash Tue 1 Dec 2026, 12:00 — 1.00 CAD" in lines


def test_a_partly_paid_invoice_is_a_receipt_with_its_balance(desk, arrived):
    invoice, _ = appointment_checkout(appointment=arrived, by=desk, payments=[pay("cash", "24.30")])

    lines = receipt_lines(invoice)

    assert (lines[2], lines[-2]) == (
        "Receipt",
        "Status: partly paid. Amounts in CAD. Trigger point clinic, 100 King Street West, "
        "Toronto, ON.",
    )
    assert [line for line in lines if line.startswith(("Paid ", "Balance "))] == [
        "Paid 24.30 CAD",
        "Balance 100.00 CAD",
    ]


def test_an_unpaid_invoice_is_titled_invoice_and_lists_no_payment(desk, arrived):
    invoice, _ = appointment_checkout(appointment=arrived, by=desk, payments=[])

    lines = receipt_lines(invoice)

    assert lines[2] == "Invoice"
    assert "No payment yet." in lines
    assert "Balance 124.30 CAD" in lines


def test_a_credit_note_says_what_it_corrects(desk, arrived):
    invoice, _ = appointment_checkout(appointment=arrived, by=desk, payments=[])
    credit = invoice_credit(invoice=invoice, by=desk, reason="Booked twice")

    lines = receipt_lines(credit)

    assert lines[2:5] == [
        "Credit note",
        "Number 2026-000002",
        "Issued Tue 1 Dec 2026, 12:00",
    ]
    assert "Corrects Invoice 2026-000001: Booked twice" in lines
    assert "Total -124.30 CAD" in lines


def test_a_fee_says_what_it_is_for_and_which_session(desk, ava, therapist, service):
    cancelled = AppointmentFactory(
        client=ava,
        therapist=therapist,
        service=service,
        start=at_clinic(TODAY, 15),
        status=AppointmentStatus.CANCELLED,
    )
    fee = invoice_issue(
        client=ava,
        by=desk,
        lines=[
            {
                "description": "Late cancellation",
                "quantity": 1,
                "unit_price": Decimal("55.00"),
                "tax_rate": Decimal("0"),
            }
        ],
        now=NOW,
        ip=None,
        kind=InvoiceKind.LATE_CANCELLATION,
        appointment=cancelled,
    )
    Payment.objects.create(
        invoice=fee,
        method="card",
        amount="55.00",
        reference="7788",
        recorded_at=NOW,
        recorded_by=desk,
    )

    lines = receipt_lines(fee)

    assert lines[2] == "Receipt"
    assert "Card (terminal) Tue 1 Dec 2026, 12:00 7788 55.00 CAD" in lines
    assert "For Late-cancellation fee, for the session of Tue 1 Dec 2026, 15:00" in lines
    assert "THE SESSION" in lines
    assert not [line for line in lines if line.startswith("Registration")]
    assert "Total 55.00 CAD" in lines


def test_a_package_without_session_says_what_it_is_for(desk, ava):
    package = invoice_issue(
        client=ava,
        by=desk,
        lines=[
            {
                "description": "5 x 60 minutes",
                "quantity": 1,
                "unit_price": Decimal("450.00"),
                "tax_rate": Decimal("13.00"),
            }
        ],
        now=NOW,
        ip=None,
        kind=InvoiceKind.PACKAGE,
    )

    lines = receipt_lines(package)

    assert lines[5:7] == ["Client Ava Chen", "For Package"]
    assert "SERVICE" not in lines
    assert "Total 508.50 CAD" in lines
