"""The desk's prepaid pages and the client's money pages in a real Chromium: selling a
package, a gift card (its page then shows the code) and a membership, the fee waiver's
confirm step, and the client's account with balances and invoices, each passing axe and
fitting a phone. Then a flow: the desk sells a gift card to a client, and checks out another
of that client's sessions paid partly with the card and the rest by card, the invoice paid.

Time is not frozen here (the browser and the server thread read the real clock).
"""

from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone
from playwright.sync_api import expect

from sessions.billing.models import GiftCard, Invoice, InvoiceKind, InvoiceStatus
from sessions.billing.sales import gift_card_sell, package_sell
from sessions.billing.services import invoice_issue
from sessions.models import AppointmentStatus
from tests.e2e.accessibility import axe_violations
from tests.e2e.signin import sign_in
from tests.factories import (
    AppointmentFactory,
    ClientFactory,
    DeskFactory,
    MembershipPlanFactory,
    PackageProductFactory,
    ServiceFactory,
)
from tests.sessions.desk.calendar import therapist_named

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def service():
    return ServiceFactory(
        name="Trigger point therapy", duration_minutes=60, price="110.00", tax_rate="13.00"
    )


@pytest.fixture
def ava():
    return ClientFactory(first_name="Ava", last_name="Chen", email="ava@example.org")


@pytest.fixture
def desk():
    return DeskFactory(email="desk@example.org")


def no_show_fee(client, desk, service) -> Invoice:
    appointment = AppointmentFactory(
        client=client,
        service=service,
        start=timezone.now() - timedelta(days=2),
        status=AppointmentStatus.NO_SHOW,
    )
    line = {
        "description": "No-show fee",
        "quantity": 1,
        "unit_price": Decimal("55.00"),
        "tax_rate": 0,
    }
    with transaction.atomic():
        return invoice_issue(
            client=client,
            by=desk,
            lines=[line],
            now=timezone.now(),
            ip=None,
            kind=InvoiceKind.NO_SHOW,
            appointment=appointment,
        )


def checked(page, name: str, found: dict, widths: dict) -> None:
    found[name] = axe_violations(page)
    widths[name] = page.evaluate("document.documentElement.scrollWidth")


def test_the_desks_sale_and_waiver_pages_pass_axe_and_fit_a_phone(
    live_http, page, console_errors, desk, ava, service
):
    PackageProductFactory(service=service)
    MembershipPlanFactory()
    fee = no_show_fee(ava, desk, service)
    sign_in(page, live_http.url, desk.email)
    page.set_viewport_size(PHONE)
    desk_client = f"{live_http.url}/desk/clients/{ava.pk}"
    found, widths = {}, {}

    page.goto(f"{desk_client}/packages/sell/")
    checked(page, "package", found, widths)
    page.get_by_label("Package").select_option(label="Five sessions")
    page.get_by_label("Paid by").select_option("cash")
    page.get_by_role("button", name="Review the sale").click()
    expect(page.get_by_role("heading", name="Confirm the sale")).to_be_visible()
    checked(page, "package confirm", found, widths)

    page.goto(f"{desk_client}/memberships/start/")
    checked(page, "membership", found, widths)
    page.get_by_label("Membership").select_option(label="Monthly care")
    page.get_by_label("Paid by").select_option("card")
    page.get_by_role("button", name="Review the sale").click()
    expect(page.get_by_role("heading", name="Confirm the sale")).to_be_visible()
    checked(page, "membership confirm", found, widths)

    page.goto(f"{desk_client}/gift-cards/sell/")
    checked(page, "gift card", found, widths)
    page.get_by_label("Amount").fill("0")
    page.get_by_role("button", name="Review the sale").click()
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    checked(page, "gift card refused", found, widths)
    page.get_by_label("Amount").fill("75.00")
    page.get_by_label("Paid by").select_option("cash")
    page.get_by_role("button", name="Review the sale").click()
    checked(page, "gift card confirm", found, widths)
    page.get_by_role("button", name="Confirm the sale").click()
    card = GiftCard.objects.get()
    expect(page.locator("#gift-card-code")).to_have_text(card.code)
    checked(page, "gift card page", found, widths)

    page.goto(f"{desk_client}/fees/{fee.pk}/waive/")
    checked(page, "fee waiver", found, widths)

    assert found == dict.fromkeys(found, [])
    assert widths == dict.fromkeys(widths, PHONE["width"])
    # The refused amount's page is a 400, which the browser reports; nothing else.
    refused = f"status of 400 (Bad Request) ({desk_client}/gift-cards/sell/)"
    assert [error for error in console_errors if refused not in error] == []


