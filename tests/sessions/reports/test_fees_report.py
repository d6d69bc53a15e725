"""Fees charged and waived: late-cancellation and no-show invoices, credited, paid, owed."""

from datetime import date
from decimal import Decimal

import pytest

from sessions.reports import money
from tests.clock import at_clinic

from .money_data import Till, hour_service
from .reporting import csv_rows

pytestmark = pytest.mark.django_db

MON, WED = date(2026, 11, 23), date(2026, 11, 25)


def arrange_fees():
    till = Till()
    till.fee("late_cancellation", "55.00", at_clinic(MON, 9))  # owed
    waived = till.fee("late_cancellation", "55.00", at_clinic(date(2026, 11, 24), 9))
    till.credit(waived, at_clinic(date(2026, 11, 26), 9))  # waived after the range: still counts
    part_paid = till.fee("no_show", "110.00", at_clinic(WED, 9))
    till.record(part_paid, "card", "80.00", at_clinic(WED, 10))
    till.refund(part_paid, "card", "20.00", at_clinic(WED, 11))
    waived_paid = till.fee("no_show", "110.00", at_clinic(WED, 12))
    till.record(waived_paid, "cash", "10.00", at_clinic(WED, 12))
    till.credit(waived_paid, at_clinic(WED, 13))  # owes nothing once waived
    # Outside the range, and a session's invoice.
    till.fee("no_show", "110.00", at_clinic(date(2026, 11, 26), 9))
    till.checkout(day=MON, hour=10, service=hour_service())


def test_fees_per_kind_charged_waived_paid_and_outstanding():
    arrange_fees()

    rows = money.fees(MON, WED)

    assert rows == [
        money.FeeRow(
            "Late-cancellation fee",
            2,
            Decimal("110.00"),
            1,
            Decimal("55.00"),
            Decimal("0.00"),
            Decimal("55.00"),
        ),
        money.FeeRow(
            "No-show fee",
            2,
            Decimal("220.00"),
            1,
            Decimal("110.00"),
            Decimal("70.00"),
            Decimal("50.00"),
        ),
        money.FeeRow(
            "All fees",
            4,
            Decimal("330.00"),
            2,
            Decimal("165.00"),
            Decimal("70.00"),
            Decimal("105.00"),
        ),
    ]


def test_fees_of_a_range_without_any_are_zeros(admin_client):
    arrange_fees()

    response = admin_client.get("/reports/fees.csv?first=2026-10-01&last=2026-10-31")

    assert csv_rows(response) == [
        [
            "Fee",
            "Charged",
            "Charged (CAD)",
            "Waived",
            "Waived (CAD)",
            "Paid (CAD)",
            "Outstanding (CAD)",
        ],
        ["Late-cancellation fee", "0", "0.00", "0", "0.00", "0.00", "0.00"],
        ["No-show fee", "0", "0.00", "0", "0.00", "0.00", "0.00"],
        ["All fees", "0", "0.00", "0", "0.00", "0.00", "0.00"],
    ]
    assert (
        "Nothing to show for this range."
        in admin_client.get("/reports/fees/?first=2026-10-01&last=2026-10-31").content.decode()
    )


def test_fees_page_charts_each_kind(admin_client):
    arrange_fees()

    page = admin_client.get("/reports/fees/?first=2026-11-23&last=2026-11-25").content.decode()

    assert "<title>Waived, No-show fee: 110 CAD</title>" in page
    assert "<title>Outstanding, Late-cancellation fee: 55 CAD</title>" in page
