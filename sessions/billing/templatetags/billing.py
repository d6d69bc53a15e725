"""Billing's parts of other apps' pages: what a client may still spend, on their account."""

from django import template
from django.conf import settings
from django.utils import timezone

from ..balances import prepaid_balances as balances_of

register = template.Library()


@register.inclusion_tag("billing/_prepaid_balances.html")
def prepaid_balances(client):
    """The client's packages, memberships and gift cards with what is left of each."""
    return {
        "balances": balances_of(client, today=timezone.localdate()),
        "currency": settings.CLINIC_CURRENCY,
    }
