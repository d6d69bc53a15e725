"""Who reaches each note URL and what each answer does; refused outcomes say why."""

import re
from datetime import timedelta
from urllib.parse import quote

import pytest
from pytest_django.asserts import assertContains

from clinic.audit.models import AuditEvent
from sessions.models import AppointmentStatus
from sessions.notes.models import NoteStatus, SessionNote
from tests.pages import answer_of, http_as

from .note_cast import NOW
from .page_requests import arrange, request_for, send, snapshot

pytestmark = pytest.mark.django_db


ROLES = [
    "anonymous",
    "client",
    "other_client",
    "therapist",
    "other_therapist",
    "unrelated_therapist",
    "admin",
]
LOGIN = "redirect to login"
NOTE = "redirect to the note"
MY_RECORD = "redirect to the client's own record"
SIGN = "redirect to the confirm step of signing"

# url kind: (the note's state before the request, the answer for each role, in ROLES' order)
MATRIX = {
    "note-get": (None, (LOGIN, 404, 404, 200, 404, 404, 404)),
    "note-get-draft": ("draft", (LOGIN, 404, 404, 200, 404, 404, 200)),
    "note-get-signed": ("signed", (LOGIN, 200, 404, 200, 200, 404, 200)),
    "start": (None, (LOGIN, 403, 404, NOTE, 403, 404, 403)),
    "start-draft": ("draft", (LOGIN, 403, 404, NOTE, 403, 404, 403)),
    "save-draft": ("draft", (LOGIN, 404, 404, NOTE, 404, 404, 403)),
    "sign-draft": ("draft", (LOGIN, 404, 404, SIGN, 404, 404, 403)),
    "sign-page-draft": ("draft", (LOGIN, 404, 404, 200, 404, 404, 403)),
    "sign-page-signed": ("signed", (LOGIN, 403, 404, 403, 403, 404, 403)),
    "confirm-sign-draft": ("draft", (LOGIN, 404, 404, NOTE, 404, 404, 403)),
    "confirm-sign-signed": ("signed", (LOGIN, 403, 404, 403, 403, 404, 403)),
    "save-signed": ("signed", (LOGIN, 403, 404, 403, 403, 404, 403)),
    "bad-save-draft": ("draft", (LOGIN, 404, 404, 400, 404, 404, 403)),
    "bad-save-signed": ("signed", (LOGIN, 403, 404, 403, 403, 404, 403)),
    "addendum-signed": ("signed", (LOGIN, 403, 404, NOTE, NOTE, 404, NOTE)),
    "addendum-draft": ("draft", (LOGIN, 404, 404, 403, 404, 404, 403)),
    "outcome": ("draft", (LOGIN, 403, 404, NOTE, 403, 404, NOTE)),
    "client-record": ("signed", (LOGIN, MY_RECORD, 404, 200, 200, 404, 200)),
    "my-record": ("signed", (LOGIN, 200, 200, 403, 403, 403, 403)),
    "export-json": ("signed", (LOGIN, 200, 404, 404, 404, 404, 200)),
    "export-csv": ("signed", (LOGIN, 200, 404, 404, 404, 404, 200)),
    "my-export-json": ("signed", (LOGIN, 200, 200, 404, 404, 404, 404)),
    "my-export-csv": ("signed", (LOGIN, 200, 200, 404, 404, 404, 404)),
}
POST_KINDS = [
    "start",
    "start-draft",
    "save-draft",
    "sign-draft",
    "confirm-sign-draft",
    "confirm-sign-signed",
    "save-signed",
    "bad-save-draft",
    "bad-save-signed",
    "addendum-signed",
    "addendum-draft",
    "outcome",
]
# The POSTs that change something, and who may make them.
ACCEPTED = {
    ("start", "therapist"),
    ("save-draft", "therapist"),
    ("sign-draft", "therapist"),
    ("confirm-sign-draft", "therapist"),
    ("addendum-signed", "therapist"),
    ("addendum-signed", "other_therapist"),
    ("addendum-signed", "admin"),
    ("outcome", "therapist"),
    ("outcome", "admin"),
}


def cases(kinds, *, accepted: bool | None = None):
    return [
        pytest.param(kind, role, answer, id=f"{kind}-{role}")
        for kind in kinds
        for role, answer in zip(ROLES, MATRIX[kind][1], strict=True)
        if accepted is None or ((kind, role) in ACCEPTED) == accepted
    ]


def expected_answer(answer, kind: str, cast: dict) -> tuple[int, str | None]:
    _, path, _ = request_for(kind, cast)
    if answer == LOGIN:
        return 302, f"/accounts/login/?next={quote(path, safe='/')}"
    if answer == NOTE:
        return 302, f"/appointments/{cast['appointment'].pk}/note/"
    if answer == MY_RECORD:
        return 302, "/record/"
    if answer == SIGN:
        return 302, f"/appointments/{cast['appointment'].pk}/note/sign/"
    return answer, None


