"""The desk or an admin waives a fee with a reason: a credit note of the fee (of its kind),
and an audit event naming the waiver; never a session's invoice, never a paid fee."""

from decimal import Decimal

import pytest

from clinic.audit.models import AuditEvent
from sessions.billing.fees import fee_waive, no_show_fee_charge
from sessions.billing.models import Invoice, InvoiceKind, InvoiceStatus, Payment
from sessions.billing.services import BillingRefused, appointment_checkout
from tests.api import api_as
from tests.factories import AdminFactory, ClientFactory

from .conftest import NOW, TODAY
from .fees import session_on

pytestmark = pytest.mark.django_db

IP = "203.0.113.9"


@pytest.fixture
def fee(ava, therapist, service, desk):
    """Ava's no-show fee for this morning's session: 124.30."""
    missed = session_on(TODAY, 10, client=ava, therapist=therapist, service=service)
    return no_show_fee_charge(appointment=missed, by=desk, now=NOW)


def waive(user, invoice, body):
    return api_as(user).post(f"/api/v1/invoices/{invoice.pk}/waive/", body, format="json")


def test_a_waiver_is_a_credit_note_of_the_fee_of_its_kind(desk, fee):
    credit = fee_waive(invoice=fee, by=desk, reason="  First time; she called  ")

    fee.refresh_from_db()
    assert (credit.kind, credit.credit_of, credit.total, credit.reason) == (
        InvoiceKind.NO_SHOW,
        fee,
        Decimal("-124.30"),
        "First time; she called",
    )
    assert (fee.status, fee.balance) == (InvoiceStatus.VOID, Decimal("0.00"))


def test_a_waiver_is_audited_as_a_waiver(desk, fee):
    fee_waive(invoice=fee, by=desk, reason="Snowstorm", ip=IP)

    events = AuditEvent.objects.filter(record_type="billing.Invoice").order_by("pk")
    assert list(events.values_list("actor", "action", "record_id", "subject", "detail", "ip")) == [
        (desk.pk, "create", str(fee.pk), fee.client_id, "2026-000001: 124.30 CAD", None),
        (
            desk.pk,
            "create",
            str(fee.pk + 1),
            fee.client_id,
            "2026-000002: -124.30 CAD, credits 2026-000001: Snowstorm",
            IP,
        ),
        (
            desk.pk,
            "change",
            str(fee.pk),
            fee.client_id,
            "Waived 2026-000001 (No-show fee) by credit note 2026-000002: Snowstorm",
            IP,
        ),
    ]


def test_a_session_invoice_is_not_a_fee(desk, arrived):
    invoice, _ = appointment_checkout(appointment=arrived, by=desk, payments=[])

    with pytest.raises(BillingRefused, match="^Only a late-cancellation or no-show fee"):
        fee_waive(invoice=invoice, by=desk, reason="Nice client")

    assert Invoice.objects.count() == 1


def test_a_fee_is_waived_once_and_its_credit_note_never(desk, fee):
    credit = fee_waive(invoice=fee, by=desk, reason="Snowstorm")

    with pytest.raises(BillingRefused, match="^This invoice is already credited."):
        fee_waive(invoice=fee, by=desk, reason="Again")
    with pytest.raises(BillingRefused, match="^Only a late-cancellation or no-show fee"):
        fee_waive(invoice=credit, by=desk, reason="Undo")


@pytest.mark.parametrize("who", ["client", "therapist"])
def test_only_the_desk_and_admins_waive(who, fee, therapist):
    user = fee.client if who == "client" else therapist.user

    with pytest.raises(BillingRefused, match="^Only the front desk and clinic admins"):
        fee_waive(invoice=fee, by=user, reason="Please")

    assert Invoice.objects.count() == 1


def test_a_waiver_needs_a_reason(desk, fee):
    with pytest.raises(BillingRefused, match="^Say why"):
        fee_waive(invoice=fee, by=desk, reason=" ")


def test_a_paid_fee_is_refunded_not_waived(desk, fee):
    Payment.objects.create(
        invoice=fee, method="cash", amount="10.00", recorded_at=NOW, recorded_by=desk
    )

    with pytest.raises(BillingRefused, match="^This fee has been paid"):
        fee_waive(invoice=fee, by=desk, reason="Snowstorm")

    assert Invoice.objects.count() == 1


# The API


def test_the_api_answers_the_credit_note_as_credit_does(desk, fee):
    response = waive(desk, fee, {"reason": "Snowstorm"})

    credit = Invoice.objects.get(credit_of=fee)
    assert response.status_code == 201
    assert response.json() == {
        "id": credit.pk,
        "number": "2026-000002",
        "client": fee.client_id,
        "appointment": None,
        "issued_at": "2026-12-01T12:00:00-05:00",
        "lines": [
            {
                "description": "Credit: No-show: Trigger point therapy (60 min) on "
                "Tue 1 Dec 2026, 10:00",
                "quantity": -1,
                "unit_price": "110.00",
                "tax": "-14.30",
                "total": "-124.30",
            }
        ],
        "subtotal": "-110.00",
        "tax": "-14.30",
        "total": "-124.30",
        "paid": "0.00",
        "balance": "0.00",
        "status": "paid",
        "therapist_registration": None,
    }


def test_an_admin_waives_too(fee):
    assert waive(AdminFactory(), fee, {"reason": "Snowstorm"}).status_code == 201


def test_the_api_refuses_a_session_invoice_with_a_400(desk, arrived):
    invoice, _ = appointment_checkout(appointment=arrived, by=desk, payments=[])

    response = waive(desk, invoice, {"reason": "Nice client"})

    assert (response.status_code, response.json()) == (
        400,
        {"invoice": ["Only a late-cancellation or no-show fee is waived."]},
    )


def test_the_api_refuses_no_reason_and_a_second_waiver(desk, fee):
    assert waive(desk, fee, {}).status_code == 400
    assert waive(desk, fee, {"reason": "Snowstorm"}).status_code == 201

    again = waive(desk, fee, {"reason": "Again"})

    assert (again.status_code, again.json()) == (
        400,
        {"reason": ["This invoice is already credited."]},
    )


def test_a_client_may_not_waive_even_their_own_fee(fee):
    assert waive(fee.client, fee, {"reason": "Please"}).status_code == 403
    assert waive(ClientFactory(), fee, {"reason": "Please"}).status_code == 403
    assert Invoice.objects.count() == 1


def test_an_unknown_invoice_is_a_404(desk):
    assert waive(desk, Invoice(pk=999), {"reason": "Snowstorm"}).status_code == 404
