"""An invoice at the desk: its page, payments taken on it, refunds and credit notes; the list
of invoices; the links to them from the calendar and the client's page."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from pytest_django.asserts import assertContains, assertNotContains

from sessions.billing.models import Invoice, InvoiceStatus, Payment
from sessions.billing.services import invoice_credit
from tests.clock import at_clinic, frozen_at
from tests.factories import AppointmentFactory, ClientFactory, DeskFactory
from tests.pages import answer_of, html, http_as
from tests.sessions.desk.money import NOW, TODAY, arrived_session, checked_out, rows

pytestmark = pytest.mark.django_db

frozen = frozen_at(NOW)


@pytest.fixture
def desk_user():
    return DeskFactory(first_name="Dee", last_name="Desk")


@pytest.fixture
def desk(client, desk_user):
    client.force_login(desk_user)
    return client


@pytest.fixture
def ava():
    return arrived_session()


@pytest.fixture
def partly(ava, desk_user) -> Invoice:
    """Ava's 124.30: 50.00 in cash, 24.30 by card; 50.00 owed."""
    return checked_out(ava, desk_user, ("cash", "50.00"), ("card", "24.30"))


def said(response) -> list[str]:
    return [message.message for message in get_messages(response.wsgi_request)]


def test_the_invoice_page_shows_lines_amounts_payments_and_actions(desk, partly):
    response = desk.get(f"/desk/invoices/{partly.pk}/")

    assertContains(response, "<title>Invoice 2026-000001</title>", count=1)
    assertContains(response, 'id="invoice-status">Partly paid</span>', count=1)
    assertContains(response, f'<a href="/desk/clients/{partly.client_id}/">Ava Chen</a>')
    assertContains(response, '<td class="text-end" id="amount-paid">74.30</td>', count=1)
    assertContains(response, '<td class="text-end fw-bold" id="amount-balance">50.00</td>')
    assertContains(
        response,
        "<tr data-payment><td>Tue 1 Dec 2026, 12:00</td><td>Card (terminal)</td>"
        '<td class="text-end">24.30</td><td></td><td>Dee Desk</td></tr>',
        count=1,
    )
    assertContains(response, f'href="/desk/invoices/{partly.pk}/pay/">Take a payment</a>')
    assertContains(response, f'href="/desk/invoices/{partly.pk}/refund/">Refund</a>')
    assertContains(response, f'href="/desk/invoices/{partly.pk}/credit/">Credit note</a>')
    assertContains(
        response, f'href="/api/v1/invoices/{partly.pk}/receipt.pdf" id="receipt-link" download>'
    )


def test_a_paid_invoice_offers_no_payment(desk, ava, desk_user):
    paid = checked_out(ava, desk_user, ("cash", "124.30"))

    response = desk.get(f"/desk/invoices/{paid.pk}/")

    assertContains(response, 'id="invoice-status">Paid</span>', count=1)
    assertNotContains(response, "Take a payment")


def test_someone_elses_role_and_a_missing_invoice_get_nothing(desk, partly):
    as_client = http_as(partly.client).get(f"/desk/invoices/{partly.pk}/")
    missing = desk.get("/desk/invoices/999/")

    assert (as_client.status_code, missing.status_code) == (403, 404)


def test_a_payment_on_the_invoice_is_reviewed_then_taken(desk, partly):
    url = f"/desk/invoices/{partly.pk}/pay/"
    review = desk.post(url, rows(("e_transfer", "50.00", "ET-77")))
    response = desk.post(url, rows(("e_transfer", "50.00", "ET-77"), step="confirm"))

    assertContains(review, "Take CAD 50.00: e-transfer 50.00", count=1)
    assert answer_of(response) == (302, f"/desk/invoices/{partly.pk}/")
    assert said(response) == ["Took CAD 50.00 for invoice 2026-000001."]
    assert partly.status == InvoiceStatus.PAID


