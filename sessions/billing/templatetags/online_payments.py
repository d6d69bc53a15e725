"""What pages of booking show about paying a session online: its client's button to pay, the
money paid, and money owed back for a cancelled session. Nothing when online payment is off."""

from collections import defaultdict
from decimal import Decimal

from django import template
from django.conf import settings
from django.utils import timezone

from clinic.accounts.access import runs_front_desk
from sessions.models import AppointmentStatus

from ..models import ZERO, OnlinePayment, OnlinePaymentStatus
from ..online import is_deposit, online_amount
from ..processors import online_payment_on

register = template.Library()


@register.simple_tag
def online_payments_of(*appointment_lists) -> dict:
    """The paid online payments of these appointments, by appointment id, in one query."""
    if not online_payment_on():
        return {}
    ids = [appointment.pk for appointments in appointment_lists for appointment in appointments]
    paid = defaultdict(list)
    for payment in OnlinePayment.objects.filter(
        appointment_id__in=ids, status=OnlinePaymentStatus.PAID
    ).order_by("pk"):
        paid[payment.appointment_id].append(payment)
    return dict(paid)


def _sum(payments) -> Decimal:
    return sum((payment.amount for payment in payments), ZERO)


@register.inclusion_tag("billing/_online_payment.html", takes_context=True)
def online_payment(context, appointment, paid_online) -> dict:
    """`paid_online` is what `online_payments_of` gave for the page's appointments."""
    if not online_payment_on():
        return {"shown": False}
    user = context["user"]
    paid = (paid_online or {}).get(appointment.pk, [])
    owner = user.pk == appointment.client_id
    payable = (
        owner
        and not paid
        and appointment.status == AppointmentStatus.BOOKED
        and appointment.start > timezone.now()
    )
    cancelled = appointment.status == AppointmentStatus.CANCELLED
    return {
        "shown": owner or runs_front_desk(user),
        "appointment": appointment,
        "paid": _sum(paid),
        "owed_back": _sum(p for p in paid if cancelled and p.applied_as_id is None),
        "payable": payable,
        "amount": online_amount(appointment) if payable else None,
        "deposit": is_deposit(),
        "owner": owner,
        "currency": settings.CLINIC_CURRENCY,
        "csrf_token": context.get("csrf_token"),
    }
