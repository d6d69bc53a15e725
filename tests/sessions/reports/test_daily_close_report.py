"""The daily close: payments per clinic day by method, refunds shown, each day's total."""

from datetime import date
from decimal import Decimal

import pytest

from sessions.reports import money
from tests.clock import at_clinic
from tests.factories import DeskFactory

from .money_data import Till, hour_service, pay
from .reporting import csv_rows

pytestmark = pytest.mark.django_db

MON, TUE, WED = date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 25)


def arrange_two_days():
    till = Till()
    hour, long = hour_service(), hour_service("Deep release", "150.00")  # 124.30, 169.50
    split = till.checkout(
        day=MON, hour=10, service=hour, payments=(pay("cash", "100.00"), pay("card", "24.30"))
    )
    # 23:30 on Monday in Toronto is already Tuesday in UTC: still Monday's close.
    till.checkout(
        day=MON, hour=23, minute=30, service=long, payments=(pay("e_transfer", "169.50"),)
    )
    tuesday = till.checkout(day=TUE, hour=10, service=long, payments=(pay("cash", "69.50"),))
    till.record(tuesday, "gift_card", "50.00", at_clinic(TUE, 11))
    till.record(tuesday, "package", "50.00", at_clinic(TUE, 11))
    till.refund(split, "card", "24.30", at_clinic(TUE, 14))
    # Sunday 23:00 in Toronto, Monday in UTC: outside the range.
    sunday = till.checkout(day=date(2026, 11, 22), hour=23, service=hour)
    till.record(sunday, "cash", "10.00", at_clinic(date(2026, 11, 22), 23, 30))


def amounts(*values: str) -> list[Decimal]:
    return [Decimal(value) for value in values]


def test_daily_close_sums_each_clinic_day_by_method_with_refunds():
    arrange_two_days()

    rows = money.daily_close(MON, WED)

    methods = ("cash", "card", "e_transfer", "gift_card", "package", "refunds", "total")
    assert [(row.day, [getattr(row, field) for field in methods]) for row in rows] == [
        (MON, amounts("100.00", "24.30", "169.50", "0.00", "0.00", "0.00", "293.80")),
        (TUE, amounts("69.50", "-24.30", "0.00", "50.00", "50.00", "-24.30", "145.20")),
        (WED, amounts("0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00")),
        ("Total", amounts("169.50", "0.00", "169.50", "50.00", "50.00", "-24.30", "439.00")),
    ]


def test_daily_close_csv_has_amounts_with_two_decimals_and_the_currency(admin_client):
    arrange_two_days()

    response = admin_client.get("/reports/daily-close.csv?first=2026-11-23&last=2026-11-25")

    assert response["Content-Disposition"] == (
        'attachment; filename="daily-close-2026-11-23-2026-11-25.csv"'
    )
    assert csv_rows(response) == [
        [
            "Day",
            "Cash (CAD)",
            "Card (CAD)",
            "E-transfer (CAD)",
            "Gift card (CAD)",
            "Package credit (CAD)",
            "Refunds (CAD)",
            "Total (CAD)",
        ],
        ["2026-11-23", "100.00", "24.30", "169.50", "0.00", "0.00", "0.00", "293.80"],
        ["2026-11-24", "69.50", "-24.30", "0.00", "50.00", "50.00", "-24.30", "145.20"],
        ["2026-11-25", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00"],
        ["Total", "169.50", "0.00", "169.50", "50.00", "50.00", "-24.30", "439.00"],
    ]


def test_the_desk_opens_the_daily_close_with_its_chart(client):
    arrange_two_days()
    client.force_login(DeskFactory())

    page = client.get("/reports/daily-close/?first=2026-11-23&last=2026-11-25").content.decode()

    assert '<li class="breadcrumb-item">Reports</li>' in page  # the index is the admins'
    assert "<td>145.20</td>" in page
    assert '<th scope="col">Total (CAD)</th>' in page
    assert "<title>Taken, 2026-11-24: 169.5 CAD</title>" in page
    assert "<title>Refunded, 2026-11-24: 24.3 CAD</title>" in page
