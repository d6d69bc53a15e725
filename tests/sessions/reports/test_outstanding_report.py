"""Outstanding balances: every invoice still owed, oldest first, with its age, and totals."""

from datetime import date
from decimal import Decimal

import pytest

from sessions.reports import money
from tests.clock import at_clinic
from tests.factories import ClientFactory

from .money_data import Till, hour_service, pay
from .reporting import csv_rows

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 1)


def arrange_balances():
    """Ava owes 24.30 on a session after a refund and a late-cancellation fee; Ben 50.00 of a
    no-show fee and a whole one; paid and credited invoices owe nothing."""
    till = Till()
    hour = hour_service()  # 124.30
    ava = ClientFactory(first_name="Ava", last_name="Chen")
    ben = ClientFactory(first_name="Ben", last_name="Okafor")
    session = till.checkout(
        day=date(2026, 11, 23), hour=10, client=ava, service=hour, payments=(pay("card", "124.30"),)
    )
    till.refund(session, "card", "24.30", at_clinic(date(2026, 11, 24), 9))
    late = till.issue(
        kind="late_cancellation", amount="55.00", client=ava, at=at_clinic(date(2026, 11, 23), 9)
    )
    no_show = till.issue(
        kind="no_show", amount="110.00", client=ben, at=at_clinic(date(2026, 8, 25), 9)
    )
    till.record(no_show, "cash", "60.00", at_clinic(date(2026, 8, 25), 10))
    till.issue(kind="no_show", amount="110.00", client=ben, at=at_clinic(TODAY, 8))
    till.checkout(
        day=date(2026, 11, 24), hour=10, client=ben, service=hour, payments=(pay("cash", "124.30"),)
    )
    credited = till.checkout(
        day=date(2026, 11, 25), hour=10, client=ben, service=hour, payments=(pay("cash", "20.00"),)
    )
    till.credit(credited, at_clinic(date(2026, 11, 26), 9))
    return late, session


def test_outstanding_lists_owed_invoices_oldest_first_with_ages_and_totals():
    arrange_balances()

    rows = money.outstanding_balances(TODAY, TODAY)

    assert [
        (row.client, row.kind, row.issued, row.total, row.paid, row.balance, row.age_days)
        for row in rows
    ] == [
        (
            "Ben Okafor",
            "No-show fee",
            date(2026, 8, 25),
            Decimal("110.00"),
            Decimal("60.00"),
            Decimal("50.00"),
            98,
        ),
        (
            "Ava Chen",
            "Late-cancellation fee",
            date(2026, 11, 23),
            Decimal("55.00"),
            Decimal("0.00"),
            Decimal("55.00"),
            8,
        ),
        (
            "Ava Chen",
            "Session",
            date(2026, 11, 23),
            Decimal("124.30"),
            Decimal("100.00"),
            Decimal("24.30"),
            8,
        ),
        (
            "Ben Okafor",
            "No-show fee",
            TODAY,
            Decimal("110.00"),
            Decimal("0.00"),
            Decimal("110.00"),
            0,
        ),
        ("Total", "", None, Decimal("399.30"), Decimal("160.00"), Decimal("239.30"), None),
    ]
    assert rows[-1].number == "4 invoices"


def test_outstanding_ages_balances_for_the_chart():
    arrange_balances()

    ages = money.balance_by_age(money.outstanding_balances(TODAY, TODAY))

    assert ages == [
        ("0-30 days", Decimal("189.30")),
        ("31-60 days", Decimal("0.00")),
        ("61-90 days", Decimal("0.00")),
        ("Over 90", Decimal("50.00")),
    ]


def test_outstanding_page_is_of_today_whatever_range_is_asked(admin_client):
    late, session = arrange_balances()

    page = admin_client.get("/reports/outstanding/?first=2020-01-01&last=2020-01-02")
    table = admin_client.get("/reports/outstanding.csv?first=nonsense")

    html = page.content.decode()
    assert page.status_code == table.status_code == 200
    assert 'id="report-range"' not in html
    assert "Today, Tue 1 Dec 2026." in html
    assert 'href="/reports/outstanding.csv"' in html
    assert csv_rows(table)[0] == [
        "Client",
        "Number",
        "For",
        "Issued",
        "Total (CAD)",
        "Paid (CAD)",
        "Balance (CAD)",
        "Age (days)",
    ]
    assert csv_rows(table)[2:4] == [
        [
            "Ava Chen",
            late.number,
            "Late-cancellation fee",
            "2026-11-23",
            "55.00",
            "0.00",
            "55.00",
            "8",
        ],
        ["Ava Chen", session.number, "Session", "2026-11-23", "124.30", "100.00", "24.30", "8"],
    ]


def test_nothing_outstanding_is_an_empty_report(admin_client):
    page = admin_client.get("/reports/outstanding/").content.decode()

    assert money.outstanding_balances(TODAY, TODAY) == []
    assert "Nothing to show." in page
