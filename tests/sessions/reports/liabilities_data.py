"""Packages, gift cards and membership months, sold and partly used through the billing
services as the desk does, for the report of the prepaid value not used."""

from datetime import date
from decimal import Decimal

from sessions.billing.prepaid import GiftCard
from sessions.billing.sales import gift_card_sell, membership_start, package_sell
from tests.clock import at_clinic
from tests.factories import ClientFactory, MembershipPlanFactory, PackageProductFactory

from .money_data import Till, hour_service, pay

SESSION_TOTAL = "124.30"  # an hour's session with its tax: what a package session pays


class Counter(Till):
    """The till, selling and drawing on what it sold."""

    def package(self, *, client, service, price: str, sessions: int, day: date):
        product = PackageProductFactory(
            service=service, sessions=sessions, price=Decimal(price), tax_rate=0
        )
        return package_sell(
            client=client,
            product=product,
            by=self.desk,
            payments=[pay("cash", price)],
            now=at_clinic(day, 9),
        )

    def gift_card(self, amount: str, day: date, *, expires_on: date | None = None):
        card = gift_card_sell(
            buyer=ClientFactory(),
            amount=Decimal(amount),
            by=self.desk,
            payments=[pay("card", amount)],
            now=at_clinic(day, 9),
        )
        if expires_on is not None:  # a card sold long ago, without waiting a year
            GiftCard.objects.filter(pk=card.pk).update(expires_on=expires_on)
            card.refresh_from_db()
        return card

    def membership(self, *, client, credit: str, day: date):
        plan = MembershipPlanFactory(monthly_credit=Decimal(credit), price=Decimal("90.00"))
        return membership_start(
            client=client,
            plan=plan,
            by=self.desk,
            payments=[pay("cash", "90.00")],
            now=at_clinic(day, 9),
        )

    def use(self, *, client, service, day: date, method: str, amount: str, reference="", hour=10):
        """A session that day paid, all or in part, with `method`, the rest owed."""
        payment = pay(method, amount)
        payment = type(payment)(method=method, amount=payment.amount, reference=reference)
        return self.checkout(
            day=day, hour=hour, client=client, service=service, payments=(payment,)
        )


def arrange_prepaid(counter: Counter | None = None, label: str = "") -> None:
    """On 30 November 2026: a package with 3 of its 5 sessions left (400.00, so 80.00 a
    session: 240.00) and another with 2 of 3 (100.00: 66.67), both used again on 1 December;
    a gift card of 100.00 with 70.00 left (20.00 more spent on 1 December), one of 50.00
    expired on 20 November unused, one spent in full; a membership month with 55.00 of its
    100.00 credit left, and October's month of another membership, 40.00 left, over. A gift
    card sold on 1 December is not owed yet on 30 November."""
    counter = counter or Counter()
    service = hour_service(f"Trigger point {label}")
    other = hour_service(f"Deep tissue {label}")
    ava, ben, cy, di = (ClientFactory() for _ in range(4))

    counter.package(client=ava, service=service, price="400.00", sessions=5, day=date(2026, 11, 2))
    for day in (date(2026, 11, 10), date(2026, 11, 20), date(2026, 12, 1)):
        counter.use(client=ava, service=service, day=day, method="package", amount=SESSION_TOTAL)
    counter.package(client=ava, service=other, price="100.00", sessions=3, day=date(2026, 11, 2))
    for day in (date(2026, 11, 12), date(2026, 12, 1)):
        counter.use(  # at noon: the client is in the other package's session at 10:00
            client=ava, service=other, day=day, method="package", amount=SESSION_TOTAL, hour=12
        )

    card = counter.gift_card("100.00", date(2026, 11, 5))
    counter.use(
        client=ben,
        service=service,
        day=date(2026, 11, 15),
        method="gift_card",
        amount="30.00",
        reference=card.code,
    )
    counter.use(
        client=ben,
        service=service,
        day=date(2026, 12, 1),
        method="gift_card",
        amount="20.00",
        reference=card.code,
    )
    counter.gift_card("50.00", date(2026, 11, 1), expires_on=date(2026, 11, 20))
    spent = counter.gift_card("25.00", date(2026, 11, 6))
    counter.use(
        client=ben,
        service=service,
        day=date(2026, 11, 16),
        method="gift_card",
        amount="25.00",
        reference=spent.code,
    )
    counter.gift_card("60.00", date(2026, 12, 1))

    counter.membership(client=cy, credit="100.00", day=date(2026, 11, 10))
    counter.use(
        client=cy,
        service=service,
        day=date(2026, 11, 20),
        method="package",
        amount="45.00",
        reference="membership",
    )
    counter.membership(client=di, credit="100.00", day=date(2026, 10, 1))
    counter.use(
        client=di,
        service=service,
        day=date(2026, 10, 15),
        method="package",
        amount="60.00",
        reference="membership",
    )
