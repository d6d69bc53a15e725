"""Prepaid value: packages, memberships and gift cards.

`prepaid_sales` reads what was sold: the invoices of those kinds. `prepaid_liabilities`
reads what the clinic still owes on a day: the value of every package, gift card and
membership month sold by then and not used by then, from their balances and the ledger of
their uses (`PrepaidUse`), with what expired unused apart.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from clinic.clock import clinic_zone
from sessions.billing.models import ZERO, Invoice, InvoiceKind
from sessions.billing.prepaid import ClientPackage, GiftCard, MembershipPeriod, PrepaidUse

from .money import MONEY, TOTAL, cents, span, sum_rows, total_of

PREPAID = [InvoiceKind.PACKAGE, InvoiceKind.MEMBERSHIP, InvoiceKind.GIFT_CARD]


@dataclass(frozen=True)
class PrepaidSalesRow:
    month: str  # "2026-11", or "Total"
    sold: int  # invoices, credit notes not counted
    packages: Decimal
    memberships: Decimal
    gift_cards: Decimal
    credited: Decimal  # credit notes of sales, negative
    net: Decimal


AMOUNTS = ("packages", "memberships", "gift_cards", "credited", "net")


def prepaid_sales(first: date, last: date) -> list[PrepaidSalesRow]:
    """Per month (clinic time) of the range, every month listed, and for the range: the
    package, membership and gift-card invoices issued, their totals per kind, the credit
    notes that took sales back, and the net. One query."""
    start, end = span(first, last)
    sales = Q(credit_of=None)
    sums = {
        _month(found.pop("month")): found
        for found in Invoice.objects.filter(
            kind__in=PREPAID, issued_at__gte=start, issued_at__lt=end
        )
        .annotate(month=TruncMonth("issued_at", tzinfo=clinic_zone()))
        .values("month")
        .annotate(
            sold=Count("pk", filter=sales),
            packages=total_of("total", kind=InvoiceKind.PACKAGE, credit_of=None),
            memberships=total_of("total", kind=InvoiceKind.MEMBERSHIP, credit_of=None),
            gift_cards=total_of("total", kind=InvoiceKind.GIFT_CARD, credit_of=None),
            credited=total_of("total", credit_of__isnull=False),
            net=total_of("total"),
        )
        .order_by()
    }
    rows = []
    for month in _months(first, last):
        found = sums.get(month, {})
        amounts = {field: cents(found.get(field)) for field in AMOUNTS}
        rows.append(PrepaidSalesRow(month, found.get("sold", 0), **amounts))
    total = {field: sum_rows(rows, field) for field in AMOUNTS}
    rows.append(PrepaidSalesRow(TOTAL, sum(row.sold for row in rows), **total))
    return rows


def _month(value) -> str:
    """TruncMonth gives an aware datetime in the clinic's zone (a date on some backends)."""
    if hasattr(value, "tzinfo"):
        value = timezone.localtime(value, clinic_zone())
    return f"{value.year}-{value.month:02d}"


def _months(first: date, last: date) -> list[str]:
    year, month, months = first.year, first.month, []
    while (year, month) <= (last.year, last.month):
        months.append(f"{year}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


# --- Liabilities: the prepaid value not used yet ----------------------------------------


@dataclass(frozen=True)
class LiabilityRow:
    kind: str  # "Packages", "Gift cards", "Membership months", or "Total"
    held: int  # those with value left on the day, not expired
    unused: Decimal
    expired: int  # those that had expired by the day with value left
    expired_unused: Decimal


PACKAGES, GIFT_CARDS, MEMBERSHIP_MONTHS = "Packages", "Gift cards", "Membership months"


def prepaid_liabilities(first: date, last: date) -> list[LiabilityRow]:
    """At the end of the clinic day `last` (`first` is not read): the value sold by then and
    not used by then, per kind and in all; what had expired is apart ("expired unused"), not
    dropped. A package's value is its sessions left times what its client paid per session:
    its own invoice's total (tax included) over its own sessions (those left and those
    used), not its product's, whose price and sessions may have changed since. A gift
    card's is its balance, a membership month's its credit left. Each balance is taken back
    to that day by adding the uses made after it. Three queries."""
    end = span(last, last)[1]
    rows = [
        _packages(last, end),
        _balances(GiftCard, "gift_card", "balance", "expires_on", last, end),
        _balances(MembershipPeriod, "period", "credit_left", "ends_on", last, end),
    ]
    rows.append(
        LiabilityRow(
            TOTAL,
            held=sum(row.held for row in rows),
            unused=sum_rows(rows, "unused"),
            expired=sum(row.expired for row in rows),
            expired_unused=sum_rows(rows, "expired_unused"),
        )
    )
    return rows


def _used(field: str, owner: str, output_field, **since) -> Coalesce:
    """The sum of `field` over the uses of the outer row (`owner` names it), 0 for none."""
    uses = (
        PrepaidUse.objects.filter(**{owner: OuterRef("pk")}, **since)
        .order_by()
        .values(owner)
        .annotate(sum=Sum(field))
        .values("sum")
    )
    return Coalesce(Subquery(uses, output_field=output_field), Value(0), output_field=output_field)


def _balances(model, owner: str, balance: str, last_day: str, day: date, end) -> LiabilityRow:
    """Gift cards or membership months: their balances on `day`, summed. One query."""
    later = _used("amount", owner, MONEY, used_at__gte=end)
    lapsed = {f"{last_day}__lt": day}
    found = (
        model.objects.filter(invoice__issued_at__lt=end)
        .annotate(left=ExpressionWrapper(F(balance) + later, output_field=MONEY))
        .filter(left__gt=0)
        .aggregate(
            held=Count("pk", filter=~Q(**lapsed)),
            unused=total_of("left", **{f"{last_day}__gte": day}),
            expired=Count("pk", filter=Q(**lapsed)),
            expired_unused=total_of("left", **lapsed),
        )
    )
    label = GIFT_CARDS if model is GiftCard else MEMBERSHIP_MONTHS
    return LiabilityRow(
        label,
        held=found["held"],
        unused=cents(found["unused"]),
        expired=found["expired"],
        expired_unused=cents(found["expired_unused"]),
    )


def _packages(day: date, end) -> LiabilityRow:
    """The packages grouped by their invoice's total, their own sessions and whether they
    had expired, with the sessions left in each group, so that the value is worked out in
    Decimal here, exactly, and rounded once. One query."""
    count = IntegerField()
    groups = (
        ClientPackage.objects.filter(invoice__issued_at__lt=end)
        .annotate(
            left=F("sessions_left") + _used("sessions", "package", count, used_at__gte=end),
            bought=F("sessions_left") + _used("sessions", "package", count),
            lapsed=Case(When(expires_on__lt=day, then=Value(1)), default=Value(0)),
        )
        .filter(left__gt=0)
        .values("invoice__total", "bought", "lapsed")
        .annotate(packages=Count("pk"), sessions=Sum("left"))
        .order_by()
    )
    packages, value = [0, 0], [ZERO, ZERO]
    for group in groups:
        lapsed = int(group["lapsed"])
        packages[lapsed] += group["packages"]
        price = Decimal(str(group["invoice__total"]))
        value[lapsed] += price * int(group["sessions"]) / int(group["bought"])
    return LiabilityRow(
        PACKAGES,
        held=packages[0],
        unused=cents(value[0]),
        expired=packages[1],
        expired_unused=cents(value[1]),
    )
