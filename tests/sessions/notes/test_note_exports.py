"""The record's CSV and JSON exports: the notes they carry, to whom, and their audit."""

import csv
import io
import json
from datetime import timedelta

import pytest

from clinic.audit.models import AuditEvent
from tests.factories import SessionNoteFactory, signed_note, submit_intake
from tests.pages import http_as

from .note_cast import NOW
from .page_requests import arrange, send

pytestmark = pytest.mark.django_db


EXPORT_HEADER = [
    "date",
    "service",
    "therapist",
    "status",
    "pain_before",
    "pain_after",
    "subjective",
    "objective",
    "assessment",
    "plan",
    "points",
    "limit_breaches",
    "limit_override_reason",
]


def test_admin_csv_export_has_a_header_and_a_row_per_note(cast):
    signed = arrange(cast, "signed")
    SessionNoteFactory(
        appointment__client=cast["ava"],
        appointment__therapist=cast["appointment"].therapist,
        appointment__service=cast["service"],
        appointment__start=NOW - timedelta(hours=3),
        pain_before=None,
        pain_after=None,
    )

    response = send("export-csv", "admin", cast)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="clinic-record-{cast["ava"].pk}.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == EXPORT_HEADER
    assert rows[1:] == [
        [
            "2026-12-01T07:00:00-05:00",
            str(cast["service"]),
            "Maya Lindqvist",
            "draft",
            "",
            "",
            "Neck stiff after long days at the desk.",
            "Taut band in the upper trapezius; referral to the temple reproduced.",
            "Myofascial pain, improving.",
            "Heat and gentle stretches daily.",
            "",
            "",
            "",
        ],
        [
            "2026-11-30T10:00:00-05:00",
            str(cast["service"]),
            "Maya Lindqvist",
            "signed",
            "6",
            "3",
            signed.subjective,
            signed.objective,
            signed.assessment,
            signed.plan,
            "Upper trapezius (L) Ischemic compression, Released",
            "",
            "",
        ],
    ]


FORMULAS = ["=HYPERLINK(1)", "+SUM(A1)", "-cmd|' /C calc'!A0", "@SUM(A1)", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("text", FORMULAS)
@pytest.mark.parametrize(("export", "role"), [("export-csv", "admin"), ("my-export-csv", "client")])
def test_note_text_a_spreadsheet_would_run_is_written_as_text(cast, text, export, role):
    signed_note(appointment=cast["appointment"], subjective=text, plan="-2.5")

    response = send(export, role, cast)

    row = dict(
        zip(EXPORT_HEADER, list(csv.reader(io.StringIO(response.content.decode())))[1], strict=True)
    )
    assert (row["subjective"], row["plan"]) == ("'" + text, "-2.5")


def test_client_json_export_is_their_whole_record_with_signed_sessions_only(cast):
    submit_intake(cast["ava"])
    arrange(cast, "signed")
    SessionNoteFactory(  # a draft: not the client's to read yet
        appointment__client=cast["ava"],
        appointment__therapist=cast["appointment"].therapist,
        appointment__service=cast["service"],
        appointment__start=NOW - timedelta(hours=3),
    )

    response = send("my-export-json", "client", cast)

    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == (
        f'attachment; filename="clinic-record-{cast["ava"].pk}-2026-12-01.json"'
    )
    body = json.loads(response.content)
    assert list(body) == [
        "exported_at",
        "account",
        "profile",
        "appointments",
        "intakes",
        "session_notes",
        "check_ins",
        "messages",
    ]
    assert [i["version"] for i in body["intakes"]] == [1]
    assert [s["date"] for s in body["session_notes"]] == ["2026-11-30T10:00:00-05:00"]
    assert b"Private." not in response.content
    assert b"therapist_remarks" not in response.content


def test_client_csv_export_of_an_empty_record_has_the_full_header(cast):
    response = send("my-export-csv", "other_client", cast)

    assert list(csv.reader(io.StringIO(response.content.decode()))) == [EXPORT_HEADER]


@pytest.mark.parametrize(("kind", "role"), [("export-json", "admin"), ("my-export-csv", "client")])
def test_export_writes_the_whole_record_and_each_clinical_record_it_carries(cast, kind, role):
    intake = submit_intake(cast["ava"])
    note = arrange(cast, "signed")
    user = cast["people"][role]

    send(kind, role, cast)

    assert sorted(
        AuditEvent.objects.filter(action="export").values_list(
            "actor", "action", "record_type", "record_id", "ip"
        )
    ) == [
        (user.pk, "export", "clinic.User", str(cast["ava"].pk), "127.0.0.1"),
        (user.pk, "export", "intake.Intake", str(intake.pk), "127.0.0.1"),
        (user.pk, "export", "notes.SessionNote", str(note.pk), "127.0.0.1"),
    ]


@pytest.mark.parametrize("path", ["/record/export.xml", "/record/export.", "/record/export.csv/"])
def test_export_in_another_format_is_a_404(cast, path):
    assert http_as(cast["ava"]).get(path).status_code == 404
