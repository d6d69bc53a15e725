"""A credential's history: every step in order with who, when and why, shown on the review
page, and its events never changed or deleted, in the Django admin neither."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.db import IntegrityError, transaction

from tests.clock import frozen_at
from tests.factories import AdminFactory
from tests.therapists.conftest import signed_in
from therapists.credentials.models import CredentialEvent, CredentialEventLocked
from therapists.credentials.services import (
    credential_reject,
    credential_update,
    credential_verify,
)

from .documents import png_upload
from .verification import NOW, pending_licence, review

pytestmark = pytest.mark.django_db


frozen = frozen_at(NOW)


def test_history_keeps_every_step_in_order_with_who_when_and_why(client, admin_user, therapist):
    credential = pending_licence(therapist, number="RMT-1")
    credential_reject(credential=credential, by=admin_user, reason="Blurred scan.")
    with time_machine.travel(NOW + timedelta(hours=1), tick=False):
        credential_update(
            credential=credential, by=therapist.user, fields={}, document=png_upload()
        )
    with time_machine.travel(NOW + timedelta(hours=2), tick=False):
        credential_verify(credential=credential, by=admin_user)

    events = credential.events.values_list("action", "actor", "at", "reason")
    assert list(events) == [
        ("rejected", admin_user.pk, NOW, "Blurred scan."),
        ("changed", therapist.user_id, NOW + timedelta(hours=1), "Changed: document."),
        ("verified", admin_user.pk, NOW + timedelta(hours=2), ""),
    ]
    page = signed_in(client, admin_user).get(review(credential))
    assert re.findall(
        r"<strong>([^<]+)</strong> &middot; ([A-Za-z ]+) by", page.content.decode()
    ) == [
        ("Tue 1 Dec 2026, 10:00", "Rejected"),
        ("Tue 1 Dec 2026, 11:00", "Changed and sent back to verification"),
        ("Tue 1 Dec 2026, 12:00", "Verified"),
    ]


def test_an_event_cannot_be_changed_or_deleted(admin_user, therapist):
    credential = pending_licence(therapist)
    credential_verify(credential=credential, by=admin_user)
    event = credential.events.get()

    event.reason = "Edited afterwards"
    with pytest.raises(CredentialEventLocked):
        event.save()
    with pytest.raises(CredentialEventLocked):
        event.delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        CredentialEvent.objects.filter(pk=event.pk).update(reason="Edited in bulk")

    event.refresh_from_db()
    assert event.reason == ""


def test_events_are_read_only_in_the_django_admin(client, admin_user, therapist):
    credential = pending_licence(therapist)
    credential_verify(credential=credential, by=AdminFactory())
    event = credential.events.get()
    signed_in(client, admin_user)

    change = client.get(f"/admin/credentials/credentialevent/{event.pk}/change/")
    posted = client.post(f"/admin/credentials/credentialevent/{event.pk}/change/", {"reason": "x"})

    assert client.get("/admin/credentials/credentialevent/add/").status_code == 403
    assert client.get(f"/admin/credentials/credentialevent/{event.pk}/delete/").status_code == 403
    assert change.status_code == 200
    assert list(change.context["adminform"].form.fields) == []
    assert posted.status_code == 403
    event.refresh_from_db()
    assert event.reason == ""
