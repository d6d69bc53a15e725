"""`manage.py seed_demo` makes the clinic's money through billing's services: taxed sessions
checked out in every state, client 5's fees, a package and a gift card partly used, and the
products the desk sells; once, whatever the number of runs, numbered without a gap."""

import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from clinic.accounts.models import User
from clinic.audit.models import AuditEvent
from clinic.catalogue.models import Service
from clinic.messaging.models import Message
from sessions.billing.models import (
    ClientPackage,
    GiftCard,
    Invoice,
    InvoiceKind,
    InvoiceLine,
    InvoiceStatus,
    MembershipPlan,
    PackageProduct,
    Payment,
    PrepaidUse,
)
from tests.clock import frozen_at
from tests.demo_clinic import NOW, consecutive, numbers_by_year

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_clinic")]

PAID, PARTLY, UNPAID = InvoiceStatus.PAID, InvoiceStatus.PARTLY_PAID, InvoiceStatus.UNPAID
SESSION_TOTAL = Decimal("124.30")  # 110.00 and 13% HST

frozen = frozen_at(NOW)


def seed() -> None:
    call_command("seed_demo", password="demo-password-for-tests", stdout=StringIO())


def invoices_of(number: int, *kinds: str) -> list[Invoice]:
    invoices = Invoice.objects.with_amounts().filter(client__email=f"client{number}@demo.clinic")
    return list(invoices.filter(kind__in=kinds).order_by("issued_at", "pk"))


def signed_in_as(email: str) -> Client:
    browser = Client()
    browser.force_login(User.objects.get(email=email))
    return browser


def counts() -> dict[str, int]:
    models = [
        Invoice,
        InvoiceLine,
        Payment,
        ClientPackage,
        GiftCard,
        PrepaidUse,
        PackageProduct,
        MembershipPlan,
        AuditEvent,
        Message,
    ]
    return {model.__name__: model.objects.count() for model in models}


def test_seed_demo_money_session_invoices_are_paid_partly_paid_and_unpaid():
    statuses = {
        number: [invoice.status for invoice in invoices_of(number, InvoiceKind.SESSION)]
        for number in range(1, 6)
    }

    assert statuses == {
        1: [PAID, PAID, PAID, PAID],
        2: [PAID, PAID, PAID, PARTLY],
        3: [],  # no massage until a clearance is recorded
        4: [PAID, PAID, PAID, UNPAID],
        5: [PAID, PAID, PARTLY, UNPAID],
    }
    assert {invoice.total for n in (1, 2, 4, 5) for invoice in invoices_of(n, "session")} == {
        SESSION_TOTAL
    }


def test_seed_demo_money_checkouts_are_the_desks_and_complete_the_sessions():
    sessions = Invoice.objects.filter(kind=InvoiceKind.SESSION).select_related("appointment")

    assert {invoice.issued_by.email for invoice in sessions} == {"desk@demo.clinic"}
    assert {invoice.appointment.status for invoice in sessions} == {"completed"}
    assert all(invoice.issued_at > invoice.appointment.end for invoice in sessions)


def test_seed_demo_money_one_paid_session_was_split_between_cash_and_card():
    split = invoices_of(1, InvoiceKind.SESSION)[1]

    payments = list(split.payments.values_list("method", "amount"))

    assert payments == [("cash", Decimal("50.00")), ("card", Decimal("74.30"))]
    assert split.status == PAID


def test_seed_demo_money_charges_client_fives_no_shows_and_late_cancellation():
    fees = invoices_of(5, InvoiceKind.NO_SHOW, InvoiceKind.LATE_CANCELLATION)

    assert [(fee.kind, fee.total, fee.status) for fee in fees] == [
        (InvoiceKind.NO_SHOW, SESSION_TOTAL, UNPAID),
        (InvoiceKind.NO_SHOW, SESSION_TOTAL, UNPAID),
        (InvoiceKind.LATE_CANCELLATION, Decimal("62.15"), UNPAID),  # half the price, taxed
    ]
    late = fees[-1]
    assert late.appointment.late_cancellation is True
    assert late.issued_at == late.appointment.cancelled_at
    assert late.issued_by.email == "client5@demo.clinic"
    assert Invoice.objects.filter(kind__in=["no_show", "late_cancellation"]).count() == 3


