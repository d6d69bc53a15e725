"""Issuing invoices, taking payments and correcting with credit notes: the rules of money."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from clinic.accounts.access import runs_front_desk
from clinic.accounts.models import User
from clinic.audit.models import AuditEvent
from clinic.audit.services import audit
from clinic.catalogue.money import CENT, line_amounts
from clinic.catalogue.money import money as money  # the clinic's one rounding, kept importable here
from clinic.clock import clinic_zone, spoken
from sessions.models import Appointment, AppointmentStatus

from .messages import plan_receipt
from .models import (
    ZERO,
    Invoice,
    InvoiceCounter,
    InvoiceKind,
    InvoiceLine,
    OnlinePaymentStatus,
    Payment,
    PaymentMethod,
)
from .redemption import (
    PREPAID_METHODS,
    Unredeemable,
    gift_card_refund,
    redeem,
    sale_withdraw,
    usable_gift_card,
)

DESK_ONLY = "Only the front desk and clinic admins take payments."
CHECKED_OUT = {AppointmentStatus.ARRIVED, AppointmentStatus.COMPLETED}
SALES = {InvoiceKind.PACKAGE, InvoiceKind.GIFT_CARD, InvoiceKind.MEMBERSHIP}


class BillingRefused(Exception):
    """A payment or invoice the rules forbid; `field` names the input at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class PaymentIn:
    method: str
    amount: Decimal
    reference: str = ""


def _next_number(year: int) -> str:
    """The year's next number, in the issuing transaction: the counter row stays locked until
    it commits, so concurrent issues wait and no number is skipped or given twice."""
    InvoiceCounter.objects.bulk_create([InvoiceCounter(year=year)], ignore_conflicts=True)
    counter = InvoiceCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{year}-{counter.last:06d}"


def invoice_issue(
    *, client: User, by: User, lines: list[dict], now: datetime, ip: str | None, **fields
) -> Invoice:
    """Issue an invoice of `lines` (description, quantity, unit_price, tax_rate) with its
    number, in the caller's transaction; `fields` are the invoice's own (kind, appointment,
    credit_of, reason). Audited."""
    priced = [
        line | line_amounts(**{k: line[k] for k in ("quantity", "unit_price", "tax_rate")})
        for line in lines
    ]
    tax = sum((line["tax"] for line in priced), ZERO)
    total = sum((line["total"] for line in priced), ZERO)
    invoice = Invoice.objects.create(
        number=_next_number(now.astimezone(clinic_zone()).year),
        client=client,
        currency=settings.CLINIC_CURRENCY,
        subtotal=total - tax,
        tax=tax,
        total=total,
        issued_at=now,
        issued_by=by,
        **fields,
    )
    InvoiceLine.objects.bulk_create(InvoiceLine(invoice=invoice, **line) for line in priced)
    detail = f"{invoice.number}: {invoice.total} {invoice.currency}"
    if invoice.credit_of is not None:
        detail += f", credits {invoice.credit_of.number}: {invoice.reason}"
    audit(actor=by, action=AuditEvent.Action.CREATE, record=invoice, ip=ip, detail=detail)
    return invoice


def _session_line(appointment: Appointment) -> dict:
    service = appointment.service
    return {
        "description": f"{service} with {appointment.therapist}, {spoken(appointment.start)}",
        "quantity": 1,
        "unit_price": service.price,
        "tax_rate": service.tax_rate,
    }


def _session_invoice(appointment: Appointment):
    return Invoice.objects.filter(appointment=appointment, kind=InvoiceKind.SESSION, credit_of=None)


def _refuse_unless_it_took_place(appointment: Appointment, now: datetime) -> None:
    started = appointment.status == AppointmentStatus.BOOKED and appointment.start <= now
    if appointment.status not in CHECKED_OUT and not started:
        raise BillingRefused("appointment", "Only a session that took place is checked out.")


