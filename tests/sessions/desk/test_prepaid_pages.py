"""The desk sells a package, a gift card and a membership from a client's page, each after a
confirm step, and ends a membership; the client's page lists what they may still spend."""

import re
from decimal import Decimal

import pytest

from sessions.billing.models import (
    ClientPackage,
    GiftCard,
    Invoice,
    InvoiceKind,
    Membership,
    Payment,
)
from tests.factories import (
    ClientFactory,
    DeskFactory,
    MembershipPlanFactory,
    PackageProductFactory,
    ServiceFactory,
)
from tests.pages import html, http_as
from tests.sessions.billing.conftest import NOW, frozen  # noqa: F401
from tests.sessions.billing.prepaid import sold_gift_card, started_membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    return DeskFactory()


@pytest.fixture
def ava():
    return ClientFactory(first_name="Ava", last_name="Chen")


@pytest.fixture
def product():
    service = ServiceFactory(price=Decimal("110.00"), tax_rate=Decimal("13.00"))
    return PackageProductFactory(service=service, name="Five for four and a half")


def test_selling_a_package_asks_to_confirm_first(desk, ava, product):
    form = {"product": product.pk, "method": "card", "reference": "4411"}

    review = http_as(desk).post(f"/desk/clients/{ava.pk}/packages/sell/", form)

    assert review.status_code == 200
    assert "Confirm the sale" in html(review)
    assert "559.35 CAD" in html(review)
    assert (Invoice.objects.count(), ClientPackage.objects.count()) == (0, 0)


def test_a_confirmed_package_sale_issues_its_paid_invoice(desk, ava, product):
    form = {"product": product.pk, "method": "card", "reference": "4411", "confirmed": "yes"}

    response = http_as(desk).post(f"/desk/clients/{ava.pk}/packages/sell/", form)

    package = ClientPackage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/desk/clients/{ava.pk}/"
    assert (package.client, package.sessions_left, package.invoice.kind) == (
        ava,
        5,
        InvoiceKind.PACKAGE,
    )
    assert list(Payment.objects.values_list("method", "amount", "reference")) == [
        ("card", Decimal("559.35"), "4411")
    ]


def test_a_sale_paid_later_leaves_the_invoice_unpaid(desk, ava, product):
    form = {"product": product.pk, "method": "later", "confirmed": "yes"}

    http_as(desk).post(f"/desk/clients/{ava.pk}/packages/sell/", form)

    assert (ClientPackage.objects.get().invoice.balance, Payment.objects.count()) == (
        Decimal("559.35"),
        0,
    )


def test_a_sale_refused_by_the_rules_shows_why(desk, ava, product):
    form = {"product": product.pk, "method": "gift_card", "reference": "nope", "confirmed": "yes"}

    response = http_as(desk).post(f"/desk/clients/{ava.pk}/packages/sell/", form)

    assert response.status_code == 400
    assert "Unknown gift card." in html(response)
    assert Invoice.objects.count() == 0


def test_a_sold_gift_card_shows_its_code(desk, ava):
    form = {"amount": "75.00", "method": "cash", "confirmed": "yes"}

    response = http_as(desk).post(f"/desk/clients/{ava.pk}/gift-cards/sell/", form, follow=True)

    card = GiftCard.objects.get()
    assert response.redirect_chain == [(f"/desk/gift-cards/{card.pk}/", 302)]
    shown = re.search(r'id="gift-card-code">([^<]+)<', html(response))[1]
    assert (shown, card.balance, card.buyer) == (card.code, Decimal("75.00"), ava)


def test_a_gift_card_for_a_client_by_email(desk, ava):
    bea = ClientFactory(email="bea@example.org")
    form = {"amount": "20.00", "recipient": "BEA@example.org", "method": "cash"}

    http_as(desk).post(f"/desk/clients/{ava.pk}/gift-cards/sell/", {**form, "confirmed": "yes"})

    assert GiftCard.objects.get().recipient == bea


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"amount": "2.00", "method": "cash"}, "greater than or equal to 5.00"),
        ({"amount": "20.00", "method": "gift_card"}, "Select a valid choice."),
        ({"amount": "20.00", "method": "cash", "recipient": "x@example.org"}, "No client has"),
    ],
)
def test_a_bad_gift_card_sale_is_the_form_again(desk, ava, form, message):
    response = http_as(desk).post(
        f"/desk/clients/{ava.pk}/gift-cards/sell/", {**form, "confirmed": "yes"}
    )

    assert response.status_code == 400
    assert message in html(response)
    assert GiftCard.objects.count() == 0


def test_starting_a_membership_after_confirming(desk, ava):
    plan = MembershipPlanFactory(name="Monthly care")
    form = {"plan": plan.pk, "method": "e_transfer"}

    review = http_as(desk).post(f"/desk/clients/{ava.pk}/memberships/start/", form)
    done = http_as(desk).post(
        f"/desk/clients/{ava.pk}/memberships/start/", {**form, "confirmed": "yes"}
    )

    assert "Monthly care, its first month" in html(review)
    assert done.status_code == 302
    assert Membership.objects.get().periods.get().invoice.paid == Decimal("90.00")


def test_ending_a_membership_from_its_confirm_page(desk, ava):
    membership = started_membership(client=ava, desk=desk)

    page = http_as(desk).get(f"/desk/memberships/{membership.pk}/end/")
    response = http_as(desk).post(f"/desk/memberships/{membership.pk}/end/")

    membership.refresh_from_db()
    assert "No further month is charged." in html(page)
    assert response.status_code == 302
    assert membership.ended_on == NOW.date()


def test_the_clients_page_lists_what_they_hold_with_the_sales(desk, ava):
    card = sold_gift_card(buyer=ava, desk=desk, amount="30.00")
    started_membership(client=ava, desk=desk)

    page = html(http_as(desk).get(f"/desk/clients/{ava.pk}/"))

    assert f"/desk/clients/{ava.pk}/packages/sell/" in page
    assert f"Gift card {card.code}</a>: 30.00 of 30.00 left, until Wed 1 Dec 2027" in page
    assert "Monthly care:" in page
    assert "100.00 of 100.00 left, Tue 1 Dec 2026 to Thu 31 Dec 2026" in page


def test_an_unknown_client_or_membership_is_a_404(desk):
    assert http_as(desk).get("/desk/clients/999999/packages/sell/").status_code == 404
    assert http_as(desk).get("/desk/memberships/999999/renew/").status_code == 404


def test_charging_the_next_month_after_confirming(desk, ava):
    membership = started_membership(client=ava, desk=desk)
    url = f"/desk/memberships/{membership.pk}/renew/"

    review = http_as(desk).post(url, {"method": "cash"})
    done = http_as(desk).post(url, {"method": "cash", "confirmed": "yes"})

    assert "Monthly care, its next month" in html(review)
    assert done.status_code == 302
    assert list(membership.periods.values_list("starts_on", flat=True)) == [
        NOW.date(),
        NOW.date().replace(year=2027, month=1),
    ]