def test_seed_demo_money_client_one_has_a_package_with_four_sessions_left():
    package = ClientPackage.objects.get()
    [use] = package.uses.select_related("payment__invoice")

    assert (package.client.email, package.product.name) == (
        "client1@demo.clinic",
        "Five 60-minute sessions",
    )
    assert (package.product.sessions, package.sessions_left) == (5, 4)
    assert (package.invoice.kind, package.invoice.total, package.invoice.status) == (
        InvoiceKind.PACKAGE,
        Decimal("565.00"),
        PAID,
    )
    assert (use.sessions, use.payment.method, use.payment.invoice.kind) == (1, "package", "session")
    assert use.payment.invoice.issued_at > package.invoice.issued_at


def test_seed_demo_money_client_two_spent_part_of_a_gift_card():
    card = GiftCard.objects.get()
    [use] = card.uses.select_related("payment__invoice")

    assert (card.buyer.email, card.invoice.issued_by.email) == (
        "client2@demo.clinic",
        "desk@demo.clinic",
    )
    assert Decimal("0") < card.balance < card.amount
    assert (card.amount, card.balance) == (Decimal("200.00"), Decimal("75.70"))
    assert (use.amount, use.payment.invoice.kind) == (SESSION_TOTAL, InvoiceKind.SESSION)
    assert use.payment.invoice.issued_at > card.invoice.issued_at


def test_seed_demo_money_services_and_products_are_taxed_at_13_percent():
    taxed = [Service, PackageProduct, MembershipPlan]

    assert {
        model.__name__: set(model.objects.values_list("tax_rate", flat=True)) for model in taxed
    } == {
        "Service": {Decimal("13.00")},
        "PackageProduct": {Decimal("13.00")},
        "MembershipPlan": {Decimal("13.00")},
    }


def test_seed_demo_money_desk_sells_the_packages_and_the_membership_plan():
    desk = signed_in_as("desk@demo.clinic")
    client = User.objects.get(email="client3@demo.clinic")

    packages = desk.get(f"/desk/clients/{client.pk}/packages/sell/")
    memberships = desk.get(f"/desk/clients/{client.pk}/memberships/start/")

    offered = [str(choice[1]) for choice in packages.context["form"].fields["product"].choices]
    assert offered[1:] == ["Five 60-minute sessions", "Ten 30-minute sessions"]
    plans = [str(choice[1]) for choice in memberships.context["form"].fields["plan"].choices]
    assert plans[1:] == ["Monthly care"]


def test_seed_demo_money_invoice_numbers_are_consecutive_in_the_order_issued():
    numbers = numbers_by_year()

    assert numbers == consecutive(numbers)
    assert list(numbers) == ["2026"]
    assert len(numbers["2026"]) == 21  # 16 sessions, 3 fees, a package and a gift card


def test_seed_demo_money_twice_changes_nothing():
    first = counts()

    seed()

    assert counts() == first


def test_seed_demo_money_client_one_sees_invoices_receipts_and_the_package():
    browser = signed_in_as("client1@demo.clinic")
    split = invoices_of(1, InvoiceKind.SESSION)[1]

    invoices = browser.get("/invoices/").content.decode()
    account = browser.get("/account/").content.decode()
    receipt = browser.get(f"/api/v1/invoices/{split.pk}/receipt.pdf")

    listed = set(re.findall(r"\b2026-\d{6}\b", invoices))
    assert listed == set(
        Invoice.objects.filter(client__email="client1@demo.clinic").values_list("number", flat=True)
    )
    assert len(listed) == 5
    assert "4 sessions of Trigger point therapy (60 min) left" in account
    assert (receipt.status_code, receipt["Content-Type"]) == (200, "application/pdf")


def test_seed_demo_money_client_two_sees_the_gift_cards_balance():
    card = GiftCard.objects.get()

    account = signed_in_as("client2@demo.clinic").get("/account/").content.decode()

    assert f"{card.code}</span></strong>: 75.70 CAD of 200.00 left" in account


def test_seed_demo_money_desk_finds_what_is_owed():
    desk = signed_in_as("desk@demo.clinic")

    unpaid = desk.get("/desk/invoices/", {"status": "unpaid"})

    owing = [(invoice.client.email, invoice.kind) for invoice in unpaid.context["page"]]
    assert sorted(owing) == [
        ("client4@demo.clinic", "session"),
        ("client5@demo.clinic", "late_cancellation"),
        ("client5@demo.clinic", "no_show"),
        ("client5@demo.clinic", "no_show"),
        ("client5@demo.clinic", "session"),
    ]
