"""Issuing invoices, taking payments and correcting with credit notes: the rules of money."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from clinic.accounts.access import runs_front_desk
from clinic.accounts.models import User
from clinic.audit.models import AuditEvent
from clinic.audit.services import audit
from clinic.catalogue.money import CENT, line_amounts
from clinic.catalogue.money import money as money  # the clinic's one rounding, kept importable here
from clinic.clock import clinic_zone
from sessions.models import Appointment, AppointmentStatus

from .models import (
    ZERO,
    Invoice,
    InvoiceCounter,
    InvoiceKind,
    InvoiceLine,
    Payment,
    PaymentMethod,
)

DESK_ONLY = "Only the front desk and clinic admins take payments."
# Sold and redeemed once packages and gift cards exist: until then, no balance to draw on.
NOT_YET = {PaymentMethod.GIFT_CARD, PaymentMethod.PACKAGE}
CHECKED_OUT = {AppointmentStatus.ARRIVED, AppointmentStatus.COMPLETED}


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
    when = appointment.start.astimezone(clinic_zone())
    return {
        "description": f"{service} with {appointment.therapist}, {when:%Y-%m-%d %H:%M}",
        "quantity": 1,
        "unit_price": service.price,
        "tax_rate": service.tax_rate,
    }


def _check_payments(payments: list[PaymentIn], balance: Decimal) -> None:
    for payment in payments:
        if payment.method not in PaymentMethod.values:
            raise BillingRefused("payments", f"Unknown payment method: {payment.method}.")
        if payment.method in NOT_YET:
            raise BillingRefused("payments", "Gift cards and packages aren't sold here yet.")
        if payment.amount <= 0:
            raise BillingRefused("payments", "A payment is more than zero.")
        if payment.amount != payment.amount.quantize(CENT):
            raise BillingRefused("payments", "Amounts have at most two decimals.")
    if sum((payment.amount for payment in payments), ZERO) > balance:
        raise BillingRefused("payments", f"The payments are more than the balance, {balance}.")


def _record(
    invoice: Invoice, payments: list[PaymentIn], *, by: User, now: datetime, ip: str | None
) -> None:
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
        started = appointment.status == AppointmentStatus.BOOKED and appointment.start <= now
        if appointment.status not in CHECKED_OUT and not started:
            raise BillingRefused("appointment", "Only a session that took place is checked out.")
        invoice = Invoice.objects.filter(
            appointment=appointment, kind=InvoiceKind.SESSION, credit_of=None
        ).first()
        created = invoice is None
        if created:
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
        _check_payments(payments, invoice.balance)
        _record(invoice, payments, by=by, now=now, ip=ip)
    return invoice, created


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
