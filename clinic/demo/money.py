"""The demo clinic's money, made through billing's own services as the desk would make it:
packages and a membership plan to sell, the clients' past sessions checked out (paid in
full, by a split payment, from a package or a gift card, partly, or not yet), and fees for
client 5's no-shows and late cancellation.

Every step happens at the time it would have (a checkout just after its session) and the
steps run in that order, so the invoice numbers follow the days. A step already done is
skipped, so seeding again changes nothing, and a database seeded before money existed gets
its money from the sessions it already has.
"""

from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from functools import partial

from clinic.accounts.models import User
from clinic.catalogue.models import Service
from clinic.catalogue.money import with_tax
from sessions.billing.fees import late_change_fee_charge, no_show_fee_charge
from sessions.billing.models import InvoiceKind, PaymentMethod
from sessions.billing.prepaid import ClientPackage, GiftCard, MembershipPlan, PackageProduct
from sessions.billing.sales import gift_card_sell, package_sell
from sessions.billing.services import PaymentIn, appointment_checkout, checkout_preview
from sessions.models import Appointment, AppointmentStatus

HST = Decimal("13.00")  # Ontario's harmonized sales tax, on every service and product

PACKAGES = [
    # name, minutes of the service, sessions, price, valid days
    ("Five 60-minute sessions", 60, 5, Decimal("500.00"), 365),
    ("Ten 30-minute sessions", 30, 10, Decimal("540.00"), 365),
]
PACKAGE_SOLD = "Five 60-minute sessions"
MEMBERSHIP_PLANS = [
    # name, monthly credit, price a month
    ("Monthly care", Decimal("110.00"), Decimal("99.00")),
]
GIFT_CARD_AMOUNT = Decimal("200.00")
SPLIT_CASH = Decimal("50.00")  # the rest of a split payment goes on the card
PART_PAID = Decimal("60.00")

# How each demo client paid for their signed past sessions, oldest first. Client 1 buys a
# package before their third session and pays it with the first credit; client 2 buys a gift
# card a week before their third session and pays it with part of the card.
CHECKOUTS = {
    1: ["card", "split", "package", "e_transfer"],
    2: ["cash", "card", "gift_card", "part"],
    4: ["card", "card", "card", "unpaid"],
    5: ["card", "e_transfer", "part", "unpaid"],
}

CHECKOUT_AFTER = timedelta(minutes=10)  # after the session's end
SOLD_BEFORE = {"package": timedelta(minutes=15), "gift_card": timedelta(days=7)}
NO_SHOW_MARKED_AFTER = timedelta(minutes=15)  # after the session's start

Step = tuple[datetime, Callable[[], object]]


def money_products() -> None:
    """What the desk's sale pages offer: packages and a membership plan, taxed."""
    for name, minutes, sessions, price, valid_days in PACKAGES:
        PackageProduct.objects.update_or_create(
            name=name,
            defaults={
                "service": Service.objects.get(
                    name="Trigger point therapy", duration_minutes=minutes
                ),
                "sessions": sessions,
                "price": price,
                "tax_rate": HST,
                "valid_days": valid_days,
                "active": True,
            },
        )
    for name, credit, price in MEMBERSHIP_PLANS:
        MembershipPlan.objects.update_or_create(
            name=name,
            defaults={"monthly_credit": credit, "price": price, "tax_rate": HST, "active": True},
        )


def money_history(*, clients: dict[int, User], desk: User) -> None:
    """The clients' invoices, payments, sales and fees, each at its own time, in order."""
    steps = [
        *(
            step
            for number, client in clients.items()
            for step in _checkout_steps(client, CHECKOUTS.get(number, []), desk)
        ),
        *(step for client in clients.values() for step in _fee_steps(client, desk)),
    ]
    for _, step in sorted(steps, key=lambda step: step[0]):
        step()


def _checkout_steps(client: User, plan: list[str], desk: User) -> list[Step]:
    signed = Appointment.objects.filter(client=client, note__signed_at__isnull=False)
    steps: list[Step] = []
    for appointment, how in zip(signed.order_by("start"), plan, strict=False):
        if how in SOLD_BEFORE:
            sale = _package_sale if how == "package" else _gift_card_sale
            sold_at = appointment.start - SOLD_BEFORE[how]
            steps.append((sold_at, partial(sale, client, desk, sold_at)))
        at = appointment.end + CHECKOUT_AFTER
        steps.append((at, partial(_checkout, appointment, how, desk, at)))
    return steps


def _fee_steps(client: User, desk: User) -> list[Step]:
    """A fee for each no-show and late cancellation, charged as booking's signals would have
    charged it: by whoever marked the no-show or cancelled, when they did."""
    steps: list[Step] = []
    for appointment in Appointment.objects.filter(client=client).missed():
        if appointment.status == AppointmentStatus.NO_SHOW:
            at = appointment.start + NO_SHOW_MARKED_AFTER
            charge = partial(no_show_fee_charge, appointment=appointment, by=desk, now=at)
        else:
            at = appointment.cancelled_at or appointment.start
            by = appointment.cancelled_by or client
            charge = partial(late_change_fee_charge, appointment=appointment, by=by, now=at)
        steps.append((at, charge))
    return steps


def _package_sale(client: User, desk: User, now: datetime) -> None:
    product = PackageProduct.objects.get(name=PACKAGE_SOLD)
    if ClientPackage.objects.filter(client=client, product=product).exists():
        return
    payments = [PaymentIn(PaymentMethod.CARD, with_tax(product.price, product.tax_rate))]
    package_sell(client=client, product=product, by=desk, payments=payments, now=now)


def _gift_card_sale(client: User, desk: User, now: datetime) -> None:
    if GiftCard.objects.filter(buyer=client).exists():
        return
    payments = [PaymentIn(PaymentMethod.CARD, GIFT_CARD_AMOUNT)]
    gift_card_sell(buyer=client, amount=GIFT_CARD_AMOUNT, by=desk, payments=payments, now=now)


def _checkout(appointment: Appointment, how: str, desk: User, now: datetime) -> None:
    if appointment.invoices.filter(kind=InvoiceKind.SESSION).exists():
        return
    total = checkout_preview(appointment=appointment, now=now).total
    payments = _payments(how, total, appointment.client)
    appointment_checkout(appointment=appointment, by=desk, payments=payments, now=now)


def _payments(how: str, total: Decimal, client: User) -> list[PaymentIn]:
    match how:
        case "split":
            return [
                PaymentIn(PaymentMethod.CASH, SPLIT_CASH),
                PaymentIn(PaymentMethod.CARD, total - SPLIT_CASH),
            ]
        case "gift_card":
            code = GiftCard.objects.filter(buyer=client).values_list("code", flat=True).first()
            return [PaymentIn(PaymentMethod.GIFT_CARD, total, reference=code)]
        case "part":
            return [PaymentIn(PaymentMethod.CASH, PART_PAID)]
        case "unpaid":
            return []
        case _:
            return [PaymentIn(PaymentMethod(how), total)]
