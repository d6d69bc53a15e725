"""Gift cards and package credit through the checkout API (its contract unchanged), and the
desk's look-up of a gift card's balance."""

import pytest

from sessions.billing.models import Invoice
from tests.api import api_as
from tests.factories import ClientFactory

from .prepaid import sold_gift_card, sold_package

pytestmark = pytest.mark.django_db


def checkout(desk, appointment, payments):
    return api_as(desk).post(
        f"/api/v1/appointments/{appointment.pk}/checkout/", {"payments": payments}, format="json"
    )


def test_a_gift_card_and_a_card_pay_a_session(desk, arrived):
    card = sold_gift_card(buyer=ClientFactory(), desk=desk, amount="50.00")

    response = checkout(
        desk,
        arrived,
        [
            {"method": "gift_card", "amount": "20.00", "reference": card.code},
            {"method": "card", "amount": "104.30", "reference": "4411"},
        ],
    )

    invoice = response.json()["invoice"]
    assert response.status_code == 201
    assert sorted(invoice) == [
        "appointment",
        "balance",
        "client",
        "id",
        "issued_at",
        "lines",
        "number",
        "paid",
        "status",
        "subtotal",
        "tax",
        "therapist_registration",
        "total",
    ]
    assert (invoice["paid"], invoice["balance"], invoice["status"]) == ("124.30", "0.00", "paid")


def test_a_package_session_pays_through_the_api(desk, arrived, service):
    sold_package(client=arrived.client, desk=desk, service=service)

    response = checkout(desk, arrived, [{"method": "package", "amount": "124.30", "reference": ""}])

    assert (response.status_code, response.json()["invoice"]["status"]) == (201, "paid")


@pytest.mark.parametrize(
    ("reference", "amount", "message"),
    [
        ("WRNG-CODE-HERE", "20.00", "Unknown gift card."),
        ("", "20.00", "Unknown gift card."),
        ("{code}", "60.00", "has only 50.00 left."),
    ],
)
def test_a_gift_card_refusal_is_a_400(desk, arrived, reference, amount, message):
    card = sold_gift_card(buyer=arrived.client, desk=desk, amount="50.00")
    payment = {
        "method": "gift_card",
        "amount": amount,
        "reference": reference.format(code=card.code),
    }

    response = checkout(desk, arrived, [payment])

    assert response.status_code == 400
    assert response.json()["payments"][0].endswith(message)
    assert Invoice.objects.filter(appointment=arrived).count() == 0


def test_the_desk_reads_a_gift_cards_balance_by_its_code(desk, ava):
    card = sold_gift_card(buyer=ava, desk=desk, amount="40.00")

    response = api_as(desk).get(f"/api/v1/gift-cards/{card.code.lower()}/")

    assert (response.status_code, response.json()) == (
        200,
        {
            "code": card.code,
            "amount": "40.00",
            "balance": "40.00",
            "expires_on": "2027-12-01",
            "expired": False,
        },
    )


def test_an_unknown_code_is_a_404(desk):
    response = api_as(desk).get("/api/v1/gift-cards/ABCD-EFGH-JKLM/")

    assert response.status_code == 404


def test_clients_do_not_look_up_gift_cards(desk, ava):
    card = sold_gift_card(buyer=ava, desk=desk)

    response = api_as(ava).get(f"/api/v1/gift-cards/{card.code}/")

    assert response.status_code == 403
