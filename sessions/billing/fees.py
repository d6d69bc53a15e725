"""Fees by the booking policy: a late cancellation or move, and a no-show. Booking decides
what is late or missed (and sends its signals, see receivers.py); this module issues the fee,
credits a no-show's fee when the no-show is undone, and lets the desk waive a fee."""

from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from clinic.accounts.models import User
from clinic.audit.models import AuditEvent
from clinic.audit.services import audit
from clinic.clock import spoken
from sessions.models import Appointment
from sessions.rules import BookingRules

from .models import FEE_KINDS, ZERO, Invoice, InvoiceKind
from .services import BillingRefused, credit_note_issue, invoice_credit, invoice_issue

NOT_A_FEE = "Only a late-cancellation or no-show fee is waived."
NO_SHOW_UNDONE = "The no-show was undone: the session is marked completed."


def _fee_issue(
    *,
    appointment: Appointment,
    kind: str,
    unit_price: Decimal,
    what: str,
    on: datetime,
    by: User,
    now: datetime,
) -> Invoice | None:
    """The fee's invoice, in the caller's transaction: none when the fee is nothing (off, or
    a free service) or the session already has one of its kind."""
    if unit_price <= ZERO:
        return None
    if Invoice.objects.filter(appointment=appointment, kind=kind, credit_of=None).exists():
        return None
    service = appointment.service
    line = {
        "description": f"{what}: {service} on {spoken(on)}",
        "quantity": 1,
        "unit_price": unit_price,
        "tax_rate": Decimal(service.tax_rate),
    }
    return invoice_issue(
        client=appointment.client,
        by=by,
        lines=[line],
        now=now,
        ip=None,
        kind=kind,
        appointment=appointment,
    )


def late_change_fee_charge(
    *,
    appointment: Appointment,
    by: User,
    now: datetime,
    moved_from: datetime | None = None,
) -> Invoice | None:
    """The fee for cancelling late, or for moving late a session that was at `moved_from`.
    One per session: a late move then a late cancel is charged once."""
    return _fee_issue(
        appointment=appointment,
        kind=InvoiceKind.LATE_CANCELLATION,
        unit_price=BookingRules.current().late_change_fee(appointment.service),
        what="Late reschedule" if moved_from else "Late cancellation",
        on=moved_from or appointment.start,
        by=by,
        now=now,
    )


def no_show_fee_charge(*, appointment: Appointment, by: User, now: datetime) -> Invoice | None:
    return _fee_issue(
        appointment=appointment,
        kind=InvoiceKind.NO_SHOW,
        unit_price=BookingRules.current().no_show_fee(appointment.service),
        what="No-show",
        on=appointment.start,
        by=by,
        now=now,
    )


def no_show_fee_credit(*, appointment: Appointment, by: User, now: datetime) -> Invoice | None:
    """The no-show fee credited when the no-show is undone (once: a fee is credited once)."""
    fee = Invoice.objects.filter(
        appointment=appointment, kind=InvoiceKind.NO_SHOW, credit_of=None
    ).first()
    if fee is None or fee.credit_notes.exists():
        return None
    return credit_note_issue(invoice=fee, by=by, reason=NO_SHOW_UNDONE, now=now)


def fee_waive(
    *,
    invoice: Invoice,
    by: User,
    reason: str,
    now: datetime | None = None,
    ip: str | None = None,
) -> Invoice:
    """The desk or an admin lets a client off a fee: a credit note of it, and an audit event
    naming the waiver. A fee with money paid on it is refunded, not waived."""
    if invoice.kind not in FEE_KINDS or invoice.credit_of_id is not None:
        raise BillingRefused("invoice", NOT_A_FEE)
    now = now or timezone.now()
    with transaction.atomic():
        fee = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if fee.paid > ZERO:
            raise BillingRefused("invoice", "This fee has been paid: refund it, not waive it.")
        credit = invoice_credit(invoice=fee, by=by, reason=reason, now=now, ip=ip)
        detail = (
            f"Waived {fee.number} ({fee.get_kind_display()}) by credit note {credit.number}: "
            f"{credit.reason}"
        )
        audit(actor=by, action=AuditEvent.Action.CHANGE, record=fee, ip=ip, detail=detail)
    return credit
