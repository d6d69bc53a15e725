"""The audit events of submitting an intake and of clearing one."""

import pytest

from clients.intake.services import intake_clear
from clinic.audit.models import AuditEvent
from tests.factories import TherapistFactory

from .data import NOW
from .versions import refused_clearance, submit

pytestmark = pytest.mark.django_db


def audit_rows() -> list[tuple]:
    return list(
        AuditEvent.objects.order_by("pk").values_list(
            "actor_id", "action", "record_type", "record_id", "at", "ip"
        )
    )


def test_intake_submit_writes_a_create_event(ava):
    intake = submit(ava, ip="203.0.113.9")

    assert audit_rows() == [(ava.pk, "create", "intake.Intake", str(intake.pk), NOW, "203.0.113.9")]


def test_intake_clear_writes_a_create_event_about_the_client(needs_clearance, therapist):
    before = len(audit_rows())

    clearance = intake_clear(
        intake=needs_clearance, by=therapist, note="GP letter.", ip="198.51.100.7"
    )

    assert audit_rows()[before:] == [
        (therapist.pk, "create", "intake.IntakeClearance", str(clearance.pk), NOW, "198.51.100.7")
    ]
    assert AuditEvent.objects.get(record_type="intake.IntakeClearance").subject == (
        needs_clearance.client
    )


def test_intake_clear_refused_writes_no_event(needs_clearance):
    before = audit_rows()

    refused_clearance(needs_clearance, TherapistFactory().user)

    assert audit_rows() == before
