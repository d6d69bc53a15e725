"""Billing's messages: the receipt after each checkout that takes a payment, its PDF attached
to the email (a text message links to the client's invoices). A receipt is transactional,
like a booking confirmation: it goes by the channels the client chose, by email at least,
and can't be turned off."""

from datetime import datetime, timedelta

from clinic.messaging.kinds import Kind, register
from clinic.messaging.models import Message
from clinic.messaging.services import dispatch_after_commit, message_plan

from .models import Invoice, InvoiceStatus, Payment
from .receipts import receipt_filename, receipt_pdf
from .selectors import for_receipt

RECEIPT_GRACE = timedelta(days=7)


def _invoice(message: Message) -> Invoice:
    """The invoice with all its receipt shows, loaded once for the message's text and PDF."""
    if not hasattr(message, "receipt_invoice"):
        message.receipt_invoice = for_receipt(Invoice.objects.all()).get(pk=message.subject_id)
    return message.receipt_invoice


def _receipt_stale(message: Message, now: datetime) -> str:
    if message.subject is None:
        return "The invoice no longer exists."
    if _invoice(message).status == InvoiceStatus.VOID:
        return "The invoice was credited."
    return ""


def _receipt_context(message: Message) -> dict:
    return {"invoice": _invoice(message)}


def _receipt_attachments(message: Message) -> list[tuple[str, bytes, str]]:
    invoice = _invoice(message)
    return [(receipt_filename(invoice), receipt_pdf(invoice), "application/pdf")]


RECEIPT = register(
    Kind(
        name="receipt",
        label="Receipt",
        context=_receipt_context,
        stale=_receipt_stale,
        attachments=_receipt_attachments,
        essential=True,
        subject_related=("client",),
    )
)


def plan_receipt(invoice: Invoice, *, payment: Payment, now: datetime) -> None:
    """In the transaction that took `payment` (the last of a checkout): the receipt, sent as
    soon as it commits. It shows the invoice as it is when sent."""
    message_plan(
        kind=RECEIPT,
        recipient=invoice.client,
        subject=invoice,
        due_at=now,
        send_by=now + RECEIPT_GRACE,
        key=f"receipt:{invoice.pk}:{payment.pk}",
    )
    dispatch_after_commit()
