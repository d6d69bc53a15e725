"""What a fee comes to and how the booking policy says it: a share of the price rounded to
the cent as invoices round, with the service's tax; a fee that is off (0%, a free service or
no free-cancellation window) is left out."""

from datetime import timedelta
from decimal import Decimal

import pytest

from clinic.catalogue.models import Service
from sessions.rules import BookingRules

FREE = "Cancelling is free until 24 hours before the session; later cancellations count as late."


def rules(late: int = 50, no_show: int = 100, hours: int = 24) -> BookingRules:
    return BookingRules(
        min_notice=timedelta(hours=2),
        horizon=timedelta(days=60),
        slot_minutes=15,
        free_cancellation=timedelta(hours=hours),
        late_change_fee_percent=late,
        no_show_fee_percent=no_show,
    )


@pytest.mark.parametrize(
    ("price", "late", "no_show", "late_fee", "no_show_fee"),
    [
        ("95.00", 50, 100, "47.50", "95.00"),
        ("99.99", 50, 100, "50.00", "99.99"),  # 49.995: the half goes up
        ("110.00", 33, 75, "36.30", "82.50"),
        ("0.05", 10, 50, "0.01", "0.03"),  # 0.005 and 0.025 go up
        ("95.00", 0, 0, "0.00", "0.00"),  # off
        ("0.00", 50, 100, "0.00", "0.00"),  # a free service costs no fee
    ],
)
def test_fees_are_a_share_of_the_price_rounded_to_the_cent(
    price, late, no_show, late_fee, no_show_fee
):
    service = Service(price=Decimal(price), tax_rate=Decimal("13.00"))
    policy = rules(late=late, no_show=no_show)

    assert (policy.late_change_fee(service), policy.no_show_fee(service)) == (
        Decimal(late_fee),
        Decimal(no_show_fee),
    )


def test_without_a_free_cancellation_window_nothing_is_late_so_no_fee():
    assert rules(hours=0).late_change_fee(Service(price=Decimal("95.00"))) == Decimal("0.00")


@pytest.mark.parametrize(
    ("price", "tax_rate", "late", "no_show", "hours", "text"),
    [
        (
            "95.00",
            "0",
            50,
            100,
            24,
            "Cancelling or rescheduling less than 24 hours before costs CAD 47.50 (50%); "
            "missing the session costs CAD 95.00.",
        ),
        (
            "110.00",
            "13",
            50,
            80,
            48,
            # 55.00 + 7.15 tax; 88.00 + 11.44 tax
            "Cancelling or rescheduling less than 48 hours before costs CAD 62.15 (50%); "
            "missing the session costs CAD 99.44 (80%).",
        ),
        (
            "95.00",
            "0",
            50,
            0,
            1,
            "Cancelling or rescheduling less than 1 hour before costs CAD 47.50 (50%).",
        ),
        ("95.00", "0", 0, 100, 24, "Cancelling is free; missing the session costs CAD 95.00."),
        ("95.00", "0", 0, 0, 24, FREE),
        ("0.00", "13", 50, 100, 24, FREE),
    ],
)
def test_the_policy_states_each_fee_that_is_on_with_its_tax(
    settings, price, tax_rate, late, no_show, hours, text
):
    settings.CLINIC_CURRENCY = "CAD"
    service = Service(price=Decimal(price), tax_rate=Decimal(tax_rate))

    assert rules(late=late, no_show=no_show, hours=hours).fee_policy(service) == text


def test_the_current_rules_read_the_fee_settings(settings):
    settings.LATE_CANCELLATION_FEE_PERCENT = 25
    settings.NO_SHOW_FEE_PERCENT = 0

    current = BookingRules.current()

    assert (current.late_change_fee_percent, current.no_show_fee_percent) == (25, 0)