def test_the_clients_account_and_invoices_pass_axe_and_fit_a_phone(
    live_http, page, console_errors, desk, ava, service
):
    package_sell(client=ava, product=PackageProductFactory(service=service), by=desk, payments=[])
    gift_card_sell(buyer=ava, amount=Decimal("40.00"), by=desk, payments=[])
    no_show_fee(ava, desk, service)
    sign_in(page, live_http.url, ava.email)
    page.set_viewport_size(PHONE)
    found, widths = {}, {}

    page.goto(f"{live_http.url}/account/")
    expect(page.locator("#prepaid")).to_contain_text(
        "5 sessions of Trigger point therapy (60 min) left"
    )
    expect(page.locator("#prepaid")).to_contain_text(GiftCard.objects.get().code)
    checked(page, "account", found, widths)
    page.goto(f"{live_http.url}/invoices/")
    fee = Invoice.objects.get(kind=InvoiceKind.NO_SHOW)
    expect(page.get_by_text(fee.number).first).to_be_visible()
    checked(page, "invoices", found, widths)

    assert found == dict.fromkeys(found, [])
    assert widths == dict.fromkeys(widths, PHONE["width"])
    assert console_errors == []


def fill_row(page, index: int, method: str, amount: str, reference: str = "") -> None:
    page.locator(f"#id_pay-{index}-method").select_option(method)
    page.locator(f"#id_pay-{index}-amount").fill(amount)
    if reference:
        page.locator(f"#id_pay-{index}-reference").fill(reference)


def test_the_desk_sells_a_gift_card_then_a_session_is_paid_partly_with_it(
    live_http, page, console_errors, desk, ava, service
):
    ann = therapist_named("Ann Ash", service, start=time(0), end=time(23, 45))
    arrived = AppointmentFactory(
        client=ava,
        therapist=ann,
        service=service,
        start=(timezone.now() - timedelta(hours=1)).replace(second=0, microsecond=0),
        status=AppointmentStatus.ARRIVED,
    )
    sign_in(page, live_http.url, desk.email)

    page.goto(f"{live_http.url}/desk/clients/{ava.pk}/")
    page.get_by_role("link", name="Sell a gift card").click()
    page.get_by_label("Amount").fill("50.00")
    page.get_by_label("Paid by").select_option("cash")
    page.get_by_role("button", name="Review the sale").click()
    page.get_by_role("button", name="Confirm the sale").click()
    code = page.locator("#gift-card-code").inner_text()
    expect(page.locator("#gift-card-balance")).to_contain_text("50.00")

    page.goto(f"{live_http.url}/desk/appointments/{arrived.pk}/checkout/")
    expect(page.locator("#amount-total")).to_have_text("124.30")
    fill_row(page, 0, "gift_card", "50.00", code.lower())
    fill_row(page, 1, "card", "74.30", "slip 5120")
    page.get_by_role("button", name="Review").click()
    page.get_by_role("button", name="Confirm").click()

    expect(page.locator("#invoice-status")).to_have_text("Paid")
    expect(page.locator("#amount-balance")).to_have_text("0.00")
    expect(page.locator("tr[data-payment]")).to_have_count(2)
    session = Invoice.objects.get(kind=InvoiceKind.SESSION)
    assert session.status == InvoiceStatus.PAID
    card = GiftCard.objects.get(code=code)
    assert card.balance == Decimal("0.00")
    assert [use.payment.invoice_id for use in card.uses.all()] == [session.pk]
    assert console_errors == []
