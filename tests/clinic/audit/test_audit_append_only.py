"""Nobody changes or deletes an audit event: not the app, not the admin, not plain SQL."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError
from django.test import Client

from clinic.accounts.models import Role
from clinic.audit.models import AuditEvent, AuditTrailIsAppendOnly
from clinic.audit.services import audit
from tests.factories import AdminFactory, ClientFactory, submit_intake

pytestmark = pytest.mark.django_db


@pytest.fixture
def event() -> AuditEvent:
    client = ClientFactory()
    submit_intake(client, ip="203.0.113.9")
    return AuditEvent.objects.get(subject=client)


@pytest.fixture
def admin_http() -> Client:
    http = Client()
    http.force_login(AdminFactory(role=Role.ADMIN))
    return http


def stored(event: AuditEvent) -> tuple:
    return AuditEvent.objects.filter(pk=event.pk).values_list("action", "ip", "actor").get()


def test_saving_an_existing_event_is_refused(event):
    before = stored(event)
    event.action = AuditEvent.Action.DELETE

    with pytest.raises(AuditTrailIsAppendOnly):
        event.save()

    assert stored(event) == before


def test_deleting_an_event_is_refused(event):
    with pytest.raises(AuditTrailIsAppendOnly):
        event.delete()

    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.parametrize(
    "change",
    [
        lambda events: events.update(ip="192.0.2.1"),
        lambda events: events.delete(),
        lambda events: AuditEvent.objects.bulk_update(list(events), ["ip"]),
    ],
    ids=["update", "delete", "bulk_update"],
)
def test_queryset_changes_are_refused(event, change):
    before = stored(event)

    with pytest.raises(AuditTrailIsAppendOnly), transaction.atomic():
        change(AuditEvent.objects.filter(pk=event.pk))

    assert stored(event) == before


def test_deleting_a_person_in_the_trail_is_refused(event):
    with pytest.raises(ProtectedError):
        event.actor.delete()

    assert stored(event)[2] == event.actor_id


def test_adding_events_still_works(event):
    audit(actor=None, action=AuditEvent.Action.READ, record=event.actor, ip=None)

    assert AuditEvent.objects.count() == 2


def test_the_database_refuses_an_update(event):
    before = stored(event)

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE clinic_auditevent SET ip = '192.0.2.1' WHERE id = %s", [event.pk])

    assert stored(event) == before


@pytest.mark.postgres
def test_postgresql_refuses_a_delete(event):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM clinic_auditevent WHERE id = %s", [event.pk])

    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_admin_lists_events_read_only(admin_http, event):
    page = admin_http.get("/admin/audit/auditevent/")
    detail = admin_http.get(f"/admin/audit/auditevent/{event.pk}/change/")

    assert (page.status_code, detail.status_code) == (200, 200)
    assert b'name="_save"' not in detail.content
    assert b"/delete/" not in detail.content


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/admin/audit/auditevent/{pk}/change/"),
        ("get", "/admin/audit/auditevent/{pk}/delete/"),
        ("post", "/admin/audit/auditevent/{pk}/delete/"),
        ("get", "/admin/audit/auditevent/add/"),
    ],
)
def test_admin_refuses_to_change_delete_or_add(admin_http, event, method, path):
    before = stored(event)

    response = getattr(admin_http, method)(
        path.format(pk=event.pk), {"action": "delete", "ip": "192.0.2.1", "post": "yes"}
    )

    assert response.status_code == 403
    assert stored(event) == before


def test_admin_offers_no_bulk_delete(admin_http, event):
    response = admin_http.post(
        "/admin/audit/auditevent/",
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )

    assert response.status_code in (200, 302)
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.parametrize(
    ("method", "suffix"),
    [("post", "change/"), ("get", "delete/"), ("post", "delete/")],
)
def test_admin_refuses_to_change_or_delete_the_change_history(admin_http, event, method, suffix):
    from auditlog.models import LogEntry

    entry = LogEntry.objects.latest("pk")
    before = LogEntry.objects.count()

    response = getattr(admin_http, method)(
        f"/admin/auditlog/logentry/{entry.pk}/{suffix}", {"post": "yes"}
    )

    assert response.status_code == 403
    assert LogEntry.objects.count() == before