def _check_payments(
    payments: list[PaymentIn], balance: Decimal, *, methods: Collection[str] = ()
) -> None:
    """Refuse what no payment may be; `methods`, when given, are the only ones taken."""
    for payment in payments:
        if payment.method not in PaymentMethod.values:
            raise BillingRefused("payments", f"Unknown payment method: {payment.method}.")
        if methods and payment.method not in methods:
            label = PaymentMethod(payment.method).label
            raise BillingRefused("payments", f"{label} does not pay for this.")
        if payment.amount <= 0:
            raise BillingRefused("payments", "A payment is more than zero.")
        if payment.amount != payment.amount.quantize(CENT):
            raise BillingRefused("payments", "Amounts have at most two decimals.")
    if sum((payment.amount for payment in payments), ZERO) > balance:
        raise BillingRefused("payments", f"The payments are more than the balance, {balance}.")


def _record(
    invoice: Invoice, payments: list[PaymentIn], *, by: User, now: datetime, ip: str | None
) -> list[Payment]:
    recorded = Payment.objects.bulk_create(
        Payment(
            invoice=invoice,
            method=payment.method,
            amount=payment.amount,
            reference=payment.reference,
            recorded_at=now,
            recorded_by=by,
        )
        for payment in payments
    )
    for payment in recorded:
        detail = f"{invoice.number}: {payment.method} {payment.amount}"
        audit(actor=by, action=AuditEvent.Action.CREATE, record=payment, ip=ip, detail=detail)
        if payment.method in PREPAID_METHODS:
            _redeem(payment, invoice, by=by, now=now, ip=ip)
    return recorded


def _redeem(payment: Payment, invoice: Invoice, *, by: User, now: datetime, ip: str | None):
    try:
        redeem(payment=payment, invoice=invoice, by=by, now=now, ip=ip)
    except Unredeemable as refusal:
        raise BillingRefused("payments", str(refusal)) from refusal


def appointment_checkout(
    *,
    appointment: Appointment,
    by: User,
    payments: list[PaymentIn],
    now: datetime | None = None,
    ip: str | None = None,
) -> tuple[Invoice, bool]:
    """Check a client out: the session's invoice, issued the first time (and the session
    marked completed), then the payments taken. Returns the invoice and whether it is new."""
    if not runs_front_desk(by):
        raise BillingRefused("payments", DESK_ONLY)
    now = now or timezone.now()
    with transaction.atomic():
        appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
        # Locked too: a payment or refund taken from the invoice's page waits for this one.
        invoice = _session_invoice(appointment).select_for_update().first()
        created = invoice is None
        if created:
            _refuse_unless_it_took_place(appointment, now)
            invoice = invoice_issue(
                client=appointment.client,
                by=by,
                lines=[_session_line(appointment)],
                now=now,
                ip=ip,
                appointment=appointment,
            )
            if appointment.status != AppointmentStatus.COMPLETED:
                appointment.status = AppointmentStatus.COMPLETED
                appointment.save(update_fields=["status"])
        _apply_online_payments(invoice, appointment, by=by, now=now, ip=ip)
        _check_payments(payments, invoice.balance)
        recorded = _record(invoice, payments, by=by, now=now, ip=ip)
        if recorded:
            plan_receipt(invoice, payment=recorded[-1], now=now)
    return invoice, created


def _apply_online_payments(
    invoice: Invoice, appointment: Appointment, *, by: User, now: datetime, ip: str | None
) -> None:
    """What the client paid online for the session becomes a card payment on its invoice,
    once; one that no longer fits the balance is left unapplied, to be refunded."""
    balance = invoice.balance
    paid_online = appointment.online_payments.select_for_update().filter(
        status=OnlinePaymentStatus.PAID, applied_as=None
    )
    for online in paid_online:
        if online.amount > balance:
            continue
        payment = Payment.objects.create(
            invoice=invoice,
            method=PaymentMethod.CARD,
            amount=online.amount,
            reference=f"{online.processor} {online.payment_intent}",
            recorded_at=now,
            recorded_by=by,
        )
        online.applied_as = payment
        online.save(update_fields=["applied_as"])
        balance -= online.amount
        detail = f"{invoice.number}: paid online, {payment.reference} {payment.amount}"
        audit(actor=by, action=AuditEvent.Action.CREATE, record=payment, ip=ip, detail=detail)


