"""Who may download a record: a client their own, an admin any client's, no one else."""

import json

import pytest

from clinic.audit.models import AuditEvent
from tests.api import api_as
from tests.pages import http_as

from .export import API, PAGE_JSON, PRINT

pytestmark = pytest.mark.django_db

ACCESS = {
    # role: (API, page JSON, printable page)
    "anonymous": (401, 302, 302),
    "client": (200, 200, 200),
    "other_client": (200, 200, 200),  # their own record, never Ava's
    "therapist": (403, 404, 403),
    "other_therapist": (403, 404, 403),
    "admin": (403, 404, 403),
}


@pytest.mark.parametrize("role", ACCESS)
def test_only_a_client_downloads_and_only_their_own_record(cast, role):
    user = cast["people"][role]

    answers = (
        api_as(user).get(API).status_code,
        http_as(user).get(PAGE_JSON).status_code,
        http_as(user).get(PRINT).status_code,
    )

    assert answers == ACCESS[role]
    if role != "client":
        assert AuditEvent.objects.filter(subject=cast["ava"], action="export").count() == 0


def test_anonymous_pages_redirect_to_sign_in(cast):
    assert http_as(None).get(PRINT)["Location"] == "/accounts/login/?next=/record/print/"


def test_an_admins_export_is_the_same_record_with_the_drafts_they_read(cast):
    ava, admin = cast["ava"], cast["people"]["admin"]
    own = json.loads(http_as(ava).get(PAGE_JSON).content)

    response = http_as(admin).get(f"/clients/{ava.pk}/record.json")

    body = json.loads(response.content)
    assert response["Content-Disposition"] == (
        f'attachment; filename="clinic-record-{ava.pk}-2026-12-01.json"'
    )
    assert list(body) == list(own)
    assert [(n["subjective"], n["signed_at"]) for n in body["session_notes"]] == [
        ("Draft words.", None),
        *[(n["subjective"], n["signed_at"]) for n in own["session_notes"]],
    ]
    assert {k: v for k, v in body.items() if k != "session_notes"} == {
        k: v for k, v in own.items() if k != "session_notes"
    }
