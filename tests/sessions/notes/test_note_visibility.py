"""notes_visible_to: which of a client's notes each role reads."""

from datetime import timedelta

import pytest

from sessions.notes.selectors import notes_visible_to
from tests.factories import (
    AdminFactory,
    ClientFactory,
    SessionNoteFactory,
    TherapistFactory,
    signed_note,
)

from .note_cast import SESSION_START

pytestmark = pytest.mark.django_db


@pytest.fixture
def notes_of_ava(ava, therapist, other_therapist, service):
    """Ava's notes: a signed one and a draft by her therapist, a draft by the other one."""
    signed_one = signed_note(
        appointment__client=ava,
        appointment__therapist=therapist,
        appointment__service=service,
        appointment__start=SESSION_START - timedelta(days=7),
    )
    draft_one = SessionNoteFactory(
        appointment__client=ava,
        appointment__therapist=therapist,
        appointment__service=service,
        appointment__start=SESSION_START,
    )
    others_draft = SessionNoteFactory(
        appointment__client=ava,
        appointment__therapist=other_therapist,
        appointment__service=service,
        appointment__start=SESSION_START - timedelta(days=14),
    )
    return {"signed": signed_one, "draft": draft_one, "others_draft": others_draft}


def test_notes_visible_to_each_role(ava, therapist, other_therapist, notes_of_ava):
    n = notes_of_ava
    people = {
        "client": ava,
        "author": therapist.user,
        "other_therapist": other_therapist.user,
        "unrelated_therapist": TherapistFactory().user,
        "other_client": ClientFactory(),
        "admin": AdminFactory(),
    }

    seen = {role: list(notes_visible_to(user, ava.pk)) for role, user in people.items()}

    assert seen == {
        "client": [n["signed"]],
        "author": [n["draft"], n["signed"]],
        "other_therapist": [n["signed"], n["others_draft"]],
        "unrelated_therapist": [],
        "other_client": [],
        "admin": [n["draft"], n["signed"], n["others_draft"]],
    }
