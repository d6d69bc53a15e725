"""Sales made for the tests of packages, memberships and gift cards."""

from decimal import Decimal

from sessions.billing.sales import gift_card_sell, membership_start, package_sell
from sessions.billing.services import PaymentIn
from tests.factories import MembershipPlanFactory, PackageProductFactory


def pay(method: str, amount: str, reference: str = "") -> PaymentIn:
    return PaymentIn(method=method, amount=Decimal(amount), reference=reference)


def sold_package(*, client, desk, service, **product):
    product = PackageProductFactory(service=service, **product)
    return package_sell(client=client, product=product, by=desk, payments=[])


def sold_gift_card(*, buyer, desk, amount: str = "100.00", **fields):
    return gift_card_sell(buyer=buyer, amount=Decimal(amount), by=desk, payments=[], **fields)


def started_membership(*, client, desk, **plan):
    plan = MembershipPlanFactory(**plan)
    return membership_start(client=client, plan=plan, by=desk, payments=[])
