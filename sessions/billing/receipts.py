"""An invoice as a PDF document: a receipt once something is paid, the invoice itself before,
a credit note for a correction; with what an insurer asks of a massage receipt."""

import functools
import ssl
from datetime import timedelta

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone

from clinic.clock import clinic_zone

from .models import ZERO, Invoice, InvoiceKind, InvoiceStatus
from .selectors import therapist_registration

STYLESHEET = "css/receipt.css"


def receipt_filename(invoice: Invoice) -> str:
    return f"receipt-{invoice.number}.pdf"


def receipt_pdf(invoice: Invoice) -> bytes:
    """The document of an invoice loaded by `selectors.for_receipt`, rendered in the clinic's
    time zone whoever asks and wherever (a page, the API, a worker sending it)."""
    if invoice.credit_of_id is not None:
        title = "Credit note"
    else:
        title = "Receipt" if invoice.paid > ZERO else "Invoice"
    appointment = invoice.appointment
    context = {
        "title": title,
        "invoice": invoice,
        "status": InvoiceStatus(invoice.status).label,
        "appointment": appointment,
        "is_session": invoice.kind == InvoiceKind.SESSION,
        "minutes": appointment and (appointment.end - appointment.start) // timedelta(minutes=1),
        "registration": therapist_registration(invoice),
        "clinic_name": settings.CLINIC_NAME,
        "clinic_address": settings.CLINIC_ADDRESS,
    }
    with timezone.override(clinic_zone()):
        html = render_to_string("billing/receipt.html", context)
    # Imported here: loading WeasyPrint takes about a second, which every process (each
    # command, each test run, each worker) would pay at start for a PDF it may never draw.
    from weasyprint import CSS, HTML

    fetcher = _fetcher()
    stylesheet = CSS(filename=finders.find(STYLESHEET), url_fetcher=fetcher)
    return HTML(string=html, url_fetcher=fetcher).write_pdf(stylesheets=[stylesheet])


def _fetcher():
    """What a receipt may load from outside itself: nothing but data: URLs. Its text holds
    names people typed, and WeasyPrint's own fetcher would follow any address in it; it also
    builds a TLS context with the system's certificates for each document, which took more
    time than drawing a receipt. The context here is made once and never used."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols=("data",), ssl_context=_unused_tls_context())


@functools.cache
def _unused_tls_context() -> ssl.SSLContext:
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
