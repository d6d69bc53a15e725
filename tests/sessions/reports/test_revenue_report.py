"""Revenue per therapist and per service: invoiced net of credit notes, tax, collected."""

from datetime import date
from decimal import Decimal

import pytest

from sessions.reports import money
from tests.clock import at_clinic
from tests.factories import TherapistFactory

from .money_data import Till, hour_service, pay
from .reporting import csv_rows

pytestmark = pytest.mark.django_db

MON, TUE, WED = date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 25)


def arrange_revenue():
    """Tom and Uma each check out a 60-minute (124.30, tax 14.30) and a 90-minute session
    (169.50, tax 19.50) in the range; one of each therapist's 60-minute invoices is credited
    in the range, Tom's one issued before it."""
    till = Till()
    hour, long = hour_service("Hour"), hour_service("Long", "150.00")
    tom = TherapistFactory(display_name="Tom Reid")
    uma = TherapistFactory(display_name="Uma Patel")
    before = till.checkout(
        day=date(2026, 11, 20),
        hour=10,
        therapist=tom,
        service=hour,
        payments=(pay("cash", "50.00"),),
    )
    till.credit(before, at_clinic(TUE, 9))
    split = till.checkout(
        day=MON, hour=10, therapist=tom, service=hour, payments=(pay("cash", "124.30"),)
    )
    till.refund(split, "cash", "24.30", at_clinic(TUE, 14))
    till.checkout(day=MON, hour=12, therapist=tom, service=long, payments=(pay("card", "169.50"),))
    till.checkout(day=TUE, hour=10, therapist=uma, service=long, payments=(pay("card", "169.50"),))
    unpaid = till.checkout(day=TUE, hour=12, therapist=uma, service=hour)
    till.credit(unpaid, at_clinic(WED, 9))
    # A fee is not revenue from sessions.
    till.fee("no_show", "110.00", at_clinic(TUE, 16))
    # Outside the range: issued and paid on Thursday.
    till.checkout(
        day=date(2026, 11, 26),
        hour=10,
        therapist=uma,
        service=long,
        payments=(pay("cash", "169.50"),),
    )


def figures(rows: list[money.RevenueRow]) -> list[tuple]:
    return [
        (row.name, row.invoices, row.credit_notes, row.invoiced, row.tax, row.collected)
        for row in rows
    ]


def test_revenue_per_therapist_nets_credit_notes_and_refunds():
    arrange_revenue()

    rows = money.revenue_per_therapist(MON, WED)

    assert figures(rows) == [
        ("Tom Reid", 2, 1, Decimal("169.50"), Decimal("19.50"), Decimal("269.50")),
        ("Uma Patel", 2, 1, Decimal("169.50"), Decimal("19.50"), Decimal("169.50")),
        ("All therapists", 4, 2, Decimal("339.00"), Decimal("39.00"), Decimal("439.00")),
    ]


def test_revenue_per_service_nets_credit_notes_and_refunds():
    arrange_revenue()

    rows = money.revenue_per_service(MON, WED)

    assert figures(rows) == [
        ("Hour (60 min)", 2, 2, Decimal("0.00"), Decimal("0.00"), Decimal("100.00")),
        ("Long (60 min)", 2, 0, Decimal("339.00"), Decimal("39.00"), Decimal("339.00")),
        ("All services", 4, 2, Decimal("339.00"), Decimal("39.00"), Decimal("439.00")),
    ]


def test_revenue_csv_lists_therapists_with_the_currency(admin_client):
    arrange_revenue()

    response = admin_client.get("/reports/revenue-therapists.csv?first=2026-11-23&last=2026-11-25")

    assert csv_rows(response) == [
        ["Therapist", "Invoices", "Credit notes", "Invoiced (CAD)", "Tax (CAD)", "Collected (CAD)"],
        ["Tom Reid", "2", "1", "169.50", "19.50", "269.50"],
        ["Uma Patel", "2", "1", "169.50", "19.50", "169.50"],
        ["All therapists", "4", "2", "339.00", "39.00", "439.00"],
    ]


def test_revenue_of_a_range_without_invoices_is_empty(admin_client):
    arrange_revenue()

    page = admin_client.get("/reports/revenue-services/?first=2026-10-01&last=2026-10-31")

    assert money.revenue_per_service(date(2026, 10, 1), date(2026, 10, 31)) == []
    assert "Nothing in this range." in page.content.decode()
