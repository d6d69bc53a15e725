"""Selling at the desk: a package, a gift card, a membership's months. Each sale issues an
invoice of its kind (no appointment) and takes its payments as a checkout does."""

import calendar
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from clinic.accounts.access import runs_front_desk
from clinic.accounts.models import Role, User
from clinic.audit.models import AuditEvent
from clinic.audit.services import audit
from clinic.clock import clinic_zone, spoken

from .models import Invoice, InvoiceKind, PaymentMethod
from .prepaid import (
    ClientPackage,
    GiftCard,
    Membership,
    MembershipPeriod,
    MembershipPlan,
    PackageProduct,
)
from .redemption import gift_card_code_new
from .services import BillingRefused, PaymentIn, _check_payments, _record, invoice_issue

DESK_SELLS = "Only the front desk and clinic admins sell."
TAKEN_FOR_GIFT_CARDS = (PaymentMethod.CASH, PaymentMethod.CARD, PaymentMethod.E_TRANSFER)
TAKEN_FOR_PREPAID = (*TAKEN_FOR_GIFT_CARDS, PaymentMethod.GIFT_CARD)
GIFT_CARD_MIN, GIFT_CARD_MAX = Decimal("5.00"), Decimal("5000.00")


def _sale(
    *,
    kind: str,
    client: User,
    by: User,
    line: dict,
    payments: list[PaymentIn],
    methods: tuple,
    now: datetime,
    ip: str | None,
) -> Invoice:
    """The sale's invoice, issued and paid, in the caller's transaction."""
    if not runs_front_desk(by):
        raise BillingRefused("payments", DESK_SELLS)
    if client.role != Role.CLIENT or not client.is_active:
        raise BillingRefused("client", "Sales are made to a client with an open account.")
    invoice = invoice_issue(client=client, by=by, lines=[line], now=now, ip=ip, kind=kind)
    _check_payments(payments, invoice.total, methods=methods)
    _record(invoice, payments, by=by, now=now, ip=ip)
    return invoice


def _today(now: datetime) -> date:
    return now.astimezone(clinic_zone()).date()


