"""POST .../note/addenda/: who adds an addendum to a signed note, and bad texts."""

from datetime import timedelta

import pytest

from sessions.notes.models import NoteAddendum

from .api_requests import NO_APPOINTMENT, draft_of, note_url, post, signed_of
from .note_cast import FIELDS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["therapist", "other_therapist", "admin"])
def test_addendum_by_a_therapist_of_the_client_or_an_admin(cast, role):
    signed_of(cast)
    user = cast["people"][role]

    response = post(user, note_url(cast["appointment"].pk, "addenda/"), {"text": " Left side. "})

    addendum = NoteAddendum.objects.get()
    assert response.status_code == 201
    assert response.json()["addenda"] == [
        {
            "id": addendum.pk,
            "author": user.get_full_name(),
            "text": "Left side.",
            "created_at": "2026-12-01T10:00:00-05:00",
        }
    ]
    assert response.json()["status"] == "signed"


def test_addenda_are_listed_in_order(cast, frozen):
    signed_of(cast)
    url = note_url(cast["appointment"].pk, "addenda/")
    post(cast["people"]["therapist"], url, {"text": "First."})
    frozen.shift(timedelta(days=1))
    post(cast["people"]["admin"], url, {"text": "Second."})

    response = post(cast["people"]["therapist"], url, {"text": "Third."})

    assert [a["text"] for a in response.json()["addenda"]] == ["First.", "Second.", "Third."]


def test_addendum_by_the_client_is_a_403(cast):
    signed_of(cast)

    response = post(
        cast["people"]["client"], note_url(cast["appointment"].pk, "addenda/"), {"text": "Mine."}
    )

    assert (response.status_code, response.json()) == (
        403,
        {"detail": "Only the client's therapists and admins add addenda."},
    )
    assert NoteAddendum.objects.count() == 0


@pytest.mark.parametrize("role", ["other_client", "unrelated_therapist"])
def test_addendum_by_a_non_participant_is_a_404(cast, role):
    signed_of(cast)

    response = post(
        cast["people"][role], note_url(cast["appointment"].pk, "addenda/"), {"text": "Mine."}
    )

    assert (response.status_code, response.json()) == (404, NO_APPOINTMENT)
    assert NoteAddendum.objects.count() == 0


def test_addendum_to_a_draft_is_a_403(cast):
    draft_of(cast, **FIELDS)

    response = post(
        cast["people"]["therapist"], note_url(cast["appointment"].pk, "addenda/"), {"text": "x"}
    )

    assert (response.status_code, response.json()) == (
        403,
        {"detail": "A draft is corrected by editing it; addenda are for signed notes."},
    )


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"text": ""}, {"text": ["Write the addendum."]}),
        ({"text": "   "}, {"text": ["Write the addendum."]}),
        ({}, {"text": ["Write the addendum."]}),
        (["text"], {"text": ["Write the addendum."]}),
        ({"text": 42}, {"text": ["Write the addendum as text."]}),
        ({"text": ["a", "b"]}, {"text": ["Write the addendum as text."]}),
        ({"text": None}, {"text": ["Write the addendum as text."]}),
    ],
)
def test_addendum_with_bad_text_is_a_400(cast, body, errors):
    signed_of(cast)

    response = post(cast["people"]["therapist"], note_url(cast["appointment"].pk, "addenda/"), body)

    assert (response.status_code, response.json()) == (400, errors)
    assert NoteAddendum.objects.count() == 0
