"""The money reports' reads: the daily close, revenue, outstanding balances and fees.

Each sums in the database (one aggregate query, or a few, whatever the number of invoices)
and returns plain rows of Decimals with two places. Days are the clinic's wall-clock days; a
range covers `first` to `last` inclusive. Invoices and payments never change, so these
figures are made only of what was issued and recorded: credit notes and refunds (negative
payments) count where and when they were made.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, DecimalField, F, Q, Sum, Value
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from clinic.catalogue.models import Service
from clinic.clock import clinic_zone, local_days
from sessions.billing.models import ZERO, Invoice, InvoiceKind, Payment, PaymentMethod
from sessions.selectors import local_span
from therapists.models import Therapist

CENT = Decimal("0.01")
MONEY = DecimalField(max_digits=12, decimal_places=2)
TOTAL = "Total"


def span(first: date, last: date):
    return local_span(first, (last - first).days + 1)


def total_of(expression: str = "amount", **condition) -> Coalesce:
    """The sum of `expression` over the rows meeting `condition`, 0.00 over none."""
    summed = Sum(expression, filter=Q(**condition) if condition else None, output_field=MONEY)
    return Coalesce(summed, Value(ZERO), output_field=MONEY)


def cents(value) -> Decimal:
    """A database sum as Decimal with two places (SQLite may drop trailing zeros)."""
    return Decimal(value or 0).quantize(CENT)


def sum_rows(rows: list, field: str) -> Decimal:
    return sum((getattr(row, field) for row in rows), ZERO)


# --- Daily close ------------------------------------------------------------------------


@dataclass(frozen=True)
class DailyCloseRow:
    day: date | str  # "Total" on the range's row
    cash: Decimal
    card: Decimal
    e_transfer: Decimal
    gift_card: Decimal
    package: Decimal
    refunds: Decimal  # negative: already counted in their methods' columns
    total: Decimal


METHODS = [method.value for method in PaymentMethod]


def daily_close(first: date, last: date) -> list[DailyCloseRow]:
    """Per clinic day of the range (every day, zeros included), and for the range: the
    payments recorded by method, each net of its refunds, the refunds alone, and the total.
    One query."""
    start, end = span(first, last)
    sums = (
        Payment.objects.filter(recorded_at__gte=start, recorded_at__lt=end)
        .annotate(day=TruncDate("recorded_at", tzinfo=clinic_zone()))
        .values("day")
        .annotate(
            **{method: total_of(method=method) for method in METHODS},
            refunds=total_of(amount__lt=0),
            total=total_of(),
        )
        .order_by()
    )
    by_day = {found.pop("day"): found for found in sums}
    fields = [*METHODS, "refunds", "total"]
    rows = [
        DailyCloseRow(day, **{field: cents(by_day.get(day, {}).get(field)) for field in fields})
        for day in local_days(first, (last - first).days + 1)
    ]
    rows.append(DailyCloseRow(TOTAL, **{field: sum_rows(rows, field) for field in fields}))
    return rows


# --- Revenue per therapist and per service ----------------------------------------------


@dataclass(frozen=True)
class RevenueRow:
    name: str  # the therapist or the service
    invoices: int  # session invoices issued in the range
    credit_notes: int  # credit notes of session invoices issued in the range
    invoiced: Decimal  # their totals, tax included, net of the credit notes
    tax: Decimal  # of which tax, net of the credit notes
    collected: Decimal  # payments recorded in the range, net of refunds


NO_SESSION = "Without a session"


def revenue_per_therapist(first: date, last: date) -> list[RevenueRow]:
    """Per therapist, see `_revenue`. Three queries."""
    return _revenue(first, last, by="therapist", model=Therapist, everyone="All therapists")


def revenue_per_service(first: date, last: date) -> list[RevenueRow]:
    """Per service, see `_revenue`. Three queries."""
    return _revenue(first, last, by="service", model=Service, everyone="All services")


def _revenue(first: date, last: date, *, by: str, model, everyone: str) -> list[RevenueRow]:
    """Per therapist or service of the sessions: what session invoices issued in the range
    invoiced (a credit note counts, negative, for its original's session, when it is issued),
    of which tax, and what payments recorded in the range collected; then the whole."""
    start, end = span(first, last)
    invoiced = (
        Invoice.objects.filter(kind=InvoiceKind.SESSION, issued_at__gte=start, issued_at__lt=end)
        .values(key=Coalesce(f"appointment__{by}", f"credit_of__appointment__{by}"))
        .annotate(
            invoices=Count("pk", filter=Q(credit_of=None)),
            credit_notes=Count("pk", filter=Q(credit_of__isnull=False)),
            invoiced=total_of("total"),
            tax=total_of("tax"),
        )
        .order_by()
    )
    collected = (
        Payment.objects.filter(
            invoice__kind=InvoiceKind.SESSION, recorded_at__gte=start, recorded_at__lt=end
        )
        .values(key=F(f"invoice__appointment__{by}"))
        .annotate(collected=total_of())
        .order_by()
    )
    figures: dict[int | None, dict] = {}
    for found in [*invoiced, *collected]:
        figures.setdefault(found.pop("key"), {}).update(found)
    names = {
        pk: str(item) for pk, item in model.objects.in_bulk([key for key in figures if key]).items()
    }
    rows = sorted(
        (_revenue_row(names.get(key, NO_SESSION), found) for key, found in figures.items()),
        key=lambda row: (row.name == NO_SESSION, row.name),
    )
    if rows:
        fields = ("invoices", "credit_notes", "invoiced", "tax", "collected")
        rows.append(RevenueRow(everyone, *(sum(getattr(row, f) for row in rows) for f in fields)))
    return rows


def _revenue_row(name: str, found: dict) -> RevenueRow:
    return RevenueRow(
        name=name,
        invoices=found.get("invoices", 0),
        credit_notes=found.get("credit_notes", 0),
        invoiced=cents(found.get("invoiced")),
        tax=cents(found.get("tax")),
        collected=cents(found.get("collected")),
    )


# --- Outstanding balances ---------------------------------------------------------------


@dataclass(frozen=True)
class OutstandingRow:
    client: str
    number: str
    kind: str
    issued: date | None  # in the clinic's time; None on the totals' row
    total: Decimal
    paid: Decimal
    balance: Decimal
    age_days: int | None  # from the day issued to today


def outstanding_balances(first: date, last: date) -> list[OutstandingRow]:
    """Every invoice still owed on today (`last`; the report has no range, so `first` is
    today too), oldest first, and the totals: neither a credit note nor credited (void),
    with payments (net of refunds) short of its total. One query."""
    today = last
    owed = (
        Invoice.objects.filter(credit_of=None)
        .with_amounts()
        .exclude(credited_total__lt=0, credited_total=-F("total"))
        .annotate(owed=F("total") - F("paid_total"))
        .filter(owed__gt=0)
        .select_related("client")
        .order_by("issued_at", "pk")
    )
    zone = clinic_zone()
    rows = []
    for invoice in owed:
        issued = timezone.localdate(invoice.issued_at, zone)
        rows.append(
            OutstandingRow(
                client=invoice.client.get_full_name() or invoice.client.email,
                number=invoice.number,
                kind=invoice.get_kind_display(),
                issued=issued,
                total=cents(invoice.total),
                paid=cents(invoice.paid_total),
                balance=cents(invoice.owed),
                age_days=(today - issued).days,
            )
        )
    if rows:
        amounts = {field: sum_rows(rows, field) for field in ("total", "paid", "balance")}
        rows.append(
            OutstandingRow(TOTAL, f"{len(rows)} invoices", "", None, **amounts, age_days=None)
        )
    return rows


# Ages of a debt, in days: (label, first day, last day or None).
AGES = [("0-30 days", 0, 30), ("31-60 days", 31, 60), ("61-90 days", 61, 90), ("Over 90", 91, None)]


def balance_by_age(rows: list[OutstandingRow]) -> list[tuple[str, Decimal]]:
    """The outstanding rows' balances summed per age band."""
    invoices = [row for row in rows if row.age_days is not None]

    def aged(row: OutstandingRow, low: int, high: int | None) -> bool:
        return low <= row.age_days and (high is None or row.age_days <= high)

    return [
        (label, sum_rows([row for row in invoices if aged(row, low, high)], "balance"))
        for label, low, high in AGES
    ]


# --- Fees charged and waived ------------------------------------------------------------


@dataclass(frozen=True)
class FeeRow:
    kind: str
    charged_count: int
    charged: Decimal
    waived_count: int
    waived: Decimal  # credited: what the credit notes took off, as a positive amount
    paid: Decimal  # net of refunds
    outstanding: Decimal  # still owed on the fees not waived


FEES = [InvoiceKind.LATE_CANCELLATION, InvoiceKind.NO_SHOW]
ALL_FEES = "All fees"


def fees(first: date, last: date) -> list[FeeRow]:
    """Per kind of fee (late cancellation, no-show; both always), and for both: the fee
    invoices issued in the range, what they charged, which were waived (credited, whenever)
    and for how much, what was paid on them and what is still owed. One query."""
    start, end = span(first, last)
    waived = Q(credited_total__lt=0)
    sums = {
        found.pop("kind"): found
        for found in Invoice.objects.filter(
            kind__in=FEES, credit_of=None, issued_at__gte=start, issued_at__lt=end
        )
        .with_amounts()
        .values("kind")
        .annotate(
            charged_count=Count("pk"),
            charged=total_of("total"),
            waived_count=Count("pk", filter=waived),
            waived=total_of("credited_total"),
            paid=total_of("paid_total"),
            outstanding=Coalesce(
                Sum(F("total") - F("paid_total"), filter=~waived, output_field=MONEY),
                Value(ZERO),
                output_field=MONEY,
            ),
        )
        .order_by()
    }
    rows = [_fee_row(kind.label, sums.get(kind.value, {})) for kind in FEES]
    counts = ("charged_count", "waived_count")
    rows.append(
        FeeRow(
            ALL_FEES,
            **{field: sum(getattr(row, field) for row in rows) for field in counts},
            **{
                field: sum_rows(rows, field)
                for field in ("charged", "waived", "paid", "outstanding")
            },
        )
    )
    return rows


def _fee_row(label: str, found: dict) -> FeeRow:
    return FeeRow(
        kind=label,
        charged_count=found.get("charged_count", 0),
        charged=cents(found.get("charged")),
        waived_count=found.get("waived_count", 0),
        waived=ZERO - cents(found.get("waived")),  # never "-0.00"
        paid=cents(found.get("paid")),
        outstanding=cents(found.get("outstanding")),
    )