def _a_month_after(day: date) -> date:
    """The same day of the next month, or that month's last day if it is shorter."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    last_day = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last_day))


def _audit_sale(by: User, record, ip: str | None, detail: str) -> None:
    audit(actor=by, action=AuditEvent.Action.CREATE, record=record, ip=ip, detail=detail)


def package_sell(
    *,
    client: User,
    product: PackageProduct,
    by: User,
    payments: list[PaymentIn],
    now: datetime | None = None,
    ip: str | None = None,
) -> ClientPackage:
    """Sell `product` to `client`: its sessions, usable for its valid days from today."""
    now = now or timezone.now()
    if not product.active:
        raise BillingRefused("product", "This package is no longer sold.")
    line = {
        "description": f"{product.name}: {product.sessions} x {product.service}",
        "quantity": 1,
        "unit_price": product.price,
        "tax_rate": product.tax_rate,
    }
    with transaction.atomic():
        invoice = _sale(
            kind=InvoiceKind.PACKAGE,
            client=client,
            by=by,
            line=line,
            payments=payments,
            methods=TAKEN_FOR_PREPAID,
            now=now,
            ip=ip,
        )
        package = ClientPackage.objects.create(
            client=client,
            product=product,
            invoice=invoice,
            sessions_left=product.sessions,
            expires_on=_today(now) + timedelta(days=product.valid_days),
        )
        _audit_sale(by, package, ip, f"sold {product.name} on {invoice.number}")
    return package


def gift_card_sell(
    *,
    buyer: User,
    amount: Decimal,
    by: User,
    payments: list[PaymentIn],
    recipient: User | None = None,
    now: datetime | None = None,
    ip: str | None = None,
) -> GiftCard:
    """Sell a gift card of `amount` (untaxed: the tax is paid on what it buys), usable for
    GIFT_CARD_VALID_DAYS, with a new code."""
    now = now or timezone.now()
    if not GIFT_CARD_MIN <= amount <= GIFT_CARD_MAX or amount != amount.quantize(Decimal("0.01")):
        raise BillingRefused("amount", f"A gift card is from {GIFT_CARD_MIN} to {GIFT_CARD_MAX}.")
    line = {"description": "Gift card", "quantity": 1, "unit_price": amount, "tax_rate": 0}
    with transaction.atomic():
        invoice = _sale(
            kind=InvoiceKind.GIFT_CARD,
            client=buyer,
            by=by,
            line=line,
            payments=payments,
            methods=TAKEN_FOR_GIFT_CARDS,
            now=now,
            ip=ip,
        )
        card = GiftCard.objects.create(
            code=gift_card_code_new(),
            amount=amount,
            balance=amount,
            expires_on=_today(now) + timedelta(days=settings.GIFT_CARD_VALID_DAYS),
            buyer=buyer,
            recipient=recipient,
            invoice=invoice,
        )
        _audit_sale(by, card, ip, f"sold gift card {card.code} of {amount} on {invoice.number}")
    return card


def _month(membership: Membership, starts_on: date, *, by, payments, now, ip) -> MembershipPeriod:
    plan = membership.plan
    ends_on = _a_month_after(starts_on) - timedelta(days=1)
    line = {
        "description": f"{plan.name}: {spoken(starts_on)} to {spoken(ends_on)}",
        "quantity": 1,
        "unit_price": plan.price,
        "tax_rate": plan.tax_rate,
    }
    invoice = _sale(
        kind=InvoiceKind.MEMBERSHIP,
        client=membership.client,
        by=by,
        line=line,
        payments=payments,
        methods=TAKEN_FOR_PREPAID,
        now=now,
        ip=ip,
    )
    period = MembershipPeriod.objects.create(
        membership=membership,
        invoice=invoice,
        starts_on=starts_on,
        ends_on=ends_on,
        credit=plan.monthly_credit,
        credit_left=plan.monthly_credit,
    )
    _audit_sale(by, period, ip, f"{plan.name} from {spoken(starts_on)} on {invoice.number}")
    return period


def membership_start(
    *,
    client: User,
    plan: MembershipPlan,
    by: User,
    payments: list[PaymentIn],
    now: datetime | None = None,
    ip: str | None = None,
) -> Membership:
    """Start a membership today, its first month charged and its credit given."""
    now = now or timezone.now()
    if not plan.active:
        raise BillingRefused("plan", "This membership is no longer sold.")
    with transaction.atomic():
        membership = Membership.objects.create(client=client, plan=plan, started_on=_today(now))
        _month(membership, membership.started_on, by=by, payments=payments, now=now, ip=ip)
    return membership


def membership_renew(
    *,
    membership: Membership,
    by: User,
    payments: list[PaymentIn],
    now: datetime | None = None,
    ip: str | None = None,
) -> MembershipPeriod:
    """Charge the month after the last one (or from today, if the last is over) and give
    its credit; what was left of earlier months is not carried over."""
    now = now or timezone.now()
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.ended_on is not None:
            raise BillingRefused("membership", "This membership has ended.")
        last = membership.periods.order_by("-starts_on").first()
        starts_on = max(last.ends_on + timedelta(days=1), _today(now))
        if starts_on > _a_month_after(_today(now)):
            raise BillingRefused("membership", "The next month is already charged.")
        return _month(membership, starts_on, by=by, payments=payments, now=now, ip=ip)


def membership_end(
    *, membership: Membership, by: User, now: datetime | None = None, ip: str | None = None
) -> Membership:
    """End a membership: no month is charged after; the month already paid keeps its
    credit to its last day."""
    if not runs_front_desk(by):
        raise BillingRefused("membership", "Only the front desk and clinic admins end these.")
    now = now or timezone.now()
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.ended_on is not None:
            raise BillingRefused("membership", "This membership has already ended.")
        membership.ended_on = _today(now)
        membership.save(update_fields=["ended_on"])
        audit(
            actor=by,
            action=AuditEvent.Action.CHANGE,
            record=membership,
            ip=ip,
            detail=f"ended {membership.plan} on {spoken(membership.ended_on)}",
        )
    return membership
