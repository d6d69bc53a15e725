"""What money costs the desk and the worker (README.md): checking a session out with a split
payment (issuing its numbered invoice, the payments, the audit and the receipt's message),
the checkout through the API, and rendering the receipt's PDF."""

from datetime import timedelta
from decimal import Decimal
from itertools import count

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from sessions.billing.models import Invoice
from sessions.billing.receipts import receipt_pdf
from sessions.billing.selectors import for_receipt
from sessions.billing.services import PaymentIn, appointment_checkout
from sessions.models import AppointmentStatus
from tests.clock import at_clinic
from tests.factories import (
    AppointmentFactory,
    ClientFactory,
    DeskFactory,
    ServiceFactory,
    bookable_therapist,
)

pytestmark = pytest.mark.django_db
SPLIT = [
    PaymentIn(method="cash", amount=Decimal("50.00")),
    PaymentIn(method="card", amount=Decimal("74.30"), reference="terminal 4411"),
]
days_back = count(1)


@pytest.fixture
def service():
    return ServiceFactory(duration_minutes=60, price="110.00", tax_rate="13.00")


@pytest.fixture
def therapist(service):
    return bookable_therapist(service)


def arrived_session(therapist, service):
    """Each round's own session, a day further back than the last (no two overlap)."""
    start = at_clinic(timezone.localdate() - timedelta(days=next(days_back)), 11)
    return AppointmentFactory(
        client=ClientFactory(),
        therapist=therapist,
        service=service,
        start=start,
        status=AppointmentStatus.ARRIVED,
    )


def test_checkout_with_a_split_payment(benchmark, therapist, service):
    desk = DeskFactory()

    def setup():
        return (), {"appointment": arrived_session(therapist, service), "by": desk}

    def checkout(appointment, by):
        return appointment_checkout(appointment=appointment, by=by, payments=SPLIT)

    benchmark.pedantic(checkout, setup=setup, rounds=40, warmup_rounds=2)
    assert Invoice.objects.count() == 42


def test_checkout_through_the_api(benchmark, therapist, service):
    api = APIClient()
    api.force_authenticate(DeskFactory())
    body = {
        "payments": [{"method": "cash", "amount": "50.00"}, {"method": "card", "amount": "74.30"}]
    }

    def setup():
        return (f"/api/v1/appointments/{arrived_session(therapist, service).pk}/checkout/",), {}

    def post(url):
        response = api.post(url, body, format="json")
        assert response.status_code == 201
        return response

    benchmark.pedantic(post, setup=setup, rounds=40, warmup_rounds=2)


def test_receipt_pdf(benchmark, therapist, service):
    appointment = arrived_session(therapist, service)
    invoice, _ = appointment_checkout(appointment=appointment, by=DeskFactory(), payments=SPLIT)
    loaded = for_receipt(Invoice.objects.all()).get(pk=invoice.pk)

    pdf = benchmark.pedantic(receipt_pdf, args=(loaded,), rounds=20, warmup_rounds=1)

    assert pdf.startswith(b"%PDF")
