"""What the intake API tests share: a signed-in API client, a whole submission, the reads."""

from rest_framework.test import APIClient

from clinic.audit.models import AuditEvent
from tests.api import token_for
from tests.factories import intake_answers

from .data import CHART

OWN = "/api/v1/intake/"
IP = "203.0.113.9"


def api(user=None) -> APIClient:
    http = APIClient(REMOTE_ADDR=IP)
    if user is not None:
        http.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)}")
    return http


def submission(**changes) -> dict:
    """A POST body: every answer, the chart and the signature of Ava Chen."""
    return {**intake_answers(), "pain_chart": CHART, "signature": "Ava Chen", **changes}


def reads() -> list[tuple]:
    return list(
        AuditEvent.objects.filter(action=AuditEvent.Action.READ)
        .order_by("pk")
        .values_list("actor_id", "record_type", "record_id", "at", "ip")
    )
