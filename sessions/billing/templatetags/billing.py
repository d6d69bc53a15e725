"""Billing's parts of other apps' pages: on a client's account, what they may still spend and
their latest invoices to download."""

from django import template
from django.conf import settings
from django.utils import timezone

from ..balances import prepaid_balances as balances_of
from ..selectors import client_invoice_rows

register = template.Library()


@register.inclusion_tag("billing/_prepaid_balances.html")
def prepaid_balances(client):
    """The client's packages, memberships and gift cards with what is left of each."""
    return {
        "balances": balances_of(client, today=timezone.localdate()),
        "currency": settings.CLINIC_CURRENCY,
    }


@register.inclusion_tag("billing/_recent_invoices.html")
def recent_invoices(client, shown: int = 3):
    """The client's latest invoices, each with its receipt to download, and a link to all."""
    return {"invoices": client_invoice_rows(client, client_id=client.pk)[:shown]}
