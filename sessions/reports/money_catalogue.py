"""The money reports: daily close, revenue, outstanding balances, fees, prepaid sales and
the prepaid value not used yet.

Admins open them all; the front desk, who takes the payments, opens the daily close.
"""

from django.conf import settings
from django.utils.safestring import SafeString

from clinic.accounts.access import runs_front_desk

from . import money, prepaid
from .charts import Series, bar_chart_svg
from .report import Report


def _unit() -> str:
    return settings.CLINIC_CURRENCY


def _daily_close_chart(rows: list[money.DailyCloseRow]) -> SafeString:
    days = rows[:-1]
    return bar_chart_svg(
        title="Payments taken and refunded per day",
        categories=[str(row.day) for row in days],
        series=[
            Series("Taken", [float(row.total - row.refunds) for row in days]),
            Series("Refunded", [float(-row.refunds) for row in days]),
        ],
        unit=_unit(),
    )


def _revenue_chart(title: str):
    def chart(rows: list[money.RevenueRow]) -> SafeString:
        shown = [row for row in rows[:-1] if row.invoiced > 0 or row.collected > 0]
        return bar_chart_svg(
            title=title,
            categories=[row.name for row in shown],
            series=[
                Series("Invoiced", [float(max(row.invoiced, 0)) for row in shown]),
                Series("Collected", [float(max(row.collected, 0)) for row in shown]),
            ],
            unit=_unit(),
        )

    return chart


def _outstanding_chart(rows: list[money.OutstandingRow]) -> SafeString:
    ages = money.balance_by_age(rows) if rows else []
    return bar_chart_svg(
        title="Balances owed, by the age of the invoice",
        categories=[label for label, _ in ages],
        series=[Series("Balance", [float(balance) for _, balance in ages])],
        unit=_unit(),
    )


def _fees_chart(rows: list[money.FeeRow]) -> SafeString:
    kinds = rows[:-1] if rows[-1].charged_count else []
    return bar_chart_svg(
        title="Fees charged, waived, paid and outstanding",
        categories=[row.kind for row in kinds],
        series=[
            Series("Charged", [float(row.charged) for row in kinds]),
            Series("Waived", [float(row.waived) for row in kinds]),
            Series("Paid", [float(max(row.paid, 0)) for row in kinds]),
            Series("Outstanding", [float(row.outstanding) for row in kinds]),
        ],
        unit=_unit(),
    )


def _prepaid_chart(rows: list[prepaid.PrepaidSalesRow]) -> SafeString:
    months = rows[:-1] if rows[-1].sold else []
    return bar_chart_svg(
        title="Packages, memberships and gift cards sold per month",
        categories=[row.month for row in months],
        series=[
            Series("Packages", [float(row.packages) for row in months]),
            Series("Memberships", [float(row.memberships) for row in months]),
            Series("Gift cards", [float(row.gift_cards) for row in months]),
        ],
        unit=_unit(),
    )


def _liabilities_chart(rows: list[prepaid.LiabilityRow]) -> SafeString:
    kinds = rows[:-1] if rows[-1].held or rows[-1].expired else []
    return bar_chart_svg(
        title="Prepaid value not used, by kind",
        categories=[row.kind for row in kinds],
        series=[
            Series("Unused", [float(row.unused) for row in kinds]),
            Series("Expired unused", [float(row.expired_unused) for row in kinds]),
        ],
        unit=_unit(),
    )


REVENUE_COLUMNS = (
    ("Invoices", "invoices"),
    ("Credit notes", "credit_notes"),
    ("Invoiced ({currency})", "invoiced"),
    ("Tax ({currency})", "tax"),
    ("Collected ({currency})", "collected"),
)
REVENUE_ABOUT = (
    "Session invoices issued in the range, net of the credit notes issued in it (tax "
    "included), of which tax; and the payments recorded in the range, net of refunds."
)

