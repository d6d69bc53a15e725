"""Each money report's page and CSV take the same number of queries however many invoices,
payments, credit notes, therapists and services they read."""

from datetime import date

import pytest

from tests.clock import at_clinic
from tests.factories import TherapistFactory

from .money_data import Till, hour_service, pay
from .reporting import MONEY_SLUGS, csv_rows

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 24)


def arrange_money(copies: int):
    """`copies` of every kind of row the money reports read, each with its own therapist and
    service."""
    till = Till()
    for number in range(copies):
        therapist = TherapistFactory(display_name=f"Therapist {number}")
        service = hour_service(f"Service {number}")
        paid = till.checkout(
            day=DAY,
            hour=9,
            therapist=therapist,
            service=service,
            payments=(pay("cash", "100.00"), pay("card", "24.30")),
        )
        till.refund(paid, "card", "4.30", at_clinic(DAY, 18))
        owed = till.checkout(day=DAY, hour=11, therapist=therapist, service=service)
        till.credit(owed, at_clinic(DAY, 19))
        till.checkout(day=DAY, hour=13, therapist=therapist, service=service)
        fee = till.fee("no_show", "110.00", at_clinic(DAY, 9))
        till.record(fee, "cash", "10.00", at_clinic(DAY, 10))
        till.credit(till.fee("late_cancellation", "55.00", at_clinic(DAY, 9)), at_clinic(DAY, 11))
        till.issue(kind="gift_card", amount="100.00", at=at_clinic(DAY, 12))


# The report's own queries, after the session, the user and the second-factor device.
MONEY_QUERIES = {
    "daily-close": 1,
    "revenue-therapists": 3,  # invoices, payments, the therapists' names
    "revenue-services": 3,
    "outstanding": 1,
    "fees": 1,
    "prepaid-sales": 1,
    "prepaid-liabilities": 3,  # packages, gift cards, membership months
}


@pytest.mark.parametrize("copies", [1, 4])
@pytest.mark.parametrize("slug", MONEY_SLUGS)
def test_money_report_pages_and_csv_keep_a_constant_number_of_queries(
    admin_client, django_assert_num_queries, slug, copies
):
    arrange_money(copies)
    query = "first=2026-11-01&last=2026-11-30"

    with django_assert_num_queries(3 + MONEY_QUERIES[slug]):
        page = admin_client.get(f"/reports/{slug}/?{query}")
    with django_assert_num_queries(3 + MONEY_QUERIES[slug]):
        table = admin_client.get(f"/reports/{slug}.csv?{query}")

    assert page.status_code == table.status_code == 200
    expected_rows = {
        "daily-close": 30 + 1,  # the days of November and the total
        "revenue-therapists": copies + 1,
        "revenue-services": copies + 1,
        # Two sessions (one owes the refund back), a no-show fee and a gift card; the totals.
        "outstanding": 4 * copies + 1,
        "fees": 3,
        "prepaid-sales": 2,
        "prepaid-liabilities": 4,  # three kinds and the total
    }
    assert len(csv_rows(table)) - 1 == expected_rows[slug]
