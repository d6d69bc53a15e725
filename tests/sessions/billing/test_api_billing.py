"""The money API: checkout, invoices and credit notes, in the contract's shapes."""

from decimal import Decimal

import pytest

from sessions.billing.models import Invoice
from sessions.billing.services import appointment_checkout
from sessions.models import AppointmentStatus
from tests.api import api_as
from tests.clock import at_clinic
from tests.factories import AdminFactory, AppointmentFactory, ClientFactory

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def checkout(desk, appointment, payments):
    return api_as(desk).post(
        f"/api/v1/appointments/{appointment.pk}/checkout/", {"payments": payments}, format="json"
    )


def test_checkout_answers_the_invoice_in_the_contracts_shape(desk, arrived, therapist):
    licence = therapist.credentials.get(kind="licence")

    response = checkout(
        desk,
        arrived,
        [
            {"method": "cash", "amount": "50.00"},
            {"method": "card", "amount": "24.30", "reference": "4411"},
        ],
    )

    invoice = Invoice.objects.get()
    assert response.status_code == 201
    assert response.json() == {
        "invoice": {
            "id": invoice.pk,
            "number": "2026-000001",
            "client": arrived.client_id,
            "appointment": arrived.pk,
            "issued_at": "2026-12-01T12:00:00-05:00",
            "lines": [
                {
                    "description": f"Trigger point therapy (60 min) with {therapist}, "
                    "Tue 1 Dec 2026, 11:00",
                    "quantity": 1,
                    "unit_price": "110.00",
                    "tax": "14.30",
                    "total": "124.30",
                }
            ],
            "subtotal": "110.00",
            "tax": "14.30",
            "total": "124.30",
            "paid": "74.30",
            "balance": "50.00",
            "status": "partly_paid",
            "therapist_registration": f"{licence.number}, College of Massage Therapists of Ontario",
        }
    }


def test_a_second_checkout_is_a_200_on_the_same_invoice(desk, arrived):
    checkout(desk, arrived, [])

    response = checkout(desk, arrived, [{"method": "e_transfer", "amount": "124.30"}])

    assert (response.status_code, response.json()["invoice"]["status"]) == (200, "paid")
    assert Invoice.objects.count() == 1


@pytest.mark.parametrize(
    ("payment", "field_message"),
    [
        ({"method": "cheque", "amount": "10.00"}, "Unknown payment method: cheque."),
        ({"method": "cash", "amount": "-1.00"}, "A payment is more than zero."),
        ({"method": "cash", "amount": "1.005"}, "Ensure that there are no more than 2 decimal"),
        ({"method": "cash", "amount": "500.00"}, "The payments are more than the balance"),
        ({"method": "cash", "amount": "ten"}, "A valid number is required."),
    ],
)
def test_a_bad_payment_is_a_400_and_nothing_is_issued(desk, arrived, payment, field_message):
    response = checkout(desk, arrived, [payment])

    assert response.status_code == 400
    assert field_message in str(response.json()["payments"])
    assert Invoice.objects.count() == 0


@pytest.mark.parametrize("who", ["client", "therapist"])
def test_only_the_desk_and_admins_check_out(arrived, who):
    user = {"client": arrived.client, "therapist": arrived.therapist.user}[who]

    response = api_as(user).post(f"/api/v1/appointments/{arrived.pk}/checkout/", {}, format="json")

    assert response.status_code == 403


def test_a_missing_appointment_is_a_404(desk):
    response = api_as(desk).post("/api/v1/appointments/999999/checkout/", {}, format="json")

    assert response.status_code == 404


def issued(desk, therapist, service, client, hour: int) -> Invoice:
    appointment = AppointmentFactory(
        client=client,
        therapist=therapist,
        service=service,
        start=at_clinic(TODAY, hour),
        status=AppointmentStatus.ARRIVED,
    )
    return appointment_checkout(appointment=appointment, by=desk, payments=[])[0]


def test_a_client_reads_their_own_invoices_only(desk, therapist, service, ava):
    own = issued(desk, therapist, service, ava, 9)
    other = issued(desk, therapist, service, ClientFactory(), 10)
    api = api_as(ava)

    listed = api.get("/api/v1/invoices/").json()["results"]
    someone_elses = api.get(f"/api/v1/invoices/{other.pk}/")

    assert [invoice["id"] for invoice in listed] == [own.pk]
    assert someone_elses.status_code == 404


def test_the_desk_reads_every_invoice_and_filters_by_client(desk, therapist, service, ava):
    own = issued(desk, therapist, service, ava, 9)
    other = issued(desk, therapist, service, ClientFactory(), 10)
    api = api_as(desk)

    everyone = api.get("/api/v1/invoices/").json()["results"]
    avas = api.get("/api/v1/invoices/", {"client": ava.pk}).json()["results"]
    bad = [api.get("/api/v1/invoices/", {"client": asked}) for asked in ["ava", "9" * 26, "²"]]

    assert sorted(invoice["id"] for invoice in everyone) == sorted([own.pk, other.pk])
    assert [invoice["id"] for invoice in avas] == [own.pk]
    assert [(answer.status_code, answer.json()) for answer in bad] == [
        (400, {"client": ["Unknown client."]})
    ] * 3


@pytest.mark.parametrize("size", [1, 4])
def test_the_invoice_list_keeps_its_queries(
    desk, therapist, service, django_assert_num_queries, size
):
    for hour in range(9, 9 + size):
        issued(desk, therapist, service, ClientFactory(), hour)
    api = api_as(desk)

    # the token's user; the count; the invoices with their amounts; lines; licences
    with django_assert_num_queries(5):
        response = api.get("/api/v1/invoices/")

    assert len(response.json()["results"]) == size


def test_credit_answers_the_credit_note(desk, arrived):
    invoice = appointment_checkout(appointment=arrived, by=desk, payments=[])[0]

    response = api_as(AdminFactory()).post(
        f"/api/v1/invoices/{invoice.pk}/credit/", {"reason": "Wrong service"}, format="json"
    )

    body = response.json()
    assert response.status_code == 201
    assert (body["number"], body["total"], body["status"], body["balance"]) == (
        "2026-000002",
        "-124.30",
        "paid",
        "0.00",
    )
    assert Invoice.objects.get(pk=invoice.pk).status == "void"


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_an_invoice_is_never_changed_through_the_api(desk, arrived, method):
    invoice = appointment_checkout(appointment=arrived, by=desk, payments=[])[0]

    response = getattr(api_as(desk), method)(
        f"/api/v1/invoices/{invoice.pk}/", {"total": "0.00"}, format="json"
    )

    assert response.status_code == 405
    assert Invoice.objects.get(pk=invoice.pk).total == Decimal("124.30")
