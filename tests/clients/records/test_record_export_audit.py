"""The audit events of an export: the whole record, and each clinical record it carries."""

import pytest

from clients.intake.models import Intake
from clinic.audit.models import AuditEvent
from sessions.notes.models import SessionNote
from tests.api import api_as
from tests.pages import http_as

from .export import API, NOW, PAGE_JSON, PRINT

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", [API, PAGE_JSON, PRINT])
def test_each_export_writes_the_whole_record_and_each_clinical_record_it_carries(cast, path):
    ava = cast["ava"]
    intakes = Intake.objects.filter(client=ava).order_by("pk")
    note = SessionNote.objects.get(appointment__client=ava, status="signed")  # not the draft

    api_as(ava).get(path) if path == API else http_as(ava).get(path)

    assert sorted(
        AuditEvent.objects.filter(action="export").values_list(
            "actor", "subject", "record_type", "record_id", "detail", "ip", "at"
        )
    ) == [
        (ava.pk, ava.pk, "clinic.User", str(ava.pk), "whole record", "127.0.0.1", NOW),
        *[(ava.pk, ava.pk, "intake.Intake", str(i.pk), "", "127.0.0.1", NOW) for i in intakes],
        (ava.pk, ava.pk, "notes.SessionNote", str(note.pk), "", "127.0.0.1", NOW),
    ]
