"""Every invoice, payment and credit note is in the audit trail: who, what, about whom."""

from decimal import Decimal

import pytest

from clinic.audit.models import AuditEvent
from sessions.billing.services import PaymentIn, appointment_checkout, invoice_credit

pytestmark = pytest.mark.django_db

IP = "203.0.113.9"


def trail() -> list[tuple]:
    return list(
        AuditEvent.objects.order_by("pk").values_list(
            "actor", "action", "record_type", "subject_id", "detail", "ip"
        )
    )


def test_checkout_and_credit_are_audited(desk, arrived):
    invoice, _ = appointment_checkout(
        appointment=arrived,
        by=desk,
        payments=[PaymentIn(method="cash", amount=Decimal("20.00"))],
        ip=IP,
    )
    invoice_credit(invoice=invoice, by=desk, reason="Wrong service", ip=IP)

    client = arrived.client_id
    assert trail() == [
        (desk.pk, "create", "billing.Invoice", client, "2026-000001: 124.30 CAD", IP),
        (desk.pk, "create", "billing.Payment", client, "2026-000001: cash 20.00", IP),
        (
            desk.pk,
            "create",
            "billing.Invoice",
            client,
            "2026-000002: -124.30 CAD, credits 2026-000001: Wrong service",
            IP,
        ),
    ]
