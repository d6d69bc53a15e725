"""Paying for a booked session online: the amount, the checkout, the webhook that confirms it,
and the card payment it becomes when the session is checked out."""

from datetime import timedelta
from decimal import Decimal

import pytest

from clinic.audit.models import AuditEvent
from sessions.billing.models import InvoiceStatus, OnlinePayment, OnlinePaymentStatus
from sessions.billing.online import online_amount, online_payment_start, online_payment_webhook
from sessions.billing.processors import WebhookEvent, processor
from sessions.billing.services import BillingRefused, PaymentIn, appointment_checkout
from sessions.models import AppointmentStatus
from sessions.services import appointment_cancel
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


def start(appointment, by=None) -> OnlinePayment:
    return online_payment_start(
        appointment=appointment,
        by=by or appointment.client,
        processor=processor(),
        success_url=lambda payment: f"https://clinic.test/payments/{payment.pk}/",
        cancel_url=lambda payment: f"https://clinic.test/payments/{payment.pk}/cancelled/",
    )


def paid_event(payment: OnlinePayment, **changes) -> WebhookEvent:
    fields = {
        "id": "evt_1",
        "type": "checkout.session.completed",
        "checkout_id": payment.checkout_id,
        "payment_status": "paid",
        "amount": payment.amount,
        "currency": "CAD",
        "payment_intent": "pi_test_42",
    }
    return WebhookEvent(**(fields | changes))


def online_events(payment: OnlinePayment) -> list[tuple[str, str]]:
    events = AuditEvent.objects.filter(record_type="billing.OnlinePayment", record_id=payment.pk)
    return list(events.order_by("pk").values_list("action", "detail"))


def test_the_deposit_is_its_share_of_the_price_with_tax(settings, booked):
    settings.ONLINE_DEPOSIT_PERCENT = 25

    assert online_amount(booked) == Decimal("31.08")  # 124.30 / 4 = 31.075, rounded up


def test_the_full_amount_is_the_price_with_tax(settings, booked):
    settings.ONLINE_PAYMENT = "full"

    assert online_amount(booked) == Decimal("124.30")


def test_starting_makes_a_pending_payment_and_its_checkout(stripe_api, booked):
    payment = start(booked)

    assert (payment.status, payment.amount, payment.currency, payment.processor) == (
        OnlinePaymentStatus.PENDING,
        Decimal("62.15"),
        "CAD",
        "stripe",
    )
    assert (payment.checkout_id, payment.checkout_url) == (
        "cs_test_1",
        "https://checkout.stripe.com/c/pay/cs_test_1",
    )
    assert stripe_api.requests[0]["form"]["success_url"] == (
        f"https://clinic.test/payments/{payment.pk}/"
    )
    assert online_events(payment) == [
        ("create", "62.15 CAD asked online, stripe cs_test_1"),
    ]


def test_starting_again_reuses_the_open_checkout(stripe_api, booked):
    first = start(booked)

    again = start(booked)

    assert again == first
    assert len(stripe_api.requests) == 1


def test_starting_after_the_checkout_expired_makes_a_new_one(stripe_api, booked, frozen):
    first = start(booked)
    frozen.shift(timedelta(hours=1))

    again = start(booked)

    assert again != first
    assert again.checkout_id == "cs_test_2"


@pytest.mark.parametrize(
    ("change", "refusal"),
    [
        ({"status": AppointmentStatus.CANCELLED}, "Only a booked session still to come"),
        ({"status": AppointmentStatus.PENDING_APPROVAL}, "Only a booked session still to come"),
        ({"start_days": -2}, "Only a booked session still to come"),
    ],
)
def test_only_a_booked_session_to_come_is_paid(stripe_api, booked, change, refusal):
    if "status" in change:
        booked.status = change["status"]
    else:
        booked.start += timedelta(days=change["start_days"])
        booked.end += timedelta(days=change["start_days"])
    booked.save()

    with pytest.raises(BillingRefused, match=refusal):
        start(booked)

    assert (OnlinePayment.objects.count(), stripe_api.requests) == (0, [])


def test_only_its_client_pays_for_a_session(stripe_api, booked):
    with pytest.raises(BillingRefused, match="Only the client pays"):
        start(booked, by=ClientFactory())

    assert stripe_api.requests == []


