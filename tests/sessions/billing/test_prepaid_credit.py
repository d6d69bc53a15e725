"""A credit note of a package, gift card or membership sale takes back what it sold, unless
some of it was already used."""

from decimal import Decimal

import pytest

from sessions.billing.models import InvoiceStatus
from sessions.billing.services import BillingRefused, appointment_checkout, invoice_credit
from tests.factories import ClientFactory

from .prepaid import pay, sold_gift_card, sold_package, started_membership

pytestmark = pytest.mark.django_db


def test_crediting_an_unused_package_leaves_it_nothing_to_spend(desk, ava, service):
    package = sold_package(client=ava, desk=desk, service=service)

    invoice_credit(invoice=package.invoice, by=desk, reason="Sold by mistake.")

    package.refresh_from_db()
    assert (package.sessions_left, package.invoice.status) == (0, InvoiceStatus.VOID)


def test_crediting_an_unused_gift_card_empties_it(desk, ava):
    card = sold_gift_card(buyer=ava, desk=desk, amount="80.00")

    invoice_credit(invoice=card.invoice, by=desk, reason="Returned the same day.")

    card.refresh_from_db()
    assert card.balance == Decimal("0.00")


def test_crediting_an_unused_membership_month_takes_its_credit(desk, ava):
    membership = started_membership(client=ava, desk=desk)
    period = membership.periods.get()

    invoice_credit(invoice=period.invoice, by=desk, reason="Changed their mind.")

    period.refresh_from_db()
    assert period.credit_left == Decimal("0.00")


def test_a_gift_card_partly_spent_is_not_credited_whole(desk, arrived):
    card = sold_gift_card(buyer=ClientFactory(), desk=desk, amount="50.00")
    appointment_checkout(
        appointment=arrived, by=desk, payments=[pay("gift_card", "20.00", card.code)]
    )

    with pytest.raises(BillingRefused, match="^Part of what this invoice sold has been used"):
        invoice_credit(invoice=card.invoice, by=desk, reason="Wants the money back.")

    card.refresh_from_db()
    assert (card.balance, card.invoice.credit_notes.count()) == (Decimal("30.00"), 0)
