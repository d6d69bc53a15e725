"""Card processors that take a payment online, behind one small interface; Stripe first.

A processor makes a hosted checkout page for an online payment and reads the webhooks it
sends back. Nothing here decides what a payment is worth or whether it counts: that is
`online.py`'s, which trusts only a webhook whose signature checks out.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

import stripe
from django.conf import settings

from clinic.clock import spoken

if TYPE_CHECKING:
    from .models import OnlinePayment

# Stripe keeps a checkout session open from 30 minutes to a day; an hour is enough to pay.
CHECKOUT_LIFETIME = timedelta(hours=1)


class ProcessorError(Exception):
    """The processor could not be reached or refused the request."""


class WebhookRefused(Exception):
    """A webhook that is not the processor's (a bad signature) or that cannot be read."""


@dataclass(frozen=True)
class Checkout:
    """A hosted checkout page made for an online payment."""

    id: str
    url: str
    expires_at: datetime


@dataclass(frozen=True)
class WebhookEvent:
    """What a verified webhook says about a checkout; the checkout fields are None for events
    of other kinds."""

    id: str
    type: str
    checkout_id: str | None = None
    payment_status: str | None = None
    amount: Decimal | None = None
    currency: str | None = None
    payment_intent: str | None = None


class Processor(Protocol):
    name: str

    def create_checkout(
        self, online_payment: "OnlinePayment", success_url: str, cancel_url: str
    ) -> Checkout: ...

    def parse_webhook(self, payload: bytes, signature: str) -> WebhookEvent: ...


def cents(amount: Decimal) -> int:
    """Stripe counts a two-decimal currency in its smallest unit."""
    return int(amount * 100)


class StripeProcessor:
    name = "stripe"

    def __init__(self, *, secret_key: str, webhook_secret: str, api_base: str = "") -> None:
        self.webhook_secret = webhook_secret
        addresses = {"api": api_base} if api_base else None
        self.client = stripe.StripeClient(secret_key, base_addresses=addresses)

    def create_checkout(
        self, online_payment: "OnlinePayment", success_url: str, cancel_url: str
    ) -> Checkout:
        expires_at = datetime.now(UTC) + CHECKOUT_LIFETIME
        metadata = {
            "online_payment": str(online_payment.pk),
            "appointment": str(online_payment.appointment_id),
        }
        params = {
            "mode": "payment",
            "payment_method_types": ["card"],
            "line_items": [
                {
                    "quantity": 1,
                    "price_data": {
                        "currency": online_payment.currency.lower(),
                        "unit_amount": cents(online_payment.amount),
                        "product_data": {"name": _description(online_payment)},
                    },
                }
            ],
            "success_url": success_url,
            "cancel_url": cancel_url,
            "client_reference_id": str(online_payment.pk),
            "customer_email": online_payment.client.email,
            "metadata": metadata,
            "payment_intent_data": {"metadata": metadata},
            "expires_at": int(expires_at.timestamp()),
        }
        # The same payment asked twice (a retry) makes one checkout, not two.
        options = {"idempotency_key": f"online-payment-{online_payment.pk}"}
        try:
            session = self.client.v1.checkout.sessions.create(params=params, options=options)
        except stripe.StripeError as error:
            raise ProcessorError(str(error.user_message or error)) from error
        return Checkout(
            id=session.id,
            url=session.url,
            expires_at=datetime.fromtimestamp(session.expires_at, UTC),
        )

    def parse_webhook(self, payload: bytes, signature: str) -> WebhookEvent:
        try:
            event = stripe.Webhook.construct_event(payload, signature, self.webhook_secret)
        except stripe.SignatureVerificationError as error:
            raise WebhookRefused(f"Bad signature: {error}") from error
        except (AttributeError, TypeError, ValueError) as error:  # signed, but no event
            raise WebhookRefused("The event cannot be read.") from error
        try:
            return _read_event(event.to_dict())
        except (AttributeError, KeyError, TypeError, ValueError) as error:
            raise WebhookRefused("The event cannot be read.") from error


def _description(online_payment: "OnlinePayment") -> str:
    appointment = online_payment.appointment
    return f"{appointment.service} with {appointment.therapist}, {spoken(appointment.start)}"


def _read_event(event: dict) -> WebhookEvent:
    if not event["type"].startswith("checkout.session."):
        return WebhookEvent(id=event["id"], type=event["type"])
    session = event["data"]["object"]
    amount = session.get("amount_total")
    currency = session.get("currency")
    return WebhookEvent(
        id=event["id"],
        type=event["type"],
        checkout_id=session["id"],
        payment_status=session.get("payment_status"),
        amount=None if amount is None else (Decimal(int(amount)) / 100).quantize(Decimal("0.01")),
        currency=currency.upper() if currency else None,
        payment_intent=session.get("payment_intent"),
    )


def online_payment_on() -> bool:
    return bool(settings.STRIPE_SECRET_KEY and settings.STRIPE_WEBHOOK_SECRET)


def processor() -> Processor | None:
    """The clinic's processor when its keys are set; None turns online payment off."""
    if not online_payment_on():
        return None
    return StripeProcessor(
        secret_key=settings.STRIPE_SECRET_KEY,
        webhook_secret=settings.STRIPE_WEBHOOK_SECRET,
        api_base=settings.STRIPE_API_BASE,
    )
