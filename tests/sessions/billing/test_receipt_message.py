"""The receipt emailed after a checkout that takes a payment: planned in the checkout's
transaction, sent by the workers once it commits, with the PDF attached; transactional,
so it goes by email whatever the client chose."""

from datetime import timedelta

import pytest
from django.core import mail

from clinic.messaging.dispatch import message_send
from clinic.messaging.models import Message, MessageState
from sessions.billing.services import appointment_checkout, invoice_credit
from tests.clinic.messaging.sending import FOOTER, PHONE, html_of
from tests.factories import ClientProfileFactory

from .conftest import NOW
from .receipt_text import pay, pdf_lines

pytestmark = pytest.mark.django_db

BODY = (
    "Hello Ava,\n\n"
    "Thank you for your payment. Your receipt 2026-000001 is attached, for your session of "
    "Tue 1 Dec 2026, 11:00.\n"
    "Paid: {paid} CAD{owed}.\n"
    "It carries your therapist's registration number, for your insurer.\n\n"
    "Your invoices and receipts: http://127.0.0.1:8000/invoices/\n"
)


def receipts() -> list[tuple]:
    return list(
        Message.objects.filter(kind="receipt")
        .order_by("pk")
        .values_list("key", "channel", "recipient", "subject_id", "due_at", "send_by", "state")
    )


def checkout(desk, arrived, payments):
    return appointment_checkout(appointment=arrived, by=desk, payments=payments)[0]


def test_a_checkout_with_payments_plans_one_receipt_by_email(desk, arrived, ava):
    invoice = checkout(desk, arrived, [pay("cash", "50.00"), pay("card", "74.30")])

    last = invoice.payments.order_by("pk").last()
    assert receipts() == [
        (
            f"receipt:{invoice.pk}:{last.pk}:email",
            "email",
            ava.pk,
            invoice.pk,
            NOW,
            NOW + timedelta(days=7),
            MessageState.PENDING,
        )
    ]


def test_a_checkout_without_payment_plans_none(desk, arrived):
    checkout(desk, arrived, [])

    assert receipts() == []


def test_each_checkout_with_payments_plans_its_own(desk, arrived):
    checkout(desk, arrived, [pay("cash", "24.30")])
    checkout(desk, arrived, [])
    checkout(desk, arrived, [pay("card", "100.00")])

    assert len({key for key, *_ in receipts()}) == 2


def test_it_goes_out_once_the_checkout_commits_with_the_pdf_attached(
    desk, arrived, eager_celery, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        checkout(desk, arrived, [pay("cash", "50.00"), pay("card", "74.30", reference="4411")])
        assert mail.outbox == []

    [email] = mail.outbox
    [(filename, content, mimetype)] = email.attachments
    assert (email.subject, email.to) == (
        "Your receipt 2026-000001 from Trigger point clinic",
        [arrived.client.email],
    )
    assert email.body == BODY.format(paid="124.30", owed="") + FOOTER
    assert html_of(email).text == email.body
    assert (filename, mimetype) == ("receipt-2026-000001.pdf", "application/pdf")
    lines = pdf_lines(content)
    assert lines[2:4] == ["Receipt", "Number 2026-000001"]
    assert "Card (terminal) Tue 1 Dec 2026, 12:00 4411 74.30 CAD" in lines
    assert [state for *_, state in receipts()] == [MessageState.SENT]


def test_a_partial_payment_says_what_is_still_owed(desk, arrived):
    checkout(desk, arrived, [pay("cash", "24.30")])

    message_send(message_id=_queued())

    [email] = mail.outbox
    assert email.body == BODY.format(paid="24.30", owed=". Still owed: 100.00 CAD") + FOOTER


@pytest.mark.parametrize(
    ("preferences", "channels"),
    [
        pytest.param({}, ["email"], id="email"),
        pytest.param({"by_sms": True, "phone": PHONE}, ["email", "sms"], id="both"),
        pytest.param({"by_email": False, "by_sms": True, "phone": PHONE}, ["sms"], id="sms"),
        pytest.param(
            {"by_email": False, "by_sms": False, "reminders": False}, ["email"], id="none"
        ),
    ],
)
def test_it_goes_by_the_channels_chosen_and_email_at_least(
    desk, arrived, ava, preferences, channels
):
    ClientProfileFactory(user=ava, **preferences)

    checkout(desk, arrived, [pay("cash", "124.30")])

    assert sorted(channel for _, channel, *_ in receipts()) == channels


def test_a_text_message_links_to_the_invoices(desk, arrived, ava, sms):
    ClientProfileFactory(user=ava, by_email=False, by_sms=True, phone=PHONE)
    checkout(desk, arrived, [pay("cash", "24.30")])

    outcome = message_send(message_id=_queued())

    assert (outcome.state, mail.outbox) == ("sent", [])
    assert sms == [
        {
            "to": PHONE,
            "body": "Trigger point clinic: thank you for your payment of 24.30 CAD. "
            "Your receipt 2026-000001: http://127.0.0.1:8000/invoices/",
        }
    ]


def test_an_invoice_credited_before_sending_gets_no_receipt(desk, arrived):
    invoice = checkout(desk, arrived, [pay("cash", "24.30")])
    invoice_credit(invoice=invoice, by=desk, reason="Wrong client")

    outcome = message_send(message_id=_queued())

    assert (outcome.state, outcome.detail, mail.outbox) == (
        "skipped",
        "The invoice was credited.",
        [],
    )


def _queued() -> int:
    """The receipt's row, claimed as the dispatcher claims it."""
    message = Message.objects.get(kind="receipt")
    Message.objects.filter(pk=message.pk).update(state=MessageState.QUEUED)
    return message.pk