def invoice_credit(
    *,
    invoice: Invoice,
    by: User,
    reason: str,
    now: datetime | None = None,
    ip: str | None = None,
) -> Invoice:
    """Correct an issued invoice with a credit note of its whole amount: the original is
    then void, and stays as it was. The desk's and admins' to do."""
    if not runs_front_desk(by):
        raise BillingRefused("reason", "Only the front desk and clinic admins issue credit notes.")
    return credit_note_issue(invoice=invoice, by=by, reason=reason, now=now, ip=ip)


def credit_note_issue(
    *,
    invoice: Invoice,
    by: User,
    reason: str,
    now: datetime | None = None,
    ip: str | None = None,
) -> Invoice:
    """The credit note of an invoice's whole amount, by whoever's action calls for it: the
    desk crediting, or the rules themselves (a no-show fee when the no-show is undone)."""
    if not reason.strip():
        raise BillingRefused("reason", "Say why the invoice is credited.")
    now = now or timezone.now()
    with transaction.atomic():
        original = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if original.credit_of_id is not None:
            raise BillingRefused("reason", "A credit note is not credited again.")
        if original.credit_notes.exists():
            raise BillingRefused("reason", "This invoice is already credited.")
        if original.kind in SALES:
            try:
                sale_withdraw(original)
            except Unredeemable as refusal:
                raise BillingRefused("reason", str(refusal)) from refusal
        lines = [
            {
                "description": f"Credit: {line.description}",
                "quantity": -line.quantity,
                "unit_price": line.unit_price,
                "tax_rate": line.tax_rate,
            }
            for line in original.lines.all()
        ]
        return invoice_issue(
            client=original.client,
            by=by,
            lines=lines,
            now=now,
            ip=ip,
            kind=original.kind,
            credit_of=original,
            reason=reason.strip(),
        )


# The desk's pages: what a checkout would issue, a review before confirming, payments taken
# on an invoice's own page, and refunds.

# Refunds go back as money; a gift card's or a package's balance is put back by its own rules.
# Money goes back as it came: cash as cash, a card payment to the card, a gift card's draw to
# that gift card. Package and membership credit are not given back (credit the invoice).
REFUNDED_AS = (
    PaymentMethod.CASH,
    PaymentMethod.CARD,
    PaymentMethod.E_TRANSFER,
    PaymentMethod.GIFT_CARD,
)
AS_MONEY_ONLY = (
    "Refunds are paid back in cash, by card, by e-transfer or to the gift card that paid."
)


def desk_payment_methods() -> list[tuple[str, str]]:
    """The methods the desk may take now, as (value, label): what its forms offer."""
    return list(PaymentMethod.choices)


def refund_methods() -> list[tuple[str, str]]:
    return [(method.value, method.label) for method in REFUNDED_AS]


@dataclass(frozen=True)
class CheckoutPreview:
    """A session's invoice as checking out shows it: the issued one, or the one it would
    issue (`invoice` None), priced as issuing prices it."""

    invoice: Invoice | None
    lines: list[dict]
    subtotal: Decimal
    tax: Decimal
    total: Decimal
    paid: Decimal
    balance: Decimal


def checkout_preview(*, appointment: Appointment, now: datetime | None = None) -> CheckoutPreview:
    """Refused (BillingRefused) for a session without an invoice that did not take place."""
    invoice = _session_invoice(appointment).with_amounts().prefetch_related("lines").first()
    if invoice is not None:
        lines = [
            {name: getattr(line, name) for name in ("description", "quantity", "unit_price")}
            | {"tax": line.tax, "total": line.total}
            for line in invoice.lines.all()
        ]
        amounts = (invoice.subtotal, invoice.tax, invoice.total, invoice.paid, invoice.balance)
        return CheckoutPreview(invoice, lines, *amounts)
    _refuse_unless_it_took_place(appointment, now or timezone.now())
    line = _session_line(appointment)
    line |= line_amounts(quantity=1, unit_price=line["unit_price"], tax_rate=line["tax_rate"])
    total, tax = line["total"], line["tax"]
    return CheckoutPreview(None, [line], total - tax, tax, total, ZERO, total)


