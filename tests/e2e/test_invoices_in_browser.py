"""A client's invoices page in a real Chromium: it passes axe, fits a phone, and its link
downloads the receipt through the browser's session."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from sessions.billing.services import PaymentIn, appointment_checkout
from sessions.models import AppointmentStatus
from tests.e2e.accessibility import axe_violations
from tests.e2e.signin import sign_in
from tests.factories import (
    AppointmentFactory,
    ClientFactory,
    DeskFactory,
    ServiceFactory,
    bookable_therapist,
)
from tests.sessions.billing.receipt_text import pdf_lines

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def ada():
    """Ada, checked out yesterday with a split payment."""
    service = ServiceFactory(name="Trigger point therapy", duration_minutes=60)
    ada = ClientFactory(first_name="Ada", last_name="Lovelace", email="ada@example.org")
    session = AppointmentFactory(
        client=ada,
        therapist=bookable_therapist(service),
        service=service,
        start=timezone.now() - timedelta(days=1),
        status=AppointmentStatus.ARRIVED,
    )
    payments = [PaymentIn("cash", Decimal("50.00")), PaymentIn("card", Decimal("50.00"), "4411")]
    appointment_checkout(appointment=session, by=DeskFactory(), payments=payments)
    return ada


def test_the_invoices_page_passes_axe_and_fits_a_phone(live_http, page, ada):
    sign_in(page, live_http.url, ada.email)
    page.set_viewport_size(PHONE)

    page.goto(live_http.url + "/invoices/")

    assert (page.title(), axe_violations(page)) == ("Your invoices", [])
    assert page.evaluate("document.documentElement.scrollWidth") == PHONE["width"]


def test_the_client_downloads_their_receipt(live_http, page, ada, tmp_path):
    sign_in(page, live_http.url, ada.email)
    page.goto(live_http.url + "/invoices/")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download receipt").click()

    number = f"{timezone.localdate().year}-000001"
    saved = tmp_path / "receipt.pdf"
    download.value.save_as(saved)
    assert download.value.suggested_filename == f"receipt-{number}.pdf"
    assert pdf_lines(saved.read_bytes())[2:4] == ["Receipt", f"Number {number}"]