@pytest.mark.parametrize(
    ("payments", "message"),
    [([], "Enter at least one payment."), ([("cash", "50.01")], "more than the balance, 50.00")],
)
def test_a_bad_payment_on_the_invoice_is_a_400(desk, partly, payments, message):
    response = desk.post(f"/desk/invoices/{partly.pk}/pay/", rows(*payments, step="confirm"))

    assertContains(response, message, count=1, status_code=400)
    assert Payment.objects.count() == 2


def refund_data(step: str, amount: str = "20.00", method: str = "cash", reason: str = "Cut short"):
    return {"amount": amount, "method": method, "reason": reason, "step": step}


def test_a_refund_is_reviewed_then_paid_back_and_the_status_follows(desk, ava, desk_user):
    paid = checked_out(ava, desk_user, ("cash", "124.30"))
    url = f"/desk/invoices/{paid.pk}/refund/"

    review = desk.post(url, refund_data("review"))
    response = desk.post(url, refund_data("confirm"))

    assertContains(review, "Pay back CAD 20.00 by cash to Ava Chen: Cut short</p>", count=1)
    assert answer_of(response) == (302, f"/desk/invoices/{paid.pk}/")
    assert said(response) == ["Refunded CAD 20.00 by cash."]
    refund = Payment.objects.get(amount__lt=0)
    assert (refund.method, refund.amount, refund.reason) == ("cash", Decimal("-20.00"), "Cut short")
    assert paid.status == InvoiceStatus.PARTLY_PAID
    page = desk.get(f"/desk/invoices/{paid.pk}/")
    assertContains(page, '<td>Refund, Cash</td><td class="text-end">-20.00</td><td>Cut short</td>')


@pytest.mark.parametrize("step", ["review", "confirm"])
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"amount": "50.01"}, "At most 50.00 was paid by cash."),
        ({"amount": "10.00", "method": "e_transfer"}, "At most 0.00 was paid by e-transfer."),
        ({"reason": ""}, "This field is required."),
        ({"amount": "-1"}, "An amount is more than zero."),
        ({"method": "package"}, "Unknown method."),
        ({"method": "gift_card"}, "At most 0.00 was paid by gift card."),
    ],
)
def test_a_bad_refund_is_the_form_again_with_the_reason(desk, partly, data, message, step):
    response = desk.post(f"/desk/invoices/{partly.pk}/refund/", refund_data(step) | data)

    assertContains(response, message, count=1, status_code=400)
    assert Payment.objects.filter(amount__lt=0).count() == 0


def test_a_credit_note_from_the_page_voids_the_invoice(desk, partly):
    confirm = desk.get(f"/desk/invoices/{partly.pk}/credit/")
    response = desk.post(f"/desk/invoices/{partly.pk}/credit/", {"reason": "Wrong service"})

    credit = Invoice.objects.get(credit_of=partly)
    assertContains(confirm, "A credit note of CAD 124.30 voids invoice 2026-000001")
    assert answer_of(response) == (302, f"/desk/invoices/{credit.pk}/")
    assert said(response) == ["Credit note 2026-000002 voids invoice 2026-000001."]
    assert (credit.total, credit.reason, partly.status) == (
        Decimal("-124.30"),
        "Wrong service",
        InvoiceStatus.VOID,
    )
    original = desk.get(f"/desk/invoices/{partly.pk}/")
    assertContains(original, f'<a href="/desk/invoices/{credit.pk}/">Credit note 2026-000002</a>')
    assertNotContains(original, "/credit/")


def test_a_credit_without_a_reason_or_twice_is_refused(desk, desk_user, partly):
    empty = desk.post(f"/desk/invoices/{partly.pk}/credit/", {"reason": " "})
    invoice_credit(invoice=partly, by=desk_user, reason="Wrong service")
    twice = desk.post(f"/desk/invoices/{partly.pk}/credit/", {"reason": "Again"})

    assertContains(empty, "This field is required.", status_code=400)
    assertContains(twice, "This invoice is already credited.", status_code=400)
    assert Invoice.objects.count() == 2


# The list


def issued(desk_user, hour: int, *payments, client=None) -> Invoice:
    return checked_out(arrived_session(hour, client=client), desk_user, *payments)


def listed(response) -> list[int]:
    return [int(pk) for pk in re.findall(r'<tr data-invoice="(\d+)">', html(response))]