MONEY_REPORTS = (
    Report(
        slug="daily-close",
        title="Daily close",
        about="Payments recorded on each day, by method, each net of its refunds; the refunds "
        "(negative payments) alone, already counted in their methods; and the day's total.",
        rows=money.daily_close,
        columns=(
            ("Day", "day"),
            ("Cash ({currency})", "cash"),
            ("Card ({currency})", "card"),
            ("E-transfer ({currency})", "e_transfer"),
            ("Gift card ({currency})", "gift_card"),
            ("Package credit ({currency})", "package"),
            ("Refunds ({currency})", "refunds"),
            ("Total ({currency})", "total"),
        ),
        chart=_daily_close_chart,
        default_range=(-6, 0),
        admits=runs_front_desk,
    ),
    Report(
        slug="revenue-therapists",
        title="Revenue per therapist",
        about=REVENUE_ABOUT,
        rows=money.revenue_per_therapist,
        columns=(("Therapist", "name"), *REVENUE_COLUMNS),
        chart=_revenue_chart("Invoiced and collected per therapist"),
        default_range=(-27, 0),
    ),
    Report(
        slug="revenue-services",
        title="Revenue per service",
        about=REVENUE_ABOUT,
        rows=money.revenue_per_service,
        columns=(("Service", "name"), *REVENUE_COLUMNS),
        chart=_revenue_chart("Invoiced and collected per service"),
        default_range=(-27, 0),
    ),
    Report(
        slug="outstanding",
        title="Outstanding balances",
        about="Every invoice with a balance still owed today, oldest first: neither credited "
        "nor paid in full (payments net of refunds). Its age counts the days since it was "
        "issued.",
        rows=money.outstanding_balances,
        columns=(
            ("Client", "client"),
            ("Number", "number"),
            ("For", "kind"),
            ("Issued", "issued"),
            ("Total ({currency})", "total"),
            ("Paid ({currency})", "paid"),
            ("Balance ({currency})", "balance"),
            ("Age (days)", "age_days"),
        ),
        chart=_outstanding_chart,
        default_range=(0, 0),
        ranged=False,
    ),
    Report(
        slug="fees",
        title="Fees charged and waived",
        about="Late-cancellation and no-show fees invoiced in the range: what they charged, "
        "which were waived (credited) and for how much, what was paid on them (net of "
        "refunds), and what is still owed on those not waived.",
        rows=money.fees,
        columns=(
            ("Fee", "kind"),
            ("Charged", "charged_count"),
            ("Charged ({currency})", "charged"),
            ("Waived", "waived_count"),
            ("Waived ({currency})", "waived"),
            ("Paid ({currency})", "paid"),
            ("Outstanding ({currency})", "outstanding"),
        ),
        chart=_fees_chart,
        default_range=(-27, 0),
    ),
    Report(
        slug="prepaid-sales",
        title="Packages, memberships and gift cards sold",
        about="Per month: the value of packages, memberships and gift cards sold (tax "
        "included), the credit notes that took sales back, and the net. What clients have "
        "not used yet, the clinic's liability, is not shown here: see the prepaid value "
        "not used.",
        rows=prepaid.prepaid_sales,
        columns=(
            ("Month", "month"),
            ("Sold", "sold"),
            ("Packages ({currency})", "packages"),
            ("Memberships ({currency})", "memberships"),
            ("Gift cards ({currency})", "gift_cards"),
            ("Credited ({currency})", "credited"),
            ("Net ({currency})", "net"),
        ),
        chart=_prepaid_chart,
        default_range=(-364, 0),
    ),
    Report(
        slug="prepaid-liabilities",
        title="Prepaid value not used",
        about="What the clinic owes in prepaid value at the end of the range's last day: "
        "the packages, gift cards and membership months sold by then with value left, "
        "counted and summed per kind. A package counts its sessions left at what its client "
        "paid per session (its own invoice's total, tax included, over its own sessions; "
        "not its product's current price); a gift card its balance; a membership month its "
        "credit left. What had expired by that day with value left is shown apart, as "
        "expired unused. A sale taken back by a credit note has nothing left, so it counts "
        "nothing, on any day.",
        rows=prepaid.prepaid_liabilities,
        columns=(
            ("Kind", "kind"),
            ("Held", "held"),
            ("Unused ({currency})", "unused"),
            ("Expired", "expired"),
            ("Expired unused ({currency})", "expired_unused"),
        ),
        chart=_liabilities_chart,
        default_range=(0, 0),
    ),
)
