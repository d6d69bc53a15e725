"""Selling packages, gift cards and memberships at the desk: an invoice of the sale's kind,
its payments, and what the client then holds."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest

from clinic.audit.models import AuditEvent
from sessions.billing.models import (
    GiftCard,
    Invoice,
    InvoiceKind,
    InvoiceStatus,
    MembershipPeriod,
)
from sessions.billing.sales import (
    gift_card_sell,
    membership_end,
    membership_renew,
    membership_start,
    package_sell,
)
from sessions.billing.services import BillingRefused
from tests.factories import (
    ClientFactory,
    MembershipPlanFactory,
    PackageProductFactory,
    TherapistFactory,
)

from .conftest import NOW, TODAY
from .prepaid import pay, sold_gift_card, started_membership

pytestmark = pytest.mark.django_db


def test_a_package_of_five_for_the_price_of_four_and_a_half(desk, ava, service):
    product = PackageProductFactory(service=service, valid_days=180)  # 110.00, 13% tax

    package = package_sell(
        client=ava,
        product=product,
        by=desk,
        payments=[pay("cash", "300.00"), pay("card", "259.35", "terminal 4411")],
    )

    invoice = package.invoice
    line = invoice.lines.get()
    assert (invoice.kind, invoice.client, invoice.appointment, invoice.number) == (
        InvoiceKind.PACKAGE,
        ava,
        None,
        "2026-000001",
    )
    assert (line.description, line.unit_price, line.tax, line.total) == (
        "Five sessions: 5 x Trigger point therapy (60 min)",
        Decimal("495.00"),
        Decimal("64.35"),
        Decimal("559.35"),
    )
    assert (invoice.total, invoice.paid, invoice.status) == (
        Decimal("559.35"),
        Decimal("559.35"),
        InvoiceStatus.PAID,
    )
    assert (package.sessions_left, package.expires_on) == (5, TODAY + timedelta(days=180))


def test_a_package_sold_unpaid_is_an_unpaid_invoice(desk, ava, service):
    package = package_sell(
        client=ava, product=PackageProductFactory(service=service), by=desk, payments=[]
    )

    assert (package.invoice.status, package.invoice.balance) == (
        InvoiceStatus.UNPAID,
        Decimal("559.35"),
    )


def test_a_gift_card_is_untaxed_with_a_grouped_code_and_a_years_validity(desk, ava):
    card = gift_card_sell(
        buyer=ava, amount=Decimal("75.00"), by=desk, payments=[pay("e_transfer", "75.00")]
    )

    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}", card.code)
    assert (card.amount, card.balance, card.expires_on, card.buyer) == (
        Decimal("75.00"),
        Decimal("75.00"),
        TODAY + timedelta(days=365),
        ava,
    )
    invoice = card.invoice
    assert (invoice.kind, invoice.tax, invoice.total, invoice.status) == (
        InvoiceKind.GIFT_CARD,
        Decimal("0.00"),
        Decimal("75.00"),
        InvoiceStatus.PAID,
    )


def test_gift_card_validity_follows_the_setting(desk, ava, settings):
    settings.GIFT_CARD_VALID_DAYS = 30

    card = sold_gift_card(buyer=ava, desk=desk)

    assert card.expires_on == TODAY + timedelta(days=30)


def test_each_gift_card_gets_its_own_code(desk, ava):
    codes = {sold_gift_card(buyer=ava, desk=desk).code for _ in range(5)}

    assert len(codes) == 5


def test_a_gift_card_does_not_buy_a_gift_card(desk, ava):
    paid_with = sold_gift_card(buyer=ava, desk=desk)

    with pytest.raises(BillingRefused, match="^Gift card does not pay for this."):
        gift_card_sell(
            buyer=ava,
            amount=Decimal("50.00"),
            by=desk,
            payments=[pay("gift_card", "50.00", paid_with.code)],
        )

    assert (GiftCard.objects.count(), Invoice.objects.count()) == (1, 1)


def test_a_gift_card_buys_a_package(desk, ava, service):
    card = sold_gift_card(buyer=ava, desk=desk, amount="600.00")

    package = package_sell(
        client=ava,
        product=PackageProductFactory(service=service),
        by=desk,
        payments=[pay("gift_card", "559.35", card.code)],
    )

    card.refresh_from_db()
    assert (package.invoice.status, card.balance) == (InvoiceStatus.PAID, Decimal("40.65"))


@pytest.mark.parametrize("amount", ["4.99", "5000.01", "10.001", "-20.00"])
def test_a_gift_card_amount_out_of_range_is_refused(desk, ava, amount):
    with pytest.raises(BillingRefused, match="^A gift card is from 5.00 to 5000.00."):
        gift_card_sell(buyer=ava, amount=Decimal(amount), by=desk, payments=[])


def test_only_the_desk_sells(ava, service):
    therapist = TherapistFactory(services=[service]).user

    with pytest.raises(BillingRefused, match="^Only the front desk and clinic admins sell."):
        package_sell(
            client=ava, product=PackageProductFactory(service=service), by=therapist, payments=[]
        )


def test_sales_go_to_clients_only(desk):
    with pytest.raises(BillingRefused, match="^Sales are made to a client"):
        gift_card_sell(buyer=desk, amount=Decimal("20.00"), by=desk, payments=[])


def test_a_package_no_longer_offered_is_not_sold(desk, ava, service):
    product = PackageProductFactory(service=service, active=False)

    with pytest.raises(BillingRefused, match="^This package is no longer sold."):
        package_sell(client=ava, product=product, by=desk, payments=[])


def test_a_membership_charges_its_first_month_and_gives_its_credit(desk, ava):
    plan = MembershipPlanFactory(
        monthly_credit=Decimal("120.00"), price=Decimal("99.00"), tax_rate=Decimal("13.00")
    )

    membership = membership_start(
        client=ava, plan=plan, by=desk, payments=[pay("card", "111.87", "terminal")]
    )

    period = membership.periods.get()
    assert (membership.started_on, membership.ended_on) == (TODAY, None)
    assert (period.starts_on, period.ends_on, period.credit, period.credit_left) == (
        date(2026, 12, 1),
        date(2026, 12, 31),
        Decimal("120.00"),
        Decimal("120.00"),
    )
    assert (period.invoice.kind, period.invoice.total, period.invoice.status) == (
        InvoiceKind.MEMBERSHIP,
        Decimal("111.87"),
        InvoiceStatus.PAID,
    )


def test_renewing_charges_the_next_month_without_carrying_credit_over(desk, ava, frozen):
    membership = started_membership(client=ava, desk=desk)
    frozen.move_to(NOW + timedelta(days=30))  # 31 December

    period = membership_renew(membership=membership, by=desk, payments=[])

    assert (period.starts_on, period.ends_on, period.credit_left) == (
        date(2027, 1, 1),
        date(2027, 1, 31),
        Decimal("100.00"),
    )
    assert MembershipPeriod.objects.count() == 2


def test_a_month_ahead_is_charged_once(desk, ava):
    membership = started_membership(client=ava, desk=desk)
    membership_renew(membership=membership, by=desk, payments=[])

    with pytest.raises(BillingRefused, match="^The next month is already charged."):
        membership_renew(membership=membership, by=desk, payments=[])


def test_renewing_after_a_gap_starts_today(desk, ava, frozen):
    membership = started_membership(client=ava, desk=desk)
    frozen.move_to(NOW + timedelta(days=75))  # 14 February 2027

    period = membership_renew(membership=membership, by=desk, payments=[])

    assert (period.starts_on, period.ends_on) == (date(2027, 2, 14), date(2027, 3, 13))


def test_an_ended_membership_is_not_renewed(desk, ava):
    membership = started_membership(client=ava, desk=desk)

    ended = membership_end(membership=membership, by=desk)

    assert ended.ended_on == TODAY
    with pytest.raises(BillingRefused, match="^This membership has ended."):
        membership_renew(membership=membership, by=desk, payments=[])
    with pytest.raises(BillingRefused, match="^This membership has already ended."):
        membership_end(membership=membership, by=desk)


def test_sales_are_audited(desk, ava, service):
    client = ClientFactory()
    sold_gift_card(buyer=client, desk=desk)
    package_sell(
        client=ava,
        product=PackageProductFactory(service=service),
        by=desk,
        payments=[pay("cash", "100.00")],
    )

    kinds = list(
        AuditEvent.objects.filter(actor=desk)
        .order_by("pk")
        .values_list("record_type", "subject_id")
    )
    assert kinds == [
        ("billing.Invoice", client.pk),
        ("billing.GiftCard", client.pk),
        ("billing.Invoice", ava.pk),
        ("billing.Payment", ava.pk),
        ("billing.ClientPackage", ava.pk),
    ]
