"""The client's account page: who they are, and what they may still spend (billing's part)."""

from datetime import timedelta
from decimal import Decimal

import pytest

from sessions.billing.models import ClientPackage
from tests.factories import ClientFactory, DeskFactory, ServiceFactory
from tests.pages import html, http_as
from tests.sessions.billing.conftest import NOW, frozen  # noqa: F401
from tests.sessions.billing.prepaid import sold_gift_card, sold_package, started_membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    return DeskFactory()


@pytest.fixture
def ava():
    return ClientFactory(first_name="Ava", last_name="Chen")


def holdings(client, desk, count: int) -> None:
    service = ServiceFactory(name="Deep tissue", price=Decimal("100.00"))
    for _ in range(count):
        sold_package(client=client, desk=desk, service=service)
        sold_gift_card(buyer=client, desk=desk)
        started_membership(client=client, desk=desk)


def test_the_account_shows_each_balance(desk, ava, frozen):  # noqa: F811
    service = ServiceFactory(name="Deep tissue", duration_minutes=60)
    package = sold_package(client=ava, desk=desk, service=service, name="Five deep")
    ClientPackage.objects.filter(pk=package.pk).update(sessions_left=3)
    bought = sold_gift_card(buyer=ava, desk=desk, amount="40.00")
    given = sold_gift_card(buyer=ClientFactory(), desk=desk, amount="25.00", recipient=ava)
    started_membership(client=ava, desk=desk, name="Monthly care")

    page = html(http_as(ava).get("/account/"))

    assert (
        "Five deep</strong>: 3 sessions of Deep tissue (60 min) left, until Sun 30 May 2027" in page
    )
    assert f"{bought.code}</span></strong>: 40.00 CAD of 40.00 left" in page
    assert f"{given.code}</span></strong>: 25.00 CAD of 25.00 left" in page
    assert "100.00 CAD of 100.00 left from Tue 1 Dec 2026 to Thu 31 Dec 2026" in page


def test_spent_and_expired_are_not_shown(desk, ava, frozen):  # noqa: F811
    sold_gift_card(buyer=ava, desk=desk)
    frozen.move_to(NOW + timedelta(days=400))

    page = html(http_as(ava).get("/account/"))

    assert "Gift card" not in page
    assert "None." in page


def test_someone_elses_gift_card_is_not_shown(desk, ava):
    other = sold_gift_card(buyer=ClientFactory(), desk=desk)

    page = html(http_as(ava).get("/account/"))

    assert other.code not in page


@pytest.mark.parametrize("count", [1, 3])
def test_the_account_keeps_its_queries_as_holdings_grow(
    desk, ava, count, django_assert_num_queries
):
    holdings(ava, desk, count)
    browser = http_as(ava)

    # session, user, packages, memberships, their months, gift cards, the latest invoices
    with django_assert_num_queries(7):
        response = browser.get("/account/")

    assert response.status_code == 200


def test_the_account_offers_the_latest_receipts_to_download(desk, ava):
    cards = [sold_gift_card(buyer=ava, desk=desk, amount=f"{n}0.00") for n in (2, 3, 4, 5)]
    someone_elses = sold_gift_card(buyer=ClientFactory(), desk=desk)

    page = html(http_as(ava).get("/account/"))

    for card in cards[1:]:  # the newest three
        number = card.invoice.number
        assert f'href="/api/v1/invoices/{card.invoice.pk}/receipt.pdf" download' in page
        assert f'Download invoice<span class="visually-hidden"> {number}</span>' in page
    assert cards[0].invoice.number not in page
    assert someone_elses.invoice.number not in page
    assert '<a href="/invoices/">All your invoices and receipts</a>' in page


def test_an_account_without_invoices_says_so(ava):
    page = html(http_as(ava).get("/account/"))

    assert '<p class="text-muted" id="no-invoices">No invoices yet.</p>' in page