def payments_check(*, payments: list[PaymentIn], balance: Decimal) -> None:
    """Refuse, as taking them would, payments that are not allowed against `balance`: a
    review before anything is taken, so gift cards are read, not drawn on."""
    _check_payments(payments, balance)
    today = timezone.localdate()
    for payment in payments:
        if payment.method == PaymentMethod.GIFT_CARD:
            try:
                usable_gift_card(payment.reference, payment.amount, today=today)
            except Unredeemable as refusal:
                raise BillingRefused("payments", str(refusal)) from refusal


def invoice_pay(
    *,
    invoice: Invoice,
    by: User,
    payments: list[PaymentIn],
    now: datetime | None = None,
    ip: str | None = None,
) -> Invoice:
    """Take payments for an issued invoice (a fee's, or a session's after its checkout), never
    more than its balance. Audited."""
    if not runs_front_desk(by):
        raise BillingRefused("payments", DESK_ONLY)
    if not payments:
        raise BillingRefused("payments", "Enter at least one payment.")
    now = now or timezone.now()
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if invoice.credit_of_id is not None:
            raise BillingRefused("payments", "A credit note takes no payments.")
        _check_payments(payments, invoice.balance)
        _record(invoice, payments, by=by, now=now, ip=ip)
    return invoice


def _check_refund(*, amount: Decimal, method: str, reason: str) -> None:
    if not reason.strip():
        raise BillingRefused("reason", "Say why the money is paid back.")
    if method not in REFUNDED_AS:
        raise BillingRefused("method", AS_MONEY_ONLY)
    if amount <= 0:
        raise BillingRefused("amount", "A refund is more than zero.")
    if amount != amount.quantize(CENT):
        raise BillingRefused("amount", "Amounts have at most two decimals.")


def refundable_by(invoice: Invoice, method: str) -> Decimal:
    """What was paid for the invoice by `method`, less what was refunded by it already."""
    return money(invoice.payments.filter(method=method).aggregate(sum=Sum("amount"))["sum"] or ZERO)


def refund_check(*, invoice: Invoice, amount: Decimal, method: str, reason: str) -> None:
    """Refuse a refund the rules forbid: one without a reason, not paid back as money, or
    more than was paid by that method."""
    _check_refund(amount=amount, method=method, reason=reason)
    refundable = refundable_by(invoice, method)
    if amount > refundable:
        label = PaymentMethod(method).label.lower()
        raise BillingRefused("amount", f"At most {refundable} was paid by {label}.")


def payment_refund(
    *,
    invoice: Invoice,
    by: User,
    amount: Decimal,
    method: str,
    reason: str,
    now: datetime | None = None,
    ip: str | None = None,
) -> Payment:
    """Pay money back: a negative payment with its reason, never more than was paid by that
    method (cash taken is given back as cash, a card payment to the card), so the day's
    close by method stays true. The invoice's status follows its payments. Audited."""
    if not runs_front_desk(by):
        raise BillingRefused("amount", "Only the front desk and clinic admins refund.")
    now = now or timezone.now()
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        refund_check(invoice=invoice, amount=amount, method=method, reason=reason)
        refund = Payment.objects.create(
            invoice=invoice,
            method=method,
            amount=-amount,
            reason=reason.strip(),
            recorded_at=now,
            recorded_by=by,
        )
        detail = f"{invoice.number}: refund {method} {amount}: {refund.reason}"
        audit(actor=by, action=AuditEvent.Action.CREATE, record=refund, ip=ip, detail=detail)
        if method == PaymentMethod.GIFT_CARD:
            try:
                gift_card_refund(refund, invoice)
            except Unredeemable as refusal:
                raise BillingRefused("amount", str(refusal)) from refusal
    return refund
