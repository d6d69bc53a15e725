"""The Stripe webhook over HTTP: signed by the library's own signing, checked before any
change, idempotent."""

import time
from decimal import Decimal

import pytest
from django.test import Client

from clinic.audit.models import AuditEvent
from sessions.billing.models import OnlinePayment, OnlinePaymentStatus

from ..conftest import NOW
from .conftest import checkout_event, signature

pytestmark = pytest.mark.django_db

URL = "/api/v1/payments/stripe/webhook/"


@pytest.fixture
def pending(stripe_api, booked) -> OnlinePayment:
    return OnlinePayment.objects.create(
        appointment=booked,
        client=booked.client,
        amount=Decimal("62.15"),
        currency="CAD",
        processor="stripe",
        checkout_id="cs_test_1",
        created_at=NOW,
    )


def post(payload: bytes, header: str | None = None):
    headers = {} if header is None else {"Stripe-Signature": header}
    return Client(enforce_csrf_checks=True).post(
        URL, payload, content_type="application/json", headers=headers
    )


def status_of(payment: OnlinePayment) -> str:
    payment.refresh_from_db()
    return payment.status


def confirmations() -> int:
    return AuditEvent.objects.filter(record_type="billing.OnlinePayment").count()


def test_a_signed_completed_checkout_marks_the_payment_paid(pending):
    payload = checkout_event("cs_test_1")

    response = post(payload, signature(payload))

    assert (response.status_code, response.json()) == (200, {"received": "evt_1"})
    assert status_of(pending) == OnlinePaymentStatus.PAID
    assert confirmations() == 1


def test_the_same_event_twice_is_recorded_once(pending):
    payload = checkout_event("cs_test_1")

    answers = [post(payload, signature(payload)).status_code for _ in range(2)]

    assert answers == [200, 200]
    assert status_of(pending) == OnlinePaymentStatus.PAID
    assert confirmations() == 1


@pytest.mark.parametrize(
    "header",
    [
        pytest.param(lambda payload: None, id="no signature"),
        pytest.param(lambda payload: "t=1,v1=abc", id="garbage"),
        pytest.param(
            lambda payload: signature(checkout_event("cs_test_1", amount=1)), id="tampered"
        ),
        pytest.param(lambda payload: signature(payload, secret="whsec_other"), id="wrong secret"),
        pytest.param(
            lambda payload: signature(payload, timestamp=int(time.time()) - 301), id="too old"
        ),
    ],
)
def test_a_badly_signed_webhook_is_a_400_and_changes_nothing(pending, header):
    payload = checkout_event("cs_test_1")

    response = post(payload, header(payload))

    assert response.status_code == 400
    assert response.json()["detail"].startswith("Bad signature: ")
    assert (status_of(pending), confirmations()) == (OnlinePaymentStatus.PENDING, 0)


def test_a_paid_amount_that_does_not_match_is_not_counted(pending):
    payload = checkout_event("cs_test_1", amount=100)

    response = post(payload, signature(payload))

    assert response.status_code == 200
    assert status_of(pending) == OnlinePaymentStatus.FAILED


def test_an_expired_checkout_expires_the_payment(pending):
    payload = checkout_event("cs_test_1", kind="checkout.session.expired", payment_status="unpaid")

    response = post(payload, signature(payload))

    assert response.status_code == 200
    assert status_of(pending) == OnlinePaymentStatus.EXPIRED


@pytest.mark.parametrize(
    "payload",
    [
        checkout_event("cs_not_ours"),
        b'{"id": "evt_9", "object": "event", "type": "payment_intent.created", "data": {}}',
    ],
    ids=["unknown checkout", "unhandled event"],
)
def test_other_verified_events_are_acknowledged_and_ignored(pending, payload):
    response = post(payload, signature(payload))

    assert response.status_code == 200
    assert (status_of(pending), confirmations()) == (OnlinePaymentStatus.PENDING, 0)


def test_the_webhook_is_not_there_when_online_payment_is_off(booked):
    payload = checkout_event("cs_test_1")

    response = post(payload, signature(payload))

    assert response.status_code == 404


def test_the_webhook_takes_only_posts(stripe_api):
    assert Client().get(URL).status_code == 405
