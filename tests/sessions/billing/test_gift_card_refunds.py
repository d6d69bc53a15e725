"""A refund by gift card goes back on the gift card that paid, written to its ledger."""

from decimal import Decimal

import pytest

from sessions.billing.models import InvoiceStatus, PrepaidUse
from sessions.billing.services import BillingRefused, appointment_checkout, payment_refund
from tests.factories import ClientFactory

from .prepaid import pay, sold_gift_card

pytestmark = pytest.mark.django_db


@pytest.fixture
def card(desk):
    return sold_gift_card(buyer=ClientFactory(), desk=desk, amount="50.00")


@pytest.fixture
def invoice(desk, arrived, card):
    invoice, _ = appointment_checkout(
        appointment=arrived,
        by=desk,
        payments=[pay("gift_card", "30.00", card.code), pay("cash", "94.30")],
    )
    return invoice


def test_a_gift_card_refund_puts_the_amount_back_on_the_card(desk, invoice, card):
    refund = payment_refund(
        invoice=invoice, by=desk, amount=Decimal("12.50"), method="gift_card", reason="Cut short"
    )

    card.refresh_from_db()
    back = PrepaidUse.objects.get(payment=refund)
    assert card.balance == Decimal("32.50")  # 50.00 - 30.00 + 12.50
    assert (back.gift_card, back.amount) == (card, Decimal("-12.50"))
    assert invoice.status == InvoiceStatus.PARTLY_PAID


def test_no_more_goes_back_to_the_card_than_it_paid(desk, invoice, card):
    payment_refund(
        invoice=invoice, by=desk, amount=Decimal("20.00"), method="gift_card", reason="Part"
    )

    with pytest.raises(BillingRefused, match=r"^At most 10\.00 was paid by gift card\.$"):
        payment_refund(
            invoice=invoice, by=desk, amount=Decimal("10.01"), method="gift_card", reason="More"
        )

    card.refresh_from_db()
    assert card.balance == Decimal("40.00")


def test_two_cards_each_take_back_only_what_they_paid(desk, arrived, card):
    other = sold_gift_card(buyer=ClientFactory(), desk=desk, amount="40.00")
    invoice, _ = appointment_checkout(
        appointment=arrived,
        by=desk,
        payments=[pay("gift_card", "30.00", card.code), pay("gift_card", "20.00", other.code)],
    )

    payment_refund(
        invoice=invoice, by=desk, amount=Decimal("25.00"), method="gift_card", reason="x"
    )
    with pytest.raises(BillingRefused, match=r"^No gift card paid 25\.00 of this invoice"):
        payment_refund(
            invoice=invoice, by=desk, amount=Decimal("25.00"), method="gift_card", reason="y"
        )

    card.refresh_from_db()
    other.refresh_from_db()
    assert (card.balance, other.balance) == (Decimal("45.00"), Decimal("20.00"))