@pytest.mark.parametrize(("kind", "role", "answer"), cases(MATRIX))
def test_note_url_answers_each_role(cast, kind, role, answer):
    arrange(cast, MATRIX[kind][0])

    response = send(kind, role, cast)

    assert answer_of(response) == expected_answer(answer, kind, cast)


@pytest.mark.parametrize(("kind", "role", "answer"), cases(POST_KINDS, accepted=False))
def test_refused_note_post_changes_nothing(cast, kind, role, answer):
    arrange(cast, MATRIX[kind][0])
    before = snapshot()

    send(kind, role, cast)

    assert snapshot() == before


@pytest.mark.parametrize(("kind", "role", "answer"), cases(POST_KINDS, accepted=True))
def test_accepted_note_post_does_its_work(cast, kind, role, answer):
    arrange(cast, MATRIX[kind][0])
    user = cast["people"][role]

    send(kind, role, cast)

    note = SessionNote.objects.filter(appointment=cast["appointment"]).first()
    cast["appointment"].refresh_from_db()
    done = {
        "start": lambda: (note.status, note.author),
        "save-draft": lambda: (note.status, note.plan, note.points.count()),
        "sign-draft": lambda: (note.status, note.plan, cast["appointment"].status),
        "confirm-sign-draft": lambda: (note.status, cast["appointment"].status),
        "addendum-signed": lambda: list(note.addenda.values_list("author", "text")),
        "outcome": lambda: cast["appointment"].status,
    }[kind]()
    assert (
        done
        == {
            "start": (NoteStatus.DRAFT, user),
            "save-draft": (NoteStatus.DRAFT, "Saved plan.", 1),
            # Saved, then the confirm step: nothing is signed yet.
            "sign-draft": (NoteStatus.DRAFT, "Saved plan.", AppointmentStatus.BOOKED),
            "confirm-sign-draft": (NoteStatus.SIGNED, AppointmentStatus.COMPLETED),
            "addendum-signed": [(user.pk, "Left side.")],
            "outcome": AppointmentStatus.COMPLETED,
        }[kind]
    )


@pytest.mark.parametrize(
    "kind", ["note-get", "start", "save-draft", "addendum-signed", "outcome", "client-record"]
)
@pytest.mark.parametrize("role", ["other_client", "unrelated_therapist"])
def test_missing_ids_answer_like_someone_elses(cast, kind, role):
    arrange(cast, MATRIX[kind][0])
    method, path, data = request_for(kind, cast)
    missing = re.sub(r"/\d+/", "/999999/", path, count=1)
    http = http_as(cast["people"][role])

    response = http.post(missing, data) if method == "post" else http.get(missing)

    assert response.status_code == 404


def test_refused_note_page_uses_the_plain_404_page(cast):
    arrange(cast, "signed")

    response = send("note-get-signed", "unrelated_therapist", cast)

    assert [t.name for t in response.templates][0] == "404.html"


def test_note_reads_are_written_to_the_audit_trail(cast):
    note = arrange(cast, "signed")

    send("note-get-signed", "other_therapist", cast)

    assert list(
        AuditEvent.objects.values_list("actor", "action", "record_type", "record_id", "ip")
    ) == [
        (
            cast["people"]["other_therapist"].pk,
            "read",
            "notes.SessionNote",
            str(note.pk),
            "127.0.0.1",
        )
    ]


def test_refused_outcome_says_why(cast):
    arrange(cast, "signed")

    response = http_as(cast["people"]["other_therapist"]).post(
        f"/appointments/{cast['appointment'].pk}/outcome/", {"status": "no_show"}
    )

    assertContains(
        response,
        "Only the session&#x27;s therapist, the front desk or an admin records its outcome.",
        status_code=403,
    )


def test_outcome_before_the_session_starts_is_refused_with_a_message(cast):
    appointment = cast["appointment"]
    appointment.start = NOW + timedelta(hours=1)
    appointment.end = appointment.blocked_until = NOW + timedelta(hours=2)
    appointment.save()

    response = http_as(cast["people"]["therapist"]).post(
        f"/appointments/{appointment.pk}/outcome/", {"status": "no_show"}, follow=True
    )

    assertContains(response, "The session has not started yet.")
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.BOOKED


def test_outcome_of_a_session_awaiting_approval_is_refused_with_a_message(cast):
    appointment = cast["appointment"]
    appointment.status = AppointmentStatus.PENDING_APPROVAL
    appointment.save()

    response = http_as(cast["people"]["therapist"]).post(
        f"/appointments/{appointment.pk}/outcome/", {"status": "completed"}, follow=True
    )

    assertContains(response, "This session still awaits approval: an admin approves or declines")
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.PENDING_APPROVAL
