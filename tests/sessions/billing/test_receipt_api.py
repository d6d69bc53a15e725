"""GET /api/v1/invoices/ID/receipt.pdf: the PDF for its client, the desk and admins, by
token or by the browser's session; a 404 for anyone else."""

import pytest

from sessions.billing.services import appointment_checkout
from tests.api import api_as
from tests.factories import AdminFactory, ClientFactory, TherapistFactory
from tests.pages import http_as

from .receipt_text import pay, pdf_lines

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoice(desk, arrived):
    return appointment_checkout(appointment=arrived, by=desk, payments=[pay("cash", "124.30")])[0]


def url(invoice) -> str:
    return f"/api/v1/invoices/{invoice.pk}/receipt.pdf"


def test_the_client_downloads_their_receipt_with_a_token(invoice, ava):
    response = api_as(ava).get(url(invoice))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="receipt-2026-000001.pdf"'
    assert "no-store" in response["Cache-Control"]
    assert pdf_lines(response.content)[2:4] == ["Receipt", "Number 2026-000001"]


def test_the_browsers_session_downloads_it_too(invoice, ava):
    response = http_as(ava).get(url(invoice), HTTP_ACCEPT="text/html,*/*;q=0.8")

    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    assert response.content.startswith(b"%PDF-")


@pytest.mark.parametrize("accept", ["application/pdf", "application/json", "image/png"])
def test_any_accept_header_gets_the_pdf(invoice, ava, accept):
    response = api_as(ava).get(url(invoice), HTTP_ACCEPT=accept)

    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")


def test_the_format_parameter_does_not_change_it(invoice, ava):
    response = api_as(ava).get(url(invoice), {"format": "json"})

    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")


@pytest.mark.parametrize("role", ["desk", "admin"])
def test_the_desk_and_admins_download_any_clients(invoice, desk, role):
    user = desk if role == "desk" else AdminFactory()

    response = api_as(user).get(url(invoice))

    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")


@pytest.mark.parametrize("role", ["other_client", "therapist", "own_therapist"])
def test_anyone_else_gets_a_404_that_tells_nothing(invoice, therapist, role):
    user = {
        "other_client": ClientFactory,
        "therapist": lambda: TherapistFactory().user,
        "own_therapist": lambda: therapist.user,
    }[role]()

    response = api_as(user).get(url(invoice))
    unknown = api_as(user).get(f"/api/v1/invoices/{invoice.pk + 100}/receipt.pdf")

    assert (response.status_code, response.json()) == (
        404,
        {"detail": "No Invoice matches the given query."},
    )
    assert (unknown.status_code, unknown.json()) == (response.status_code, response.json())


def test_the_anonymous_are_asked_to_sign_in(invoice):
    response = api_as(None).get(url(invoice))

    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"


def test_an_unpaid_invoice_downloads_as_an_invoice(desk, arrived, ava):
    invoice, _ = appointment_checkout(appointment=arrived, by=desk, payments=[])

    response = api_as(ava).get(url(invoice))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="receipt-2026-000001.pdf"'
    assert pdf_lines(response.content)[2] == "Invoice"


def test_a_write_is_refused(invoice, desk):
    response = api_as(desk).post(url(invoice), {}, format="json")

    assert response.status_code == 405


def test_an_id_beyond_any_row_is_a_404(ava):
    response = api_as(ava).get("/api/v1/invoices/99999999999999999999/receipt.pdf")

    assert response.status_code == 404
