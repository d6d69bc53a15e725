"""Each create, change, sign, export and read of a clinical record writes one audit event,
naming who acted, from where, and the client the record is about."""

from datetime import date, timedelta

import pytest
from django.db.models import Max
from django.test import Client
from django.utils import timezone

from clients.intake.models import IntakeClearance
from clinic.accounts.models import Role
from clinic.audit.models import AuditEvent
from sessions.notes.models import NoteAddendum, SessionNote
from tests.api import token_for
from tests.factories import (
    AdminFactory,
    AppointmentFactory,
    CredentialFactory,
    TherapistFactory,
    signed_note,
    submit_intake,
)
from therapists.credentials.models import Credential
from therapists.credentials.services import credential_submit, credential_update

pytestmark = pytest.mark.django_db

NOTE_FIELDS = {
    "subjective": "Headaches twice a week.",
    "objective": "Taut band, left upper trapezius.",
    "assessment": "Myofascial pain.",
    "plan": "Stretches.",
    "pain_before": 6,
    "pain_after": 3,
}


def last_event_id() -> int:
    return AuditEvent.objects.aggregate(last=Max("pk"))["last"] or 0


def events_since(mark: int) -> list[tuple]:
    return list(
        AuditEvent.objects.filter(pk__gt=mark)
        .order_by("pk")
        .values_list("actor", "action", "record_type", "record_id", "subject", "ip")
    )


def signed_in(user) -> Client:
    http = Client()
    http.force_login(user)
    return http


def api_as(user) -> Client:
    return Client(headers={"authorization": f"Token {token_for(user)}"})


@pytest.fixture
def appointment():
    return AppointmentFactory()


@pytest.fixture
def client_user(appointment):
    return appointment.client


@pytest.fixture
def therapist(appointment):
    return appointment.therapist.user


def test_intake_submission_on_the_api_writes_one_create_about_the_client(client_user):
    submit_intake(client_user)  # a first version, so the answers are complete
    answers = api_as(client_user).get("/api/v1/intake/").json()
    mark = last_event_id()

    answers.update(
        consent_treatment=True, consent_privacy=True, signature=client_user.get_full_name()
    )
    response = api_as(client_user).post("/api/v1/intake/", answers, content_type="application/json")

    assert response.status_code == 201
    intake = client_user.intakes.get(version=2)
    assert events_since(mark) == [
        (client_user.pk, "create", "intake.Intake", str(intake.pk), client_user.pk, "127.0.0.1")
    ]


def test_clearance_page_writes_one_create_about_the_client(client_user, therapist):
    intake = submit_intake(client_user, clot_signs=True)
    mark = last_event_id()

    signed_in(therapist).post(
        f"/clients/{client_user.pk}/intake/clearance/", {"note": "GP letter of 3 March."}
    )

    clearance = IntakeClearance.objects.get(intake=intake)
    assert events_since(mark) == [
        (
            therapist.pk,
            "create",
            "intake.IntakeClearance",
            str(clearance.pk),
            client_user.pk,
            "127.0.0.1",
        )
    ]


def test_note_start_page_writes_one_create_about_the_client(appointment, therapist):
    mark = last_event_id()

    signed_in(therapist).post(f"/appointments/{appointment.pk}/note/start/")

    note = SessionNote.objects.get(appointment=appointment)
    assert events_since(mark) == [
        (
            therapist.pk,
            "create",
            "notes.SessionNote",
            str(note.pk),
            appointment.client_id,
            "127.0.0.1",
        )
    ]


def test_note_save_and_sign_on_the_api_write_one_event_each(appointment, therapist):
    # A note is signed once its session has started: this one began an hour ago.
    appointment = AppointmentFactory(
        therapist=appointment.therapist,
        client=appointment.client,
        start=timezone.now() - timedelta(hours=1),
    )
    api = api_as(therapist)
    api.post(f"/api/v1/appointments/{appointment.pk}/note/")
    note = SessionNote.objects.get(appointment=appointment)
    mark = last_event_id()

    saved = api.post(
        f"/api/v1/appointments/{appointment.pk}/note/",
        NOTE_FIELDS,
        content_type="application/json",
    )
    after_save = last_event_id()
    signed = api.post(f"/api/v1/appointments/{appointment.pk}/note/sign/")

    assert (saved.status_code, signed.status_code) == (200, 200)
    about = (str(note.pk), appointment.client_id, "127.0.0.1")
    assert events_since(mark) == [
        (therapist.pk, "change", "notes.SessionNote", *about),
        (therapist.pk, "sign", "notes.SessionNote", *about),
    ]
    assert len(events_since(after_save)) == 1