def test_the_list_finds_by_status_client_and_day(desk, desk_user):
    ben = ClientFactory(first_name="Ben", last_name="Okafor", email="ben@example.org")
    unpaid = issued(desk_user, 8)
    paid = issued(desk_user, 9, ("cash", "124.30"), client=ben)
    tomorrow = checked_out(
        arrived_session(10, client=ben), desk_user, ("card", "10.00"), now=NOW + timedelta(days=1)
    )

    def found(**query) -> list[int]:
        response = desk.get("/desk/invoices/", query)
        assert response.status_code == 200
        return listed(response)

    assert found() == [tomorrow.pk, paid.pk, unpaid.pk]
    assert found(status="paid") == [paid.pk]
    assert found(status="partly_paid") == [tomorrow.pk]
    assert found(q="okaf") == [tomorrow.pk, paid.pk]
    assert found(q="2026-000001") == [unpaid.pk]
    assert found(client=ben.pk) == [tomorrow.pk, paid.pk]
    assert found(issued_from="2026-12-02") == [tomorrow.pk]
    assert found(issued_to="2026-12-01", q="ben") == [paid.pk]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"status": "lost"}, "Select a valid choice."),
        ({"issued_from": "2026-13-01"}, "Enter a valid date."),
        ({"issued_from": "2026-12-02", "issued_to": "2026-12-01"}, "The last day is on or after"),
    ],
)
def test_bad_filters_show_every_invoice_with_the_reason_and_a_400(desk, partly, query, message):
    response = desk.get("/desk/invoices/", query)

    assertContains(response, message, count=1, status_code=400)
    assert listed(response) == [partly.pk]


@pytest.mark.parametrize("size", [1, 3])
def test_the_list_keeps_its_queries_whatever_its_size(
    desk, desk_user, size, django_assert_num_queries
):
    for hour in range(size):
        issued(desk_user, 8 + hour, ("cash", "10.00"))
    desk.get("/desk/invoices/")

    with django_assert_num_queries(5):  # session, user, two-step device, count, page
        response = desk.get("/desk/invoices/", {"status": "partly_paid", "q": "ava"})

    assert len(listed(response)) == size


def test_the_list_is_paginated(desk, desk_user):
    for _ in range(26):
        issued(desk_user, 11)

    second = desk.get("/desk/invoices/", {"page": "2"})

    assert len(listed(second)) == 1
    assertContains(second, "Page 2 of 2")


# Links to invoices


def test_the_popover_checks_out_a_session_that_took_place_and_then_shows_its_invoice(
    desk, desk_user, ava
):
    later = AppointmentFactory(
        therapist=ava.therapist, service=ava.service, start=at_clinic(TODAY, 15)
    )
    before = desk.get("/desk/")
    invoice = checked_out(ava, desk_user)
    after = desk.get("/desk/")

    assertContains(before, f'href="/desk/appointments/{ava.pk}/checkout/">Check out</a>', count=1)
    assertNotContains(before, f"/desk/appointments/{later.pk}/checkout/")
    assertNotContains(after, "/checkout/")
    assertContains(after, f'href="/desk/invoices/{invoice.pk}/">Invoice</a>', count=1)


@pytest.mark.parametrize("size", [1, 3])
def test_the_calendar_keeps_its_queries_with_invoices(
    desk, desk_user, size, django_assert_num_queries
):
    for hour in range(size):
        checked_out(arrived_session(8 + hour), desk_user)

    with django_assert_num_queries(9):  # session, user, two-step device, the grid's six
        response = desk.get("/desk/")

    assert html(response).count('">Invoice</a>') == size


def test_the_clients_page_lists_their_invoices(desk, partly):
    response = desk.get(f"/desk/clients/{partly.client_id}/")

    assertContains(response, f'<a href="/desk/invoices/{partly.pk}/">2026-000001</a>', count=1)
    assertContains(response, "124.30 &middot; Partly paid, owes 50.00", count=1)
    assertContains(response, f'href="/desk/invoices/?client={partly.client_id}"', count=1)
