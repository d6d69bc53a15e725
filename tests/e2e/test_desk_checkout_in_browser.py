"""The desk checks a client out in a real Chromium: from the calendar's popover, a split
payment (cash and card), its review and confirmation, the invoice shown paid, and its receipt
downloaded. The checkout and invoice pages pass axe and fit a phone.

The receipt is served by the receipts' endpoint (`/api/v1/invoices/ID/receipt.pdf`): the last
step of the first test passes once that endpoint exists.

Time is not frozen here (the browser and the server thread read the real clock): the session
checked out is today's, begun an hour ago, and its client has arrived.
"""

from datetime import time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sessions.billing.models import Invoice, InvoiceStatus
from sessions.models import AppointmentStatus
from tests.e2e.accessibility import axe_violations
from tests.e2e.signin import sign_in
from tests.factories import AppointmentFactory, ClientFactory, DeskFactory, ServiceFactory
from tests.sessions.desk.calendar import therapist_named

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def arrived():
    """Ava, in the clinic for the session that began an hour ago: 110.00 and 13% tax."""
    service = ServiceFactory(
        name="Trigger point therapy", duration_minutes=60, price="110.00", tax_rate="13.00"
    )
    ann = therapist_named("Ann Ash", service, start=time(0), end=time(23, 45))
    start = (timezone.now() - timedelta(hours=1)).replace(second=0, microsecond=0)
    return AppointmentFactory(
        client=ClientFactory(first_name="Ava", last_name="Chen"),
        therapist=ann,
        service=service,
        start=start,
        status=AppointmentStatus.ARRIVED,
    )


@pytest.fixture
def desk(live_http, page):
    desk = DeskFactory(email="desk@example.org")
    sign_in(page, live_http.url, desk.email)
    return desk


def fill_row(page, index: int, method: str, amount: str, reference: str = "") -> None:
    page.locator(f"#id_pay-{index}-method").select_option(method)
    page.locator(f"#id_pay-{index}-amount").fill(amount)
    if reference:
        page.locator(f"#id_pay-{index}-reference").fill(reference)


def test_the_desk_checks_out_with_a_split_payment_and_downloads_the_receipt(
    live_http, page, console_errors, desk, arrived
):
    page.goto(f"{live_http.url}/desk/?date={timezone.localdate(arrived.start).isoformat()}")
    page.locator(f'button.appt[data-appointment="{arrived.pk}"]').click()
    popover = page.locator(f"#appointment-{arrived.pk}")
    popover.get_by_role("link", name="Check out").click()

    expect(page.get_by_role("heading", name="Check out: Ava Chen")).to_be_visible()
    expect(page.locator("#amount-total")).to_have_text("124.30")
    fill_row(page, 0, "cash", "50.00")
    fill_row(page, 1, "card", "74.30", "slip 4411")
    page.get_by_role("button", name="Review").click()
    expect(page.locator("#review-summary")).to_have_text("Take CAD 124.30: cash 50.00, card 74.30")
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_text("Took CAD 124.30 for invoice")).to_be_visible()
    expect(page.locator("#invoice-status")).to_have_text("Paid")
    expect(page.locator("#amount-balance")).to_have_text("0.00")
    expect(page.locator("tr[data-payment]")).to_have_count(2)
    invoice = Invoice.objects.get()
    assert invoice.status == InvoiceStatus.PAID
    assert console_errors == []

    # Served by the receipts' endpoint: passes once it is merged.
    with page.expect_download() as receipt:
        page.get_by_role("link", name="Receipt (PDF)").click()
    download = receipt.value
    assert download.suggested_filename == f"receipt-{invoice.number}.pdf"
    response = page.request.get(f"{live_http.url}/api/v1/invoices/{invoice.pk}/receipt.pdf")
    assert response.headers["content-type"] == "application/pdf"


def test_another_row_is_added_for_a_three_way_split(live_http, page, console_errors, desk, arrived):
    page.goto(f"{live_http.url}/desk/appointments/{arrived.pk}/checkout/")
    page.get_by_role("button", name="Add a payment").click()
    fill_row(page, 0, "cash", "20.00")
    fill_row(page, 1, "card", "30.00")
    fill_row(page, 2, "e_transfer", "40.00")
    fill_row(page, 3, "cash", "34.30")
    page.get_by_role("button", name="Review").click()
    page.get_by_role("button", name="Confirm").click()

    expect(page.locator("#invoice-status")).to_have_text("Paid")
    expect(page.locator("tr[data-payment]")).to_have_count(4)
    assert console_errors == []


def test_the_checkout_and_invoice_pages_pass_axe_and_fit_a_phone(
    live_http, page, console_errors, desk, arrived
):
    page.set_viewport_size(PHONE)
    checkout = f"{live_http.url}/desk/appointments/{arrived.pk}/checkout/"
    page.goto(checkout)
    found = {"checkout": axe_violations(page)}
    widths = {"checkout": page.evaluate("document.documentElement.scrollWidth")}
    fill_row(page, 0, "cash", "24.30")
    page.get_by_role("button", name="Review").click()
    found["review"] = axe_violations(page)
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator("#invoice-status")).to_have_text("Partly paid")
    found["invoice"] = axe_violations(page)
    widths["invoice"] = page.evaluate("document.documentElement.scrollWidth")
    page.goto(f"{live_http.url}/desk/invoices/")
    found["list"] = axe_violations(page)
    widths["list"] = page.evaluate("document.documentElement.scrollWidth")
    page.goto(f"{live_http.url}/desk/invoices/{Invoice.objects.get().pk}/refund/")
    found["refund"] = axe_violations(page)

    assert found == {"checkout": [], "review": [], "invoice": [], "list": [], "refund": []}
    assert widths == dict.fromkeys(widths, PHONE["width"])
    assert console_errors == []
