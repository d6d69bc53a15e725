"""A receipt as a reader (or an insurer's clerk) reads it: the PDF's text, line by line."""

import io
from decimal import Decimal

from pypdf import PdfReader

from sessions.billing.models import Invoice
from sessions.billing.receipts import receipt_pdf
from sessions.billing.selectors import for_receipt
from sessions.billing.services import PaymentIn


def pay(method: str, amount: str, reference: str = "") -> PaymentIn:
    return PaymentIn(method=method, amount=Decimal(amount), reference=reference)


def pdf_lines(pdf: bytes) -> list[str]:
    """Each line of text of every page, its spaces made single."""
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def receipt_lines(invoice: Invoice) -> list[str]:
    return pdf_lines(receipt_pdf(for_receipt(Invoice.objects.all()).get(pk=invoice.pk)))
