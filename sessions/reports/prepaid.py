"""Prepaid value: packages, memberships and gift cards.

What the clinic owes in prepaid value is what it sold minus what was used or expired. The
sales are invoices (their `kind`), read here. The use is not recorded yet: the package,
membership and gift-card records that hold each one's remaining balance come with their own
app. Until then this report shows the sales alone, and says so; it never guesses a balance.

Where the unused balances plug in: a `prepaid_liabilities(first, last)` read beside
`prepaid_sales` below, summing the remaining balance of every package, membership and gift
card unexpired on `last` (one aggregate query over those records), and its `Report` in
`money_catalogue.MONEY_REPORTS` after "prepaid-sales", with `admits` left to admins.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from clinic.clock import clinic_zone
from sessions.billing.models import Invoice, InvoiceKind

from .money import TOTAL, cents, span, sum_rows, total_of

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
