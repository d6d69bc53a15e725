"""Checking a client out at the desk: the would-be invoice, a split payment, its review, and
the confirmation that issues the invoice and takes the payments."""

import re
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from pytest_django.asserts import assertContains, assertNotContains

from sessions.billing.models import Invoice, InvoiceStatus, Payment
from sessions.models import AppointmentStatus
from tests.clock import at_clinic, frozen_at
from tests.factories import AppointmentFactory, DeskFactory
from tests.pages import answer_of, html
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


def url(appointment) -> str:
    return f"/desk/appointments/{appointment.pk}/checkout/"


def said(response) -> list[str]:
    return [message.message for message in get_messages(response.wsgi_request)]


def method_options(response) -> list[str]:
    return re.findall(
        r'<option value="([^"]*)"',
        html(response).split('name="pay-0-method"')[1].split("</select>")[0],
    )


def test_the_page_shows_the_session_and_the_invoice_it_would_issue(desk, ava):
    response = desk.get(url(ava))

    assert response.status_code == 200
    assertContains(response, "<title>Check out: Ava Chen</title>", count=1)
    assertContains(response, "Tue 1 Dec 2026, 11:00&ndash;12:00", count=1)
    assertContains(response, "Maya Lindqvist", count=2)  # the therapist, and on the line
    assertContains(response, '<td class="text-end" id="amount-tax">14.30</td>', count=1)
    assertContains(response, '<td class="text-end fw-bold" id="amount-total">124.30</td>')
    assertContains(response, '<td class="text-end fw-bold" id="amount-balance">124.30</td>')
    assertContains(response, "<legend", count=3)  # three rows without the script
    assert Invoice.objects.count() == 0


def test_the_methods_offered_are_those_billing_takes(desk, ava):
    offered = method_options(desk.get(url(ava)))

    assert offered == ["", "cash", "card", "e_transfer", "gift_card", "package"]


def test_a_split_payment_is_reviewed_before_anything_is_issued(desk, ava):
    response = desk.post(url(ava), rows(("cash", "50.00"), ("card", "74.30", "slip 4411")))

    assert response.status_code == 200
    assertContains(
        response,
        '<p class="fs-5" id="review-summary">Take CAD 124.30: cash 50.00, card 74.30</p>',
        count=1,
    )
    assertContains(response, 'name="pay-1-reference" value="slip 4411"', count=1)
    assertContains(response, 'name="step" value="confirm"', count=1)
    assert Invoice.objects.count() == 0


def test_confirming_issues_the_invoice_takes_the_payments_and_lands_on_it(desk, desk_user, ava):
    data = rows(("cash", "50.00"), ("card", "74.30", "slip 4411"), step="confirm")

    response = desk.post(url(ava), data)

    invoice = Invoice.objects.get()
    assert answer_of(response) == (302, f"/desk/invoices/{invoice.pk}/")
    assert said(response) == ["Took CAD 124.30 for invoice 2026-000001."]
    assert (invoice.status, invoice.balance) == (InvoiceStatus.PAID, Decimal("0.00"))
    assert list(Payment.objects.values_list("method", "amount", "reference", "recorded_by")) == [
        ("cash", Decimal("50.00"), "", desk_user.pk),
        ("card", Decimal("74.30"), "slip 4411", desk_user.pk),
    ]
    ava.refresh_from_db()
    assert ava.status == AppointmentStatus.COMPLETED


def test_a_partial_payment_then_a_second_checkout_adds_to_the_same_invoice(desk, ava):
    desk.post(url(ava), rows(("cash", "24.30"), step="confirm"))
    invoice = Invoice.objects.get()
    assert invoice.status == InvoiceStatus.PARTLY_PAID

    again = desk.get(url(ava))
    assertContains(again, f'<a href="/desk/invoices/{invoice.pk}/">2026-000001</a>', count=1)
    assertContains(again, '<td class="text-end fw-bold" id="amount-balance">100.00</td>')
    response = desk.post(url(ava), rows(("e_transfer", "100.00"), step="confirm"))

    assert answer_of(response) == (302, f"/desk/invoices/{invoice.pk}/")
    assert Invoice.objects.count() == 1
    assert (invoice.status, invoice.paid) == (InvoiceStatus.PAID, Decimal("124.30"))


def test_no_payment_issues_an_unpaid_invoice_after_its_review(desk, ava):
    review = desk.post(url(ava), rows())
    response = desk.post(url(ava), rows(step="confirm"))

    assertContains(review, "Take no payment now: the balance stays CAD 124.30.")
    assert said(response) == ["Invoice 2026-000001 is issued, unpaid."]
    assert Invoice.objects.get().status == InvoiceStatus.UNPAID


def test_change_brings_back_the_rows_as_filled(desk, ava):
    response = desk.post(url(ava), rows(("cash", "50.00"), step="change"))

    assert response.status_code == 200
    assertContains(response, 'name="pay-0-amount" value="50.00"', count=1)
    assertNotContains(response, 'id="review-summary"')


@pytest.mark.parametrize("step", ["review", "confirm"])
@pytest.mark.parametrize(
    ("payments", "message"),
    [
        ([("cash", "-5.00")], "An amount is more than zero."),
        ([("cash", "0")], "An amount is more than zero."),
        ([("cash", "10.005")], "Amounts have at most two decimals."),
        ([("cash", "ten")], "Enter a number."),
        ([("", "10.00")], "Choose how it was paid."),
        ([("cash", "")], "Enter the amount."),
        ([("bitcoin", "10.00")], "Unknown method."),
        ([("gift_card", "10.00")], "Unknown gift card."),
        (
            [("cash", "100.00"), ("card", "24.31")],
            "The payments are more than the balance, 124.30.",
        ),
    ],
)
def test_bad_payments_are_the_form_again_with_the_reason_and_a_400(
    desk, ava, payments, message, step
):
    response = desk.post(url(ava), rows(*payments, step=step))

    assert response.status_code == 400
    assertContains(response, message, count=1, status_code=400)
    assertNotContains(response, 'id="review-summary"', status_code=400)
    assert (Invoice.objects.count(), Payment.objects.count()) == (0, 0)


def test_a_missing_row_count_is_a_400(desk, ava):
    response = desk.post(url(ava), {"step": "confirm"})

    assert response.status_code == 400
    assert Invoice.objects.count() == 0


def test_a_session_to_come_is_not_checked_out(desk, ava):
    later = AppointmentFactory(
        therapist=ava.therapist, service=ava.service, start=at_clinic(TODAY, 15)
    )

    page = desk.get(url(later))
    response = desk.post(url(later), rows(step="confirm"))

    assertContains(page, "Only a session that took place is checked out.", status_code=400)
    assert (page.status_code, response.status_code) == (400, 400)
    assert Invoice.objects.count() == 0


def test_the_invoice_link_of_a_checked_out_session_reaches_its_page(desk, desk_user, ava):
    invoice = checked_out(ava, desk_user, ("cash", "124.30"))

    response = desk.get(url(ava))

    assertContains(response, '<td class="text-end fw-bold" id="amount-balance">0.00</td>')
    assertContains(response, f'href="/desk/invoices/{invoice.pk}/"', count=1)
