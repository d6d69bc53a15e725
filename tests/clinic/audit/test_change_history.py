"""The change history (django-auditlog) of clinical records and of accounts' access: what
changed, by whom, from which address."""

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.utils import timezone

from clinic.accounts.models import Role, User
from sessions.notes.models import SessionNote, TreatedPoint
from tests.api import token_for
from tests.factories import (
    AdminFactory,
    AppointmentFactory,
    ClientFactory,
    CredentialFactory,
    point_fields,
    submit_intake,
)

pytestmark = pytest.mark.django_db

POINT = point_fields(other_muscle="")


def history(model, pk=None) -> list[tuple]:
    entries = LogEntry.objects.get_for_model(model).order_by("pk")
    if pk is not None:
        entries = entries.filter(object_pk=str(pk))
    return list(entries.values_list("action", "actor", "remote_addr"))


def test_note_saved_on_the_api_records_the_token_user_and_the_points():
    appointment = AppointmentFactory()
    therapist = appointment.therapist.user
    api = Client(
        headers={"authorization": f"Token {token_for(therapist)}"}, REMOTE_ADDR="198.51.100.4"
    )

    response = api.post(
        f"/api/v1/appointments/{appointment.pk}/note/",
        {"plan": "Stretches.", "points": [POINT]},
        content_type="application/json",
    )

    assert response.status_code == 200
    note = SessionNote.objects.get(appointment=appointment)
    by_therapist = (therapist.pk, "198.51.100.4")
    assert history(SessionNote, note.pk) == [
        (LogEntry.Action.CREATE, *by_therapist),
        (LogEntry.Action.UPDATE, *by_therapist),
    ]
    assert history(TreatedPoint) == [(LogEntry.Action.CREATE, *by_therapist)]
    assert LogEntry.objects.get_for_object(note).latest("pk").changes_dict["plan"] == [
        "",
        "Stretches.",
    ]


def test_forwarded_for_header_does_not_replace_the_address_seen():
    client = ClientFactory()
    http = Client(REMOTE_ADDR="203.0.113.7", headers={"x-forwarded-for": "192.0.2.66"})
    http.force_login(AdminFactory(role=Role.ADMIN))

    http.post(f"/admin/clinic/user/{client.pk}/change/", user_form(client, is_active=""))

    assert history(User, client.pk)[-1][2] == "203.0.113.7"


def user_form(user: User, **changes) -> dict:
    form = {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "role": user.role,
        "is_active": "on" if user.is_active else "",
        "date_joined_0": timezone.localtime(user.date_joined).strftime("%Y-%m-%d"),
        "date_joined_1": timezone.localtime(user.date_joined).strftime("%H:%M:%S"),
    }
    form.update(changes)
    return {name: value for name, value in form.items() if value != ""}


def test_role_and_active_changes_in_the_admin_are_recorded_with_the_admin():
    client = ClientFactory()
    admin = AdminFactory(role=Role.ADMIN)
    http = Client()
    http.force_login(admin)

    response = http.post(
        f"/admin/clinic/user/{client.pk}/change/",
        user_form(client, role=Role.THERAPIST, is_active=""),
    )

    assert response.status_code == 302
    entry = LogEntry.objects.get_for_object(client).latest("pk")
    assert (entry.action, entry.actor_id) == (LogEntry.Action.UPDATE, admin.pk)
    assert entry.changes_dict == {
        "role": [Role.CLIENT, Role.THERAPIST],
        "is_active": ["True", "False"],
    }


def test_signing_in_records_no_account_change(password):
    client = ClientFactory()
    before = history(User, client.pk)

    Client().post("/accounts/login/", {"username": client.email, "password": password})

    assert User.objects.get(pk=client.pk).last_login is not None
    assert history(User, client.pk) == before


def test_intake_and_credential_changes_are_recorded():
    client = ClientFactory()
    intake = submit_intake(client)
    credential = CredentialFactory(status="pending")
    credential.status = "verified"
    credential.save()

    assert [action for action, *_ in history(type(intake), intake.pk)] == [LogEntry.Action.CREATE]
    assert [action for action, *_ in history(type(credential), credential.pk)] == [
        LogEntry.Action.CREATE,
        LogEntry.Action.UPDATE,
    ]
