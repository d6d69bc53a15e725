"""The prepaid value the clinic still owes on a day: per kind, with what expired apart."""

from datetime import date
from decimal import Decimal

import pytest

from sessions.reports import prepaid
from sessions.reports.prepaid import LiabilityRow

from .liabilities_data import Counter, arrange_prepaid
from .reporting import csv_rows

pytestmark = pytest.mark.django_db
money = Decimal


def test_liabilities_on_a_day_count_what_was_sold_by_then_and_not_used_by_then():
    arrange_prepaid()

    rows = prepaid.prepaid_liabilities(date(2026, 11, 1), date(2026, 11, 30))

    assert rows == [
        LiabilityRow("Packages", 2, money("306.67"), 0, money("0.00")),
        LiabilityRow("Gift cards", 1, money("70.00"), 1, money("50.00")),
        LiabilityRow("Membership months", 1, money("55.00"), 1, money("40.00")),
        LiabilityRow("Total", 4, money("431.67"), 2, money("90.00")),
    ]


def test_liabilities_a_day_later_take_that_days_uses_and_sales():
    arrange_prepaid()

    rows = prepaid.prepaid_liabilities(date(2026, 12, 1), date(2026, 12, 1))

    # 2 x 80.00 + 1 x 33.33...; 50.00 and the 60.00 sold that day; November's 55.00 still.
    assert rows[:3] == [
        LiabilityRow("Packages", 2, money("193.33"), 0, money("0.00")),
        LiabilityRow("Gift cards", 2, money("110.00"), 1, money("50.00")),
        LiabilityRow("Membership months", 1, money("55.00"), 1, money("40.00")),
    ]


def test_liabilities_before_anything_was_sold_are_zero_rows():
    arrange_prepaid()

    rows = prepaid.prepaid_liabilities(date(2026, 9, 1), date(2026, 9, 30))

    assert [row.kind for row in rows] == ["Packages", "Gift cards", "Membership months", "Total"]
    assert all(row.held == row.expired == 0 for row in rows)
    assert {row.unused for row in rows} == {row.expired_unused for row in rows} == {money("0")}


def test_liabilities_csv_and_chart(admin_client):
    arrange_prepaid()
    query = "first=2026-11-01&last=2026-11-30"

    table = csv_rows(admin_client.get(f"/reports/prepaid-liabilities.csv?{query}"))
    page = admin_client.get(f"/reports/prepaid-liabilities/?{query}").content.decode()

    assert table == [
        ["Kind", "Held", "Unused (CAD)", "Expired", "Expired unused (CAD)"],
        ["Packages", "2", "306.67", "0", "0.00"],
        ["Gift cards", "1", "70.00", "1", "50.00"],
        ["Membership months", "1", "55.00", "1", "40.00"],
        ["Total", "4", "431.67", "2", "90.00"],
    ]
    assert "<title>Unused, Membership months: 55 CAD</title>" in page
    assert "<title>Expired unused, Gift cards: 50 CAD</title>" in page


# Packages are valued together and rounded once: three packages with 2 of 3 sessions of
# 100.00 left are 200.00, not 3 x 66.67.
@pytest.mark.parametrize(("copies", "unused"), [(1, "431.67"), (3, "1295.00")])
def test_liabilities_page_and_csv_keep_three_queries(
    admin_client, django_assert_num_queries, copies, unused
):
    counter = Counter()
    for number in range(copies):
        arrange_prepaid(counter, label=str(number))
    query = "first=2026-11-01&last=2026-11-30"

    # The session, the user and the second-factor device; packages, gift cards, months.
    with django_assert_num_queries(3 + 3):
        page = admin_client.get(f"/reports/prepaid-liabilities/?{query}")
    with django_assert_num_queries(3 + 3):
        table = admin_client.get(f"/reports/prepaid-liabilities.csv?{query}")

    assert page.status_code == table.status_code == 200
    assert csv_rows(table)[-1] == [
        "Total",
        str(4 * copies),
        unused,
        str(2 * copies),
        str(money("90.00") * copies),
    ]