def test_a_paid_session_is_not_paid_twice(stripe_api, booked):
    online_payment_webhook(event=paid_event(start(booked)))

    with pytest.raises(BillingRefused, match="already paid online"):
        start(booked)


def test_a_checkout_stripe_refuses_fails_the_payment(stripe_api, booked):
    stripe_api.status = 400

    with pytest.raises(BillingRefused, match="can't be reached"):
        start(booked)

    assert OnlinePayment.objects.get().status == OnlinePaymentStatus.FAILED


def test_the_webhook_marks_the_payment_paid_once(stripe_api, booked):
    payment = start(booked)

    online_payment_webhook(event=paid_event(payment))
    online_payment_webhook(event=paid_event(payment))

    payment.refresh_from_db()
    assert (payment.status, payment.payment_intent, payment.paid_at is not None) == (
        OnlinePaymentStatus.PAID,
        "pi_test_42",
        True,
    )
    assert online_events(payment)[1:] == [("change", "62.15 CAD paid online, pi_test_42")]


@pytest.mark.parametrize(
    "mismatch", [{"amount": Decimal("0.50")}, {"currency": "USD"}, {"amount": None}]
)
def test_a_payment_of_another_amount_is_not_counted(stripe_api, booked, mismatch):
    payment = start(booked)

    online_payment_webhook(event=paid_event(payment, **mismatch))

    payment.refresh_from_db()
    assert payment.status == OnlinePaymentStatus.FAILED
    assert online_events(payment)[-1][1].endswith("asked, pi_test_42: not counted")


def test_an_unpaid_completed_checkout_changes_nothing(stripe_api, booked):
    payment = start(booked)

    online_payment_webhook(event=paid_event(payment, payment_status="unpaid"))

    payment.refresh_from_db()
    assert payment.status == OnlinePaymentStatus.PENDING


def test_an_expired_checkout_expires_its_payment(stripe_api, booked):
    payment = start(booked)

    online_payment_webhook(event=paid_event(payment, type="checkout.session.expired"))

    payment.refresh_from_db()
    assert payment.status == OnlinePaymentStatus.EXPIRED


def test_a_checkout_not_made_here_is_ignored(stripe_api, booked):
    payment = start(booked)

    online_payment_webhook(event=paid_event(payment, checkout_id="cs_elsewhere"))

    payment.refresh_from_db()
    assert payment.status == OnlinePaymentStatus.PENDING


def test_checkout_applies_the_online_payment_as_a_card_payment(stripe_api, booked, desk, frozen):
    payment = start(booked)
    online_payment_webhook(event=paid_event(payment))
    frozen.shift(timedelta(days=1))

    invoice, _ = appointment_checkout(appointment=booked, by=desk, payments=[])
    shown = (invoice.status, invoice.paid, invoice.balance)
    again, _ = appointment_checkout(
        appointment=booked, by=desk, payments=[PaymentIn(method="cash", amount=Decimal("62.15"))]
    )

    payment.refresh_from_db()
    assert shown == (InvoiceStatus.PARTLY_PAID, Decimal("62.15"), Decimal("62.15"))
    assert [(p.method, p.amount, p.reference) for p in again.payments.all()] == [
        ("card", Decimal("62.15"), "stripe pi_test_42"),
        ("cash", Decimal("62.15"), ""),
    ]
    assert payment.applied_as == again.payments.first()
    assert again.status == InvoiceStatus.PAID


def test_a_pending_online_payment_is_not_applied(stripe_api, booked, desk, frozen):
    start(booked)
    frozen.shift(timedelta(days=1))

    invoice, _ = appointment_checkout(appointment=booked, by=desk, payments=[])

    assert (invoice.paid, invoice.balance) == (Decimal("0.00"), Decimal("124.30"))


def test_a_cancelled_session_paid_online_is_owed_back(stripe_api, booked):
    payment = start(booked)
    online_payment_webhook(event=paid_event(payment))

    appointment_cancel(appointment=booked, by=booked.client, reason="Away")

    payment.refresh_from_db()
    assert payment.owed_back is True
    assert list(OnlinePayment.objects.owed_back()) == [payment]
