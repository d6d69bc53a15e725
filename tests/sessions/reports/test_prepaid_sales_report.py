"""Packages, memberships and gift cards sold per month; no unused balance is guessed."""

from datetime import date
from decimal import Decimal

import pytest

from sessions.reports import prepaid
from tests.clock import at_clinic

from .money_data import Till, hour_service
from .reporting import csv_rows

pytestmark = pytest.mark.django_db


def arrange_sales():
    till = Till()
    # 23:30 on 31 October in Toronto is November in UTC: an October sale.
    till.issue(kind="gift_card", amount="50.00", at=at_clinic(date(2026, 10, 31), 23, 30))
    package = till.issue(kind="package", amount="450.00", at=at_clinic(date(2026, 11, 3), 10))
    till.issue(kind="gift_card", amount="100.00", at=at_clinic(date(2026, 11, 20), 10))
    till.credit(package, at_clinic(date(2026, 11, 28), 10))
    till.issue(kind="membership", amount="80.00", at=at_clinic(date(2026, 12, 1), 9))
    till.checkout(day=date(2026, 11, 23), hour=10, service=hour_service())  # not prepaid
    till.issue(kind="gift_card", amount="25.00", at=at_clinic(date(2026, 9, 30), 10))  # before


def test_prepaid_sales_per_month_and_kind_net_of_credit_notes():
    arrange_sales()

    rows = prepaid.prepaid_sales(date(2026, 10, 1), date(2026, 12, 1))

    money = Decimal
    assert rows == [
        prepaid.PrepaidSalesRow(
            "2026-10",
            1,
            money("0.00"),
            money("0.00"),
            money("50.00"),
            money("0.00"),
            money("50.00"),
        ),
        prepaid.PrepaidSalesRow(
            "2026-11",
            2,
            money("450.00"),
            money("0.00"),
            money("100.00"),
            money("-450.00"),
            money("100.00"),
        ),
        prepaid.PrepaidSalesRow(
            "2026-12",
            1,
            money("0.00"),
            money("80.00"),
            money("0.00"),
            money("0.00"),
            money("80.00"),
        ),
        prepaid.PrepaidSalesRow(
            "Total",
            4,
            money("450.00"),
            money("80.00"),
            money("150.00"),
            money("-450.00"),
            money("230.00"),
        ),
    ]


def test_prepaid_sales_csv_and_page_say_no_balance_is_shown(admin_client):
    arrange_sales()
    query = "first=2026-11-01&last=2026-11-30"

    table = csv_rows(admin_client.get(f"/reports/prepaid-sales.csv?{query}"))
    page = admin_client.get(f"/reports/prepaid-sales/?{query}").content.decode()

    assert table == [
        [
            "Month",
            "Sold",
            "Packages (CAD)",
            "Memberships (CAD)",
            "Gift cards (CAD)",
            "Credited (CAD)",
            "Net (CAD)",
        ],
        ["2026-11", "2", "450.00", "0.00", "100.00", "-450.00", "100.00"],
        ["Total", "2", "450.00", "0.00", "100.00", "-450.00", "100.00"],
    ]
    assert "not shown here" in page
    assert "<title>Packages, 2026-11: 450 CAD</title>" in page
