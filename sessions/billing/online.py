"""Paying for a booked session online: the amount asked, the checkout made for it, and the
webhook that alone says it was paid."""

import logging
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from clinic.accounts.models import User
from clinic.audit.models import AuditEvent
from clinic.audit.services import audit
from sessions.models import Appointment, AppointmentStatus

from .models import OnlinePayment, OnlinePaymentStatus
from .processors import Processor, ProcessorError, WebhookEvent
from .services import BillingRefused, line_amounts, money

logger = logging.getLogger(__name__)

PAID_EVENT = "checkout.session.completed"
EXPIRED_EVENT = "checkout.session.expired"


def online_amount(appointment: Appointment) -> Decimal:
    """What a client pays online: the session's price with its tax, or the deposit's share
    of it."""
    service = appointment.service
    total = line_amounts(quantity=1, unit_price=service.price, tax_rate=service.tax_rate)["total"]
    if settings.ONLINE_PAYMENT == "full":
        return total
    return money(total * settings.ONLINE_DEPOSIT_PERCENT / 100)


def is_deposit() -> bool:
    return settings.ONLINE_PAYMENT != "full"


def _check_payable(appointment: Appointment, *, by: User, now: datetime) -> None:
    if appointment.client_id != by.pk:
        raise BillingRefused("appointment", "Only the client pays for their session online.")
    if appointment.status != AppointmentStatus.BOOKED or appointment.start <= now:
        raise BillingRefused("appointment", "Only a booked session still to come is paid online.")
    if appointment.online_payments.filter(status=OnlinePaymentStatus.PAID).exists():
        raise BillingRefused("appointment", "This session is already paid online.")


def _open_checkout(appointment: Appointment, *, now: datetime) -> OnlinePayment | None:
    """A checkout made earlier for the session and still open, so a second click doesn't
    open a second one (and risk a second charge)."""
    return (
        appointment.online_payments.filter(
            status=OnlinePaymentStatus.PENDING,
            expires_at__gt=now,
            amount=online_amount(appointment),
        )
        .exclude(checkout_url="")
        .first()
    )


def online_payment_start(
    *,
    appointment: Appointment,
    by: User,
    processor: Processor,
    success_url,
    cancel_url,
    now: datetime | None = None,
) -> OnlinePayment:
    """A pending online payment for the client's booked session and the processor's checkout
    page for it (`checkout_url`). `success_url` and `cancel_url` take the payment and give
    the addresses the client returns to. Nothing is paid until the webhook says so."""
    now = now or timezone.now()
    with transaction.atomic():
        appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
        _check_payable(appointment, by=by, now=now)
        reused = _open_checkout(appointment, now=now)
        if reused is not None:
            return reused
        payment = OnlinePayment.objects.create(
            appointment=appointment,
            client=by,
            amount=online_amount(appointment),
            currency=settings.CLINIC_CURRENCY,
            processor=processor.name,
            created_at=now,
        )
    # The processor is asked outside the transaction: no row stays locked on the network.
    try:
        checkout = processor.create_checkout(payment, success_url(payment), cancel_url(payment))
    except ProcessorError as error:
        payment.status = OnlinePaymentStatus.FAILED
        payment.save(update_fields=["status"])
        logger.warning("Online payment %s: checkout refused: %s", payment.pk, error)
        raise BillingRefused(
            "appointment", "The payment service can't be reached. Please try again later."
        ) from error
    payment.checkout_id = checkout.id
    payment.checkout_url = checkout.url
    payment.expires_at = checkout.expires_at
    payment.save(update_fields=["checkout_id", "checkout_url", "expires_at"])
    detail = f"{payment.amount} {payment.currency} asked online, {processor.name} {checkout.id}"
    audit(actor=by, action=AuditEvent.Action.CREATE, record=payment, ip=None, detail=detail)
    return payment


def online_payment_webhook(*, event: WebhookEvent, now: datetime | None = None) -> None:
    """Act on a verified webhook: a completed, paid checkout marks its payment paid (once,
    however often the event comes), an expired one expires it; any other event, and a
    checkout not made here, change nothing."""
    now = now or timezone.now()
    if event.type == PAID_EVENT and event.payment_status == "paid":
        _confirm(event, now=now)
    elif event.type == EXPIRED_EVENT:
        OnlinePayment.objects.filter(
            checkout_id=event.checkout_id, status=OnlinePaymentStatus.PENDING
        ).update(status=OnlinePaymentStatus.EXPIRED)


def _confirm(event: WebhookEvent, *, now: datetime) -> None:
    with transaction.atomic():
        payment = (
            OnlinePayment.objects.select_for_update()
            .filter(checkout_id=event.checkout_id)
            .exclude(status=OnlinePaymentStatus.PAID)
            .first()
        )
        if payment is None:  # paid already (a repeated event), or not ours
            return
        payment.payment_intent = event.payment_intent or ""
        if (event.amount, event.currency) != (payment.amount, payment.currency):
            _refuse_mismatch(payment, event)
            return
        payment.status = OnlinePaymentStatus.PAID
        payment.paid_at = now
        payment.save(update_fields=["status", "paid_at", "payment_intent"])
        detail = f"{payment.amount} {payment.currency} paid online, {payment.payment_intent}"
        audit(actor=None, action=AuditEvent.Action.CHANGE, record=payment, ip=None, detail=detail)


def _refuse_mismatch(payment: OnlinePayment, event: WebhookEvent) -> None:
    """Money taken that isn't what was asked is not counted: the payment fails, and the
    audit trail tells the desk what the processor took, to refund it."""
    payment.status = OnlinePaymentStatus.FAILED
    payment.save(update_fields=["status", "payment_intent"])
    detail = (
        f"{event.amount} {event.currency} taken for {payment.amount} {payment.currency} asked,"
        f" {payment.payment_intent}: not counted"
    )
    logger.error("Online payment %s: %s", payment.pk, detail)
    audit(actor=None, action=AuditEvent.Action.CHANGE, record=payment, ip=None, detail=detail)