def test_addendum_page_writes_one_create_about_the_client(appointment, therapist):
    note = signed_note(appointment=appointment)
    mark = last_event_id()

    signed_in(therapist).post(
        f"/appointments/{appointment.pk}/note/addenda/", {"text": "Left side, not right."}
    )

    addendum = NoteAddendum.objects.get(note=note)
    assert events_since(mark) == [
        (
            therapist.pk,
            "create",
            "notes.NoteAddendum",
            str(addendum.pk),
            appointment.client_id,
            "127.0.0.1",
        )
    ]


def test_a_whole_record_export_writes_its_event_and_each_clinical_records(appointment, client_user):
    note = signed_note(appointment=appointment)
    intake = submit_intake(client_user)
    http = signed_in(client_user)
    mark = last_event_id()

    response = http.get("/record/export.json")

    assert response.status_code == 200
    about = (client_user.pk, "127.0.0.1")
    assert events_since(mark) == [
        (client_user.pk, "export", "clinic.User", str(client_user.pk), *about),
        (client_user.pk, "export", "intake.Intake", str(intake.pk), *about),
        (client_user.pk, "export", "notes.SessionNote", str(note.pk), *about),
    ]


def test_reads_name_the_client_they_are_about(appointment, client_user, therapist):
    intake = submit_intake(client_user)
    note = signed_note(appointment=appointment)
    mark = last_event_id()

    signed_in(therapist).get(f"/clients/{client_user.pk}/intake/")
    api_as(therapist).get(f"/api/v1/clients/{client_user.pk}/notes/")

    about = (client_user.pk, "127.0.0.1")
    assert events_since(mark) == [
        (therapist.pk, "read", "intake.Intake", str(intake.pk), *about),
        (therapist.pk, "read", "notes.SessionNote", str(note.pk), *about),
    ]


@pytest.mark.parametrize("decision", ["verify", "reject"])
def test_credential_decision_in_the_admin_writes_one_change_about_the_therapist(decision):
    credential = CredentialFactory(status="pending")
    admin = AdminFactory(role=Role.ADMIN)
    mark = last_event_id()

    signed_in(admin).post(
        "/admin/credentials/credential/",
        {
            "action": decision,
            "_selected_action": [credential.pk],
            "reason": "The number is not on the register.",
        },
    )

    credential.refresh_from_db()
    assert credential.status == {"verify": "verified", "reject": "rejected"}[decision]
    assert events_since(mark) == [
        (
            admin.pk,
            "change",
            "credentials.Credential",
            str(credential.pk),
            credential.therapist.user_id,
            "127.0.0.1",
        )
    ]


def test_credential_submitted_and_changed_by_its_therapist_writes_a_create_then_a_change():
    therapist = TherapistFactory()
    facts = {
        "kind": "licence",
        "number": "RMT-12345",
        "issuing_authority": "CMTO",
        "jurisdiction": "Ontario",
        "issued_on": date(2025, 1, 1),
        "expires_on": date(2027, 1, 1),
    }
    mark = last_event_id()

    credential = credential_submit(
        therapist=therapist, by=therapist.user, fields=facts, ip="10.0.0.8"
    )
    credential_update(
        credential=credential,
        by=therapist.user,
        fields={**facts, "number": "RMT-54321"},
        ip="10.0.0.8",
    )

    expected = [
        (therapist.user_id, action, "credentials.Credential", str(credential.pk))
        + (therapist.user_id, "10.0.0.8")
        for action in ("create", "change")
    ]
    assert events_since(mark) == expected


def test_the_admin_cannot_add_or_delete_a_credential_around_its_history():
    credential = CredentialFactory(status="pending")
    admin = signed_in(AdminFactory(role=Role.ADMIN))

    added = admin.post("/admin/credentials/credential/add/", {})
    deleted = admin.post(f"/admin/credentials/credential/{credential.pk}/delete/", {"post": "yes"})

    assert (added.status_code, deleted.status_code) == (403, 403)
    assert Credential.objects.filter(pk=credential.pk).exists()
