"""POST .../note/sign/: the author signs a draft once, with its pain scores."""

from datetime import timedelta

import pytest

from clinic.audit.models import AuditEvent
from sessions.models import AppointmentStatus
from sessions.notes.models import NoteStatus, SessionNote

from .api_requests import (
    LOCKED,
    NO_APPOINTMENT,
    NOT_AUTHOR,
    POINT_OUT,
    draft_of,
    note_url,
    post,
    signed_of,
    snapshot,
)
from .note_cast import FIELDS, POINT

pytestmark = pytest.mark.django_db


def test_sign_locks_the_note(cast, frozen):
    draft_of(cast, **FIELDS, points=[POINT])
    frozen.shift(timedelta(minutes=3))

    response = post(cast["people"]["therapist"], note_url(cast["appointment"].pk, "sign/"))

    body = response.json()
    assert response.status_code == 200
    assert (body["status"], body["signed_at"], body["points"]) == (
        "signed",
        "2026-12-01T10:03:00-05:00",
        [POINT_OUT],
    )
    cast["appointment"].refresh_from_db()
    assert cast["appointment"].status == AppointmentStatus.COMPLETED
    assert AuditEvent.objects.filter(action="sign").count() == 1


def test_sign_without_the_pain_scores_is_a_400(cast):
    draft_of(cast, plan="Stretch.")

    response = post(cast["people"]["therapist"], note_url(cast["appointment"].pk, "sign/"))

    assert (response.status_code, response.json()) == (
        400,
        {
            "pain_before": ["Give the pain now, 0-10, before signing."],
            "pain_after": ["Give the pain now, 0-10, before signing."],
        },
    )
    assert SessionNote.objects.get().status == NoteStatus.DRAFT


def test_sign_without_a_note_is_a_404(cast):
    response = post(cast["people"]["therapist"], note_url(cast["appointment"].pk, "sign/"))

    assert (response.status_code, response.json()) == (
        404,
        {"detail": "This session has no note yet."},
    )


def test_sign_again_is_a_403(cast):
    signed_of(cast)
    before = snapshot()

    response = post(cast["people"]["therapist"], note_url(cast["appointment"].pk, "sign/"))

    assert (response.status_code, response.json()) == (403, LOCKED)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("role", "status", "body"),
    [
        ("client", 404, {"detail": "This session has no note yet."}),  # a draft is not hers
        ("admin", 403, NOT_AUTHOR),
        ("other_client", 404, NO_APPOINTMENT),
        ("unrelated_therapist", 404, NO_APPOINTMENT),
    ],
)
def test_sign_by_anyone_but_the_author(cast, role, status, body):
    draft_of(cast, **FIELDS)
    before = snapshot()

    response = post(cast["people"][role], note_url(cast["appointment"].pk, "sign/"))

    assert (response.status_code, response.json()) == (status, body)
    assert snapshot() == before
