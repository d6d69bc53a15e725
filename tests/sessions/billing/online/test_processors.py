"""The Stripe processor: the checkout it asks Stripe for (against a local fake of Stripe's API)
and the webhooks it accepts (signed with the library's own signing)."""

import time
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from sessions.billing.models import OnlinePayment
from sessions.billing.processors import (
    ProcessorError,
    StripeProcessor,
    WebhookEvent,
    WebhookRefused,
    processor,
)

from ..conftest import NOW
from .conftest import SECRET_KEY, WEBHOOK_SECRET, checkout_event, signature

pytestmark = pytest.mark.django_db


@pytest.fixture
def stripe_processor(stripe_api) -> StripeProcessor:
    return processor()


@pytest.fixture
def pending(booked) -> OnlinePayment:
    return OnlinePayment.objects.create(
        appointment=booked,
        client=booked.client,
        amount=Decimal("62.15"),
        currency="CAD",
        processor="stripe",
        created_at=NOW,
    )


def test_no_processor_without_both_keys(settings):
    settings.STRIPE_SECRET_KEY = SECRET_KEY
    settings.STRIPE_WEBHOOK_SECRET = ""

    assert processor() is None


def test_the_checkout_asks_stripe_for_the_amount_in_cents(stripe_api, stripe_processor, pending):
    checkout = stripe_processor.create_checkout(
        pending, "https://clinic.test/paid", "https://clinic.test/back"
    )

    [request] = stripe_api.requests
    form = request["form"]
    assert (checkout.id, checkout.url, checkout.expires_at) == (
        "cs_test_1",
        "https://checkout.stripe.com/c/pay/cs_test_1",
        datetime(2026, 12, 1, 18, tzinfo=UTC),
    )
    assert (request["path"], request["authorization"], request["idempotency_key"]) == (
        "/v1/checkout/sessions",
        f"Bearer {SECRET_KEY}",
        f"online-payment-{pending.pk}",
    )
    assert {
        key: form[key]
        for key in (
            "mode",
            "line_items[0][quantity]",
            "line_items[0][price_data][currency]",
            "line_items[0][price_data][unit_amount]",
            "line_items[0][price_data][product_data][name]",
            "success_url",
            "cancel_url",
            "client_reference_id",
            "customer_email",
            "metadata[online_payment]",
            "metadata[appointment]",
            "payment_intent_data[metadata][online_payment]",
        )
    } == {
        "mode": "payment",
        "line_items[0][quantity]": "1",
        "line_items[0][price_data][currency]": "cad",
        "line_items[0][price_data][unit_amount]": "6215",
        "line_items[0][price_data][product_data][name]": (
            f"Trigger point therapy (60 min) with {pending.appointment.therapist},"
            " Wed 2 Dec 2026, 11:00"
        ),
        "success_url": "https://clinic.test/paid",
        "cancel_url": "https://clinic.test/back",
        "client_reference_id": str(pending.pk),
        "customer_email": pending.client.email,
        "metadata[online_payment]": str(pending.pk),
        "metadata[appointment]": str(pending.appointment_id),
        "payment_intent_data[metadata][online_payment]": str(pending.pk),
    }


def test_a_refused_checkout_is_a_processor_error(stripe_api, stripe_processor, pending):
    stripe_api.status = 400

    with pytest.raises(ProcessorError, match="Stripe is down."):
        stripe_processor.create_checkout(pending, "https://clinic.test/a", "https://clinic.test/b")


def test_a_signed_webhook_is_read():
    payload = checkout_event("cs_test_1")

    event = StripeProcessor(secret_key=SECRET_KEY, webhook_secret=WEBHOOK_SECRET).parse_webhook(
        payload, signature(payload)
    )

    assert event == WebhookEvent(
        id="evt_1",
        type="checkout.session.completed",
        checkout_id="cs_test_1",
        payment_status="paid",
        amount=Decimal("62.15"),
        currency="CAD",
        payment_intent="pi_test_42",
    )


def test_an_event_of_another_kind_carries_no_checkout():
    payload = b'{"id": "evt_2", "object": "event", "type": "charge.refunded", "data": {}}'

    event = StripeProcessor(secret_key=SECRET_KEY, webhook_secret=WEBHOOK_SECRET).parse_webhook(
        payload, signature(payload)
    )

    assert event == WebhookEvent(id="evt_2", type="charge.refunded")


def _refusal(payload: bytes, header: str) -> str:
    stripe_processor = StripeProcessor(secret_key=SECRET_KEY, webhook_secret=WEBHOOK_SECRET)
    with pytest.raises(WebhookRefused) as refused:
        stripe_processor.parse_webhook(payload, header)
    return str(refused.value)


def test_a_tampered_payload_is_refused():
    payload = checkout_event("cs_test_1", amount=100)
    tampered = checkout_event("cs_test_1", amount=6215)

    assert _refusal(tampered, signature(payload)).startswith(
        "Bad signature: No signatures found matching the expected signature"
    )


def test_a_payload_signed_with_another_secret_is_refused():
    payload = checkout_event("cs_test_1")

    assert _refusal(payload, signature(payload, secret="whsec_someone_else")).startswith(
        "Bad signature: No signatures found matching the expected signature"
    )


def test_an_old_signature_is_refused():
    payload = checkout_event("cs_test_1")
    ten_minutes_ago = int(time.time()) - 600

    assert _refusal(payload, signature(payload, timestamp=ten_minutes_ago)).startswith(
        "Bad signature: Timestamp outside the tolerance zone"
    )


def test_a_missing_signature_is_refused():
    assert _refusal(checkout_event("cs_test_1"), "").startswith(
        "Bad signature: No Stripe-Signature header value was provided."
    )


def test_a_signed_payload_that_is_no_event_is_refused():
    payload = b"[1, 2]"

    assert _refusal(payload, signature(payload)) == "The event cannot be read."
